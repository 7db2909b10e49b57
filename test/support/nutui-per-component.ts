import type { Plugin } from 'vite';

/**
 * Does for component tests what babel-plugin-import does in the app's build (babel.config.js):
 * `import { Button } from '@nutui/nutui-react-taro'` → that one component's module, so tests load
 * what the app loads and not the whole UMD bundle (which needs a real canvas).
 */
export function nutuiPerComponent(): Plugin {
  return {
    name: 'nutui-per-component',
    enforce: 'pre',
    transform(code, id) {
      if (id.includes('node_modules') || !code.includes('@nutui/nutui-react-taro')) return null;
      return code.replace(
        /import\s*\{([^}]+)\}\s*from\s*['"]@nutui\/nutui-react-taro['"];?/g,
        (_, names: string) =>
          names
            .split(',')
            .map((n) => n.trim())
            .filter(Boolean)
            .map((n) => `import ${n} from '@nutui/nutui-react-taro/dist/es/packages/${n.toLowerCase()}';`)
            .join('\n'),
      );
    },
  };
}

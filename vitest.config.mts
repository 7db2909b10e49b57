import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { nutuiPerComponent } from './test/support/nutui-per-component';

const here = (p: string) => path.resolve(import.meta.dirname, p);

/**
 * One vitest run, five projects: pure unit tests, client components in jsdom, the API through
 * `inject` on real SQLite files, the weapp build, and the H5 app end to end in Chromium.
 */
export default defineConfig({
  test: {
    reporters: ['default', here('test/support/summary-reporter.ts')],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'client',
          include: ['test/client/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['test/support/client-setup.ts'],
          server: { deps: { inline: [/@tarojs\//, /@nutui\//] } },
        },
        // Inlined Taro packages ship source maps without their sources: not worth a warning each.
        logLevel: 'error',
        plugins: [nutuiPerComponent()],
        resolve: {
          alias: [
            { find: /^@tarojs\/components$/, replacement: '@tarojs/components-react' },
            { find: /^@tarojs\/taro$/, replacement: here('test/support/taro-shim.ts') },
            { find: /^.+\.s?css$/, replacement: here('test/support/empty-style.ts') },
          ],
        },
        define: {
          DEPRECATED_ADAPTER_COMPONENT: 'false',
          ENABLE_INNER_HTML: 'true',
          ENABLE_ADJACENT_HTML: 'true',
          ENABLE_SIZE_APIS: 'true',
          ENABLE_TEMPLATE_CONTENT: 'true',
          ENABLE_CLONE_NODE: 'true',
          ENABLE_CONTAINS: 'true',
          ENABLE_MUTATION_OBSERVER: 'true',
          'process.env.TARO_ENV': '"h5"',
          'process.env.TARO_PLATFORM': '"web"',
          'process.env.TARO_APP_API_BASE': '""',
        },
      },
      { extends: true, test: { name: 'api', include: ['test/api/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'build',
          include: ['test/build/**/*.test.ts'],
          environment: 'node',
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/e2e-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

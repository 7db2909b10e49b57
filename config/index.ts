import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/**
 * Taro build config for both targets. The client lives in `client/`; each target builds into
 * `dist/<target>`. The API base is inlined at build time: empty on H5 (same origin as the page),
 * an absolute URL for the mini-program (WeChat requires https in production).
 */
/** `shared/` sits outside sourceRoot: its TypeScript must go through the same loaders. */
const SHARED_DIR = path.resolve(__dirname, '..', 'shared');

export default defineConfig<'webpack5'>(async (merge) => {
  const isWeapp = process.env.TARO_ENV === 'weapp';
  const apiBase = process.env.TARO_APP_API_BASE ?? (isWeapp ? 'http://127.0.0.1:3000' : '');

  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'xinyuan',
    date: '2026-11-23',
    // NutUI is drawn at 375 wide, our own styles at 750.
    designWidth(input) {
      const file = (input as { file?: string } | undefined)?.file?.replace(/\\+/g, '/') ?? '';
      return file.includes('@nutui/') ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'client',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {},
    env: { TARO_APP_API_BASE: JSON.stringify(apiBase) },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    // Chinese text as UTF-8, not \uXXXX escapes: half the bytes for every Chinese string.
    terser: { enable: true, config: { output: { ascii_only: false } } },
    logger: { quiet: true, stats: false },
    // Mini-program: depth of the recursive templates in base.wxml (default 16). Deeper trees go
    // through Taro's `comp` component, which renders the same. 10 saves ≈16 KB of the main package.
    baseLevel: 10,
    mini: {
      compile: { include: [SHARED_DIR] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      compile: { include: [SHARED_DIR] },
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      devServer: {
        port: 10086,
        proxy: [{ context: ['/api'], target: 'http://127.0.0.1:3000' }],
      },
    },
  };

  return merge({}, baseConfig, process.env.NODE_ENV === 'production' ? prodConfig : devConfig);
});

import type { UserConfigExport } from '@tarojs/cli';

/** `taro build` (npm run build:*, npm start): no source maps shipped, smallest output. */
export default {
  mini: { enableSourceMap: false },
  h5: { enableSourceMap: false },
} satisfies UserConfigExport<'webpack5'>;

import type { UserConfigExport } from '@tarojs/cli';

/** `taro build --watch` (npm run dev): source maps for debugging. */
export default {
  mini: { enableSourceMap: true },
  h5: { enableSourceMap: true },
} satisfies UserConfigExport<'webpack5'>;

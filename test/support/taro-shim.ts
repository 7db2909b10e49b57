// `@tarojs/taro` for component tests in jsdom: the H5 implementations of Taro's APIs.
import * as apis from '@tarojs/plugin-platform-h5/dist/runtime/apis';

export * from '@tarojs/plugin-platform-h5/dist/runtime/apis';
export default { ...apis };

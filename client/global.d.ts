/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5';
    /** Inlined at build time (config/index.ts): '' on H5 (same origin), an absolute URL on weapp. */
    TARO_APP_API_BASE: string;
  }
}

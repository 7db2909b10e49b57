import Taro from '@tarojs/taro';

const KEY = 'xinyuan.session';

/** The session token lives in the app's own storage (mini-program storage / localStorage on H5). */
export function readToken(): string | null {
  const value: unknown = Taro.getStorageSync(KEY);
  return typeof value === 'string' && value ? value : null;
}

export function saveToken(token: string): void {
  Taro.setStorageSync(KEY, token);
}

export function clearToken(): void {
  Taro.removeStorageSync(KEY);
}

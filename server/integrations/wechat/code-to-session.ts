import { z } from 'zod';
import { callWechat } from './wechat-http';

/**
 * WeChat mini-program login: trades the `code` from `wx.login()` for the user's openid through
 * `GET {base}/sns/jscode2session`. Configured by base URL so tests (and a proxy) can stand in for WeChat.
 */

export const WECHAT_API_BASE_URL = 'https://api.weixin.qq.com';
const DEFAULT_TIMEOUT_MS = 5_000;
// Real codes are 32 alphanumerics; anything far from that is refused before spending quota on it.
const CODE_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export interface WechatSession {
  openid: string;
  unionid?: string;
  sessionKey: string;
}

export type WechatLoginErrorKind =
  'invalid_code' | 'code_used' | 'rate_limited' | 'blocked' | 'busy' | 'unavailable';

/** Messages carry only the kind, errcode and WeChat's errmsg: never the secret or a session_key. */
export class WechatLoginError extends Error {
  readonly kind: WechatLoginErrorKind;
  readonly errcode: number | undefined;

  constructor(kind: WechatLoginErrorKind, message: string, errcode?: number) {
    super(message);
    this.name = 'WechatLoginError';
    this.kind = kind;
    this.errcode = errcode;
  }
}

/** WeChat errcode → what the caller can do about it; unknown codes are WeChat's problem, not the user's. */
export function wechatErrorKind(errcode: number): WechatLoginErrorKind {
  switch (errcode) {
    case 40029:
      return 'invalid_code';
    case 40163:
      return 'code_used';
    case 45011:
      return 'rate_limited';
    case 40226:
      return 'blocked';
    case -1:
      return 'busy';
    default:
      return 'unavailable';
  }
}

const successSchema = z.object({
  openid: z.string().min(1),
  session_key: z.string().min(1),
  unionid: z.string().optional(),
});

export function createWechatLoginClient(options: {
  baseUrl?: string;
  appId: string;
  appSecret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): { codeToSession(code: string): Promise<WechatSession> } {
  const endpoint = `${(options.baseUrl ?? WECHAT_API_BASE_URL).replace(/\/+$/, '')}/sns/jscode2session`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const unavailable = (why: string) => new WechatLoginError('unavailable', `WeChat jscode2session ${why}`);

  return {
    async codeToSession(code) {
      if (!CODE_PATTERN.test(code)) {
        throw new WechatLoginError('invalid_code', 'WeChat login code is malformed');
      }
      const url = new URL(endpoint);
      // URLSearchParams percent-encodes every value, so no parameter can smuggle in another.
      url.search = new URLSearchParams({
        appid: options.appId,
        secret: options.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      }).toString();

      const answer = await callWechat(url, {}, { timeoutMs, fetch: doFetch, unavailable });
      if (!answer.ok) {
        throw new WechatLoginError(
          wechatErrorKind(answer.errcode),
          `WeChat jscode2session errcode ${answer.errcode}: ${answer.errmsg}`,
          answer.errcode,
        );
      }
      const session = successSchema.safeParse(answer.body);
      if (!session.success) throw unavailable('answered an unexpected body');
      const { openid, session_key, unionid } = session.data;
      return unionid ? { openid, unionid, sessionKey: session_key } : { openid, sessionKey: session_key };
    },
  };
}

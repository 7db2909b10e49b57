import { z } from 'zod';
import { WECHAT_API_BASE_URL } from './code-to-session';
import { callWechat, type WechatAnswer } from './wechat-http';

/**
 * The mini-program's server-side access token, from WeChat's "stable" interface
 * (`getStableAccessToken`: `POST {base}/cgi-bin/stable_token` with a JSON body). In its normal mode
 * (`force_refresh: false`) WeChat hands back the same token until it expires, so several processes can
 * share one app without invalidating each other's tokens, which the classic `GET /cgi-bin/token` does.
 *
 * The token is cached until shortly before `expires_in` runs out, and concurrent callers share one
 * request. Callers that see WeChat reject a token (40001 / 42001) `invalidate` it and ask again.
 */

const DEFAULT_TIMEOUT_MS = 5_000;
// Stop using a token this long before WeChat says it expires, so none dies in flight.
const SAFETY_MARGIN_S = 300;

export interface WechatAccessTokenSource {
  /** A token believed valid: the cached one, or a fresh one from WeChat. */
  get(): Promise<string>;
  /** WeChat rejected `token`: forget it, unless the cache already holds a newer one. */
  invalidate(token: string): void;
}

/** Messages carry only the errcode and WeChat's errmsg (or a transport reason): never the secret. */
export class WechatAccessTokenError extends Error {
  readonly errcode: number | undefined;

  constructor(message: string, errcode?: number) {
    super(message);
    this.name = 'WechatAccessTokenError';
    this.errcode = errcode;
  }
}

const successSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

/** How long to keep a token WeChat says lives `expiresIn` seconds, in ms. */
function cacheMs(expiresIn: number): number {
  // The stable interface returns the *current* token with its remaining lifetime, which can be under
  // the margin: then keep it for half of what is left rather than asking again on every call.
  const seconds = expiresIn > 2 * SAFETY_MARGIN_S ? expiresIn - SAFETY_MARGIN_S : expiresIn / 2;
  return seconds * 1000;
}

export function createWechatAccessTokenSource(options: {
  baseUrl?: string;
  appId: string;
  appSecret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Clock in ms, for tests. */
  now?: () => number;
}): WechatAccessTokenSource {
  const endpoint = `${(options.baseUrl ?? WECHAT_API_BASE_URL).replace(/\/+$/, '')}/cgi-bin/stable_token`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const unavailable = (why: string, errcode?: number) =>
    new WechatAccessTokenError(`WeChat stable_token ${why}`, errcode);
  // Belt and braces: WeChat does not echo the secret, but nothing from the wire reaches a message unscrubbed.
  const scrub = (text: string) => (options.appSecret ? text.split(options.appSecret).join('[secret]') : text);

  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function request(): Promise<string> {
    const answer = await callWechat(
      endpoint,
      {
        method: 'POST',
        json: {
          grant_type: 'client_credential',
          appid: options.appId,
          secret: options.appSecret,
          force_refresh: false,
        },
      },
      { timeoutMs, fetch: doFetch, unavailable },
    );
    if (!answer.ok) throw unavailable(`errcode ${answer.errcode}: ${scrub(answer.errmsg)}`, answer.errcode);
    const parsed = successSchema.safeParse(answer.body);
    if (!parsed.success) throw unavailable('answered an unexpected body');
    const { access_token: token, expires_in: expiresIn } = parsed.data;
    cached = { token, expiresAt: now() + cacheMs(expiresIn) };
    return token;
  }

  return {
    get() {
      if (cached && now() < cached.expiresAt) return Promise.resolve(cached.token);
      // Single flight: everyone who asks while a request is out waits for that request.
      inflight ??= request().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/** WeChat's answers for an access token it refuses: invalid, expired, not the latest. */
const TOKEN_REJECTED = new Set([40001, 42001, 40014]);

/**
 * POSTs JSON to a WeChat API that takes `?access_token=`: with a token from `tokens`; when WeChat
 * refuses the token it is dropped and the call made once more with a fresh one. `read` turns
 * WeChat's answer into the caller's result, with `scrub` to keep the token (a credential) out of
 * any message. Token trouble and a refused fresh token become `unavailable(...)`.
 */
export async function callWithAccessToken<T>(
  endpoint: string,
  body: object,
  options: {
    tokens: WechatAccessTokenSource;
    timeoutMs: number;
    fetch: typeof fetch;
    unavailable: (why: string, errcode?: number) => Error;
  },
  read: (answer: WechatAnswer, scrub: (text: string) => string) => T,
): Promise<T> {
  const { tokens, unavailable } = options;
  for (let attempt = 1; ; attempt += 1) {
    let token: string;
    try {
      token = await tokens.get();
    } catch (err) {
      const known = err instanceof WechatAccessTokenError ? err : null;
      throw unavailable(`access token unavailable${known ? `: ${known.message}` : ''}`, known?.errcode);
    }
    const url = new URL(endpoint);
    url.search = new URLSearchParams({ access_token: token }).toString();
    const answer = await callWechat(
      url,
      { method: 'POST', json: body },
      { timeoutMs: options.timeoutMs, fetch: options.fetch, unavailable },
    );
    if (!answer.ok && TOKEN_REJECTED.has(answer.errcode)) {
      tokens.invalidate(token);
      if (attempt === 1) continue;
      throw unavailable(`rejected a fresh access token (errcode ${answer.errcode})`, answer.errcode);
    }
    return read(answer, (text) => text.split(token).join('[token]'));
  }
}

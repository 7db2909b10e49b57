import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { callWithAccessToken, type WechatAccessTokenSource } from './access-token';
import { WECHAT_API_BASE_URL } from './code-to-session';

/**
 * WeChat's asynchronous photo check, `mediaCheckAsync` version 2, in two halves:
 * - the request, `POST {base}/wxa/media_check_async?access_token=TOKEN` with JSON
 *   `{media_url, media_type: 2, version: 2, scene, openid}`, answered with `{errcode, errmsg, trace_id}`;
 *   WeChat then downloads `media_url` itself (so it must be reachable from the internet);
 * - the verdict, pushed within 30 minutes to the mini-program's message push URL as the event
 *   `wxa_media_check` `{ToUserName, FromUserName, CreateTime, MsgType: 'event', Event, appid, trace_id,
 *   version: 2, detail: [...], errcode, errmsg, result: {suggest, label}}`, naming the same trace_id.
 * The push is taken in plaintext mode with the JSON data format; it is authenticated by
 * `signature = sha1(sort([token, timestamp, nonce]).join(''))` in its query string.
 */

export type MediaSuggestion = 'pass' | 'review' | 'risky';

export interface MediaChecker {
  /**
   * Asks WeChat to check the image at `mediaUrl`; resolves to the trace id its verdict will name.
   * scene: 1 profile, 2 comment, 3 forum, 4 social log; `openid` must have used the mini-program
   * in the last two hours.
   */
  submit(input: { mediaUrl: string; openid: string; scene: 1 | 2 | 3 | 4 }): Promise<{ traceId: string }>;
}

/** WeChat did not take the request. Messages carry the errcode and WeChat's errmsg only: never a token. */
export class MediaCheckUnavailable extends Error {
  readonly errcode: number | undefined;

  constructor(message: string, errcode?: number) {
    super(message);
    this.name = 'MediaCheckUnavailable';
    this.errcode = errcode;
  }
}

const DEFAULT_TIMEOUT_MS = 5_000;
// 40001 invalid credential, 42001 access_token expired, 40014 invalid access_token.
const MEDIA_TYPE_IMAGE = 2;

const acceptedSchema = z.object({ trace_id: z.string().min(1).max(128) });

export function createWechatMediaChecker(options: {
  baseUrl?: string;
  tokens: WechatAccessTokenSource;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): MediaChecker {
  const endpoint = `${(options.baseUrl ?? WECHAT_API_BASE_URL).replace(/\/+$/, '')}/wxa/media_check_async`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const unavailable = (why: string, errcode?: number) =>
    new MediaCheckUnavailable(`WeChat media_check_async ${why}`, errcode);

  return {
    async submit({ mediaUrl, openid, scene }) {
      const body = { media_url: mediaUrl, media_type: MEDIA_TYPE_IMAGE, version: 2, scene, openid };
      return callWithAccessToken(
        endpoint,
        body,
        { tokens: options.tokens, timeoutMs, fetch: doFetch, unavailable },
        (answer, scrub) => {
          if (!answer.ok)
            throw unavailable(`errcode ${answer.errcode}: ${scrub(answer.errmsg)}`, answer.errcode);
          const accepted = acceptedSchema.safeParse(answer.body);
          if (!accepted.success) throw unavailable('answered an unexpected body');
          return { traceId: accepted.data.trace_id };
        },
      );
    },
  };
}

/** The signature WeChat puts on a message push: sha1 of token, timestamp and nonce, sorted and joined. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/** How far a push's timestamp may be from our clock. */
export const PUSH_MAX_SKEW_S = 5 * 60;

/**
 * True when a push's query string was signed with `token` within PUSH_MAX_SKEW_S of `nowMs`. In
 * plaintext mode the signature does not cover the body, so a fresh timestamp is what keeps an
 * old signed query from being replayed with another body.
 */
export function verifyPushSignature(
  token: string,
  query: { signature: string; timestamp: string; nonce: string },
  nowMs: number,
): boolean {
  const { signature, timestamp, nonce } = query;
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Number(timestamp) - nowMs / 1000) > PUSH_MAX_SKEW_S)
    return false;
  const expected = Buffer.from(pushSignature(token, timestamp, nonce));
  const given = Buffer.from(signature.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The part of a `wxa_media_check` push we act on. */
export interface MediaCheckVerdict {
  appId: string | null;
  traceId: string;
  suggest: MediaSuggestion;
  /** WeChat's label: 100 normal, 20001 politics, 20002 porn, … (sent as a string in practice). */
  label: number | null;
}

const mediaCheckEventSchema = z.object({
  MsgType: z.literal('event'),
  Event: z.literal('wxa_media_check'),
  appid: z.string().max(64).optional(),
  trace_id: z.string().min(1).max(128),
  result: z.object({
    suggest: z.enum(['pass', 'review', 'risky']),
    label: z
      .union([
        z.number().int(),
        z
          .string()
          .regex(/^\d{1,9}$/)
          .transform(Number),
      ])
      .optional(),
  }),
});

/** The verdict in a pushed event, or null when the push is some other event (or malformed). */
export function parseMediaCheckEvent(body: unknown): MediaCheckVerdict | null {
  const event = mediaCheckEventSchema.safeParse(body);
  if (!event.success) return null;
  const { appid, trace_id: traceId, result } = event.data;
  return { appId: appid ?? null, traceId, suggest: result.suggest, label: result.label ?? null };
}

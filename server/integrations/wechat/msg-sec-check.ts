import { z } from 'zod';
import { callWithAccessToken, type WechatAccessTokenSource } from './access-token';
import { WECHAT_API_BASE_URL } from './code-to-session';

/**
 * WeChat's text content-safety check, `msgSecCheck` version 2:
 * `POST {base}/wxa/msg_sec_check?access_token=TOKEN` with JSON `{content, version: 2, scene, openid, title?}`,
 * answered (HTTP 200 either way) with `{errcode, errmsg, trace_id, result: {suggest, label}, detail: [...]}`.
 *
 * WeChat documents the content as at most 2500 characters. Longer text is checked in overlapping
 * pieces and the worst verdict wins (risky > review > pass), so nothing goes unchecked and a word cut by
 * a piece boundary still appears whole in the next piece.
 */

export type ContentSuggestion = 'pass' | 'review' | 'risky';

export interface ContentVerdict {
  suggest: ContentSuggestion;
  /** WeChat's label: 100 normal, 10001 ads, 20001 politics, 20002 porn, 20003 abuse, 20006 crime, … */
  label: number | null;
  /** WeChat's id for the request that produced this verdict (the worst piece, for long text). */
  traceId: string | null;
}

export interface ContentChecker {
  /** scene: 1 profile, 2 comment, 3 forum, 4 social log. `openid` must have used the mini-program lately. */
  check(input: {
    content: string;
    openid: string;
    scene: 1 | 2 | 3 | 4;
    title?: string;
  }): Promise<ContentVerdict>;
}

/** WeChat could not give a verdict. Messages carry the errcode and WeChat's errmsg only: never a token. */
export class ContentCheckUnavailable extends Error {
  readonly errcode: number | undefined;

  constructor(message: string, errcode?: number) {
    super(message);
    this.name = 'ContentCheckUnavailable';
    this.errcode = errcode;
  }
}

/** WeChat's documented upper bound on `content`: 2500 characters (字). */
export const MSG_SEC_CHECK_MAX_CHARS = 2500;
// Each piece after the first repeats this many characters of the previous one.
const CHUNK_OVERLAP = 50;
const DEFAULT_TIMEOUT_MS = 5_000;
// 40001 invalid credential, 42001 access_token expired, 40014 invalid access_token.
const SEVERITY: Record<ContentSuggestion, number> = { pass: 0, review: 1, risky: 2 };

const successSchema = z.object({
  errcode: z.literal(0).optional(),
  trace_id: z.string().optional(),
  result: z.object({
    suggest: z.enum(['pass', 'review', 'risky']),
    label: z.number().int().optional(),
  }),
});

/**
 * Splits `text` into pieces of at most `max` UTF-16 units (never more characters than that, however
 * WeChat counts), each overlapping the previous by `overlap`, never cutting a surrogate pair.
 */
export function splitForCheck(
  text: string,
  max = MSG_SEC_CHECK_MAX_CHARS,
  overlap = CHUNK_OVERLAP,
): string[] {
  if (text.length <= max) return [text];
  const isLowSurrogate = (i: number) => {
    const c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  };
  const pieces: string[] = [];
  let start = 0;
  for (;;) {
    let end = Math.min(start + max, text.length);
    if (end < text.length && isLowSurrogate(end)) end -= 1;
    pieces.push(text.slice(start, end));
    if (end >= text.length) return pieces;
    let next = end - overlap;
    if (isLowSurrogate(next)) next -= 1;
    start = Math.max(next, start + 1);
  }
}

export function createWechatContentChecker(options: {
  baseUrl?: string;
  tokens: WechatAccessTokenSource;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): ContentChecker {
  const endpoint = `${(options.baseUrl ?? WECHAT_API_BASE_URL).replace(/\/+$/, '')}/wxa/msg_sec_check`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const unavailable = (why: string, errcode?: number) =>
    new ContentCheckUnavailable(`WeChat msg_sec_check ${why}`, errcode);

  /** Checks one piece (a refused token is replaced once, see callWithAccessToken). */
  function checkPiece(body: Record<string, unknown>): Promise<ContentVerdict> {
    return callWithAccessToken(
      endpoint,
      body,
      { tokens: options.tokens, timeoutMs, fetch: doFetch, unavailable },
      (answer, scrub) => {
        if (!answer.ok)
          throw unavailable(`errcode ${answer.errcode}: ${scrub(answer.errmsg)}`, answer.errcode);
        const ok = successSchema.safeParse(answer.body);
        if (!ok.success) throw unavailable('answered an unexpected body');
        const { result, trace_id } = ok.data;
        return { suggest: result.suggest, label: result.label ?? null, traceId: trace_id ?? null };
      },
    );
  }

  return {
    async check({ content, openid, scene, title }) {
      // WeChat requires content; a title alone is checked as the content.
      const text = content.length > 0 ? content : (title ?? '');
      if (text.length === 0) return { suggest: 'pass', label: null, traceId: null };
      const withTitle = content.length > 0 && title ? { title } : {};

      let worst: ContentVerdict | undefined;
      const pieces = splitForCheck(text);
      for (const [i, piece] of pieces.entries()) {
        // The title travels with the first piece only: checking it once is enough.
        const body = { content: piece, version: 2, scene, openid, ...(i === 0 ? withTitle : {}) };
        const verdict = await checkPiece(body);
        if (!worst || SEVERITY[verdict.suggest] > SEVERITY[worst.suggest]) worst = verdict;
        // Nothing is worse than risky: the remaining pieces cannot change the answer.
        if (worst.suggest === 'risky') break;
      }
      return worst ?? { suggest: 'pass', label: null, traceId: null };
    },
  };
}

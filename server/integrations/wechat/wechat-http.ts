import { z } from 'zod';

/**
 * One call to a WeChat server API, as all of WeChat's JSON interfaces behave: errors come back as
 * HTTP 200 with `{errcode, errmsg}` (errcode 0 also means success), often labelled text/plain.
 * Transport trouble (network, timeout, non-200, non-JSON) becomes the caller's own "unavailable"
 * error, whose message never carries the request (its URL or body may hold a secret or token).
 * A WeChat errcode is returned for the caller to judge; a success body is returned unparsed.
 */
export type WechatAnswer = { ok: true; body: unknown } | { ok: false; errcode: number; errmsg: string };

const failureSchema = z.object({ errcode: z.number().int(), errmsg: z.string().optional() });

export async function callWechat(
  url: string | URL,
  init: { method?: 'GET' | 'POST'; json?: unknown },
  options: { timeoutMs: number; fetch: typeof fetch; unavailable: (why: string) => Error },
): Promise<WechatAnswer> {
  const { timeoutMs, unavailable } = options;
  let status: number;
  let text: string;
  try {
    const res = await options.fetch(url, {
      method: init.method ?? 'GET',
      ...(init.json !== undefined && {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(init.json),
      }),
      // One signal for the whole exchange: a server that sends headers and then stalls is caught too.
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    // Only the error's name/code: undici causes can embed the request URL.
    const e = err as { name?: string; cause?: { code?: string } };
    const reason = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : 'request failed';
    throw unavailable(`${reason} (${e.cause?.code ?? e.name ?? 'unknown'})`);
  }
  if (status !== 200) throw unavailable(`answered HTTP ${status}`);

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw unavailable('answered a non-JSON body');
  }
  const failure = failureSchema.safeParse(body);
  if (failure.success && failure.data.errcode !== 0) {
    return { ok: false, errcode: failure.data.errcode, errmsg: (failure.data.errmsg ?? '').slice(0, 200) };
  }
  return { ok: true, body };
}

import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * A stand-in for api.weixin.qq.com over real HTTP, so clients are tested through their actual fetch,
 * URL encoding and JSON handling rather than a mocked function. It speaks:
 * - `GET /sns/jscode2session` (login);
 * - `POST /cgi-bin/stable_token` (getStableAccessToken, normal and force_refresh modes);
 * - `POST /wxa/msg_sec_check` (msgSecCheck version 2), judging text by configurable word lists.
 * - `POST /cgi-bin/message/subscribe/send` (subscribeMessage.send), checking keyword values by type.
 * - `POST /wxa/media_check_async` (mediaCheckAsync version 2), answering a trace id; the verdict is
 *   pushed later, on the test's cue, by `pushMediaCheckResult` (WeChat's message push, JSON, signed).
 * Like WeChat, every answer is JSON labelled text/plain, and errors still answer HTTP 200.
 */
export interface FakeWechat {
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** Mints a one-time code, as `wx.login()` would, for this openid. */
  issueCode(openid: string, opts?: { unionid?: string }): string;
  /** The next jscode2session request answers this error instead (once). */
  setNextError(errcode: number, errmsg?: string): void;
  /**
   * Every request received, in order; `rawQuery` is the query string exactly as sent on the wire,
   * `body` the parsed JSON body of a POST (undefined for GET or a body that is not JSON).
   */
  requests: {
    method: string;
    path: string;
    query: Record<string, string>;
    rawQuery: string;
    body?: unknown;
  }[];

  /** Access tokens minted by stable_token so far (normal mode reuses a live one instead). */
  readonly tokensIssued: number;
  /** Expires every token issued so far: msg_sec_check answers 42001 for them, stable_token mints anew. */
  expireTokens(): void;
  /** The next stable_token request answers this error instead (once). */
  setNextTokenError(errcode: number, errmsg?: string): void;
  /** Text containing any of these is `risky` (label 20001). Mutable. */
  riskyWords: string[];
  /** Text containing any of these (and no risky word) is `review` (label 10001). Mutable. */
  reviewWords: string[];
  /** The next msg_sec_check request with a valid token answers this error instead (once). */
  setNextSecCheckError(errcode: number, errmsg?: string): void;
  /** msg_sec_check waits this long before answering (0: at once), to test client timeouts. */
  setSecCheckDelay(ms: number): void;
  /** Subscription messages WeChat accepted (and would deliver), in order. */
  subscribeMessages: {
    touser: string;
    template_id: string;
    page?: string;
    data: Record<string, { value: string }>;
  }[];
  /** This openid has not allowed (or has used up) subscription messages: subscribe/send answers 43101. */
  refuseSubscriptions(openid: string): void;
  /** The next subscribe/send request with a valid token answers this error instead (once). */
  setNextSubscribeError(errcode: number, errmsg?: string): void;
  /** subscribe/send waits this long before answering (0: at once), so concurrent senders overlap. */
  setSubscribeDelay(ms: number): void;
  /** Photo checks WeChat accepted (media_check_async), in order. */
  mediaChecks: { traceId: string; mediaUrl: string; mediaType: number; openid: string; scene: number }[];
  /** The next media_check_async request with a valid token answers this error instead (once). */
  setNextMediaCheckError(errcode: number, errmsg?: string): void;
  /**
   * Delivers a `wxa_media_check` verdict as WeChat's message push does (plaintext mode, JSON body):
   * a POST to `url` with `signature`, `timestamp` and `nonce` in the query, signed with the push
   * `token` unless `signature` is given. Resolves to the answer's status and text.
   */
  pushMediaCheckResult(push: {
    url: string;
    token: string;
    traceId: string;
    suggest: 'pass' | 'review' | 'risky';
    label?: number;
    /** Epoch seconds (default: now). */
    timestamp?: number;
    signature?: string;
  }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** The fake refuses content longer than WeChat's documented 2500-character limit (counted in code points). */
export const FAKE_MSG_SEC_CHECK_MAX_CHARS = 2500;
const TOKEN_LIFETIME_S = 7200;

interface Issued {
  token: string;
  expiresAt: number;
  expired: boolean;
}

export async function startFakeWechat(
  options: { appId?: string; appSecret?: string; riskyWords?: string[]; reviewWords?: string[] } = {},
): Promise<FakeWechat> {
  const appId = options.appId ?? 'wx-fake-app-id';
  const appSecret = options.appSecret ?? 'fake-app-secret';
  const codes = new Map<string, { openid: string; unionid?: string; used: boolean }>();
  const requests: FakeWechat['requests'] = [];
  const tokens = new Map<string, Issued>();
  let current: Issued | undefined;
  let tokensIssued = 0;
  let nextError: { errcode: number; errmsg: string } | undefined;
  let nextTokenError: { errcode: number; errmsg: string } | undefined;
  let nextSecCheckError: { errcode: number; errmsg: string } | undefined;
  let secCheckDelayMs = 0;
  const subscribeMessages: FakeWechat['subscribeMessages'] = [];
  const refusingOpenids = new Set<string>();
  let nextSubscribeError: { errcode: number; errmsg: string } | undefined;
  let subscribeDelayMs = 0;
  const mediaChecks: FakeWechat['mediaChecks'] = [];
  let nextMediaCheckError: { errcode: number; errmsg: string } | undefined;
  const timers = new Set<NodeJS.Timeout>();

  let riskyWords = [...(options.riskyWords ?? [])];
  let reviewWords = [...(options.reviewWords ?? [])];
  const rid = () => `rid: ${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;

  function jscode2session(query: Record<string, string>): object {
    if (nextError) {
      const err = nextError;
      nextError = undefined;
      return err;
    }
    if (query.appid !== appId) return { errcode: 40013, errmsg: 'invalid appid' };
    if (query.secret !== appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    if (query.grant_type !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' };
    const issued = codes.get(query.js_code ?? '');
    if (!issued) return { errcode: 40029, errmsg: 'invalid code' };
    if (issued.used) return { errcode: 40163, errmsg: 'code been used' };
    issued.used = true;
    const sessionKey = randomBytes(16).toString('base64');
    return {
      openid: issued.openid,
      session_key: sessionKey,
      ...(issued.unionid ? { unionid: issued.unionid } : {}),
    };
  }

  function stableToken(body: Record<string, unknown> | undefined): object {
    if (!body) return { errcode: 47001, errmsg: `data format error ${rid()}` };
    if (nextTokenError) {
      const err = nextTokenError;
      nextTokenError = undefined;
      return err;
    }
    if (body.grant_type !== 'client_credential')
      return { errcode: 40002, errmsg: `invalid grant_type ${rid()}` };
    if (typeof body.appid !== 'string' || !body.appid)
      return { errcode: 41002, errmsg: `appid missing ${rid()}` };
    if (body.appid !== appId) return { errcode: 40013, errmsg: `invalid appid ${rid()}` };
    if (typeof body.secret !== 'string' || !body.secret)
      return { errcode: 41004, errmsg: `appsecret missing ${rid()}` };
    if (body.secret !== appSecret) return { errcode: 40125, errmsg: `invalid appsecret ${rid()}` };
    const now = Date.now();
    // Normal mode: the live token again, with what is left of its lifetime. Force refresh: a new one,
    // and the previous one stops working.
    if (body.force_refresh === true && current) current.expired = true;
    if (!current || current.expired || current.expiresAt <= now) {
      current = {
        token: randomBytes(24).toString('base64url'),
        expiresAt: now + TOKEN_LIFETIME_S * 1000,
        expired: false,
      };
      tokens.set(current.token, current);
      tokensIssued += 1;
    }
    return { access_token: current.token, expires_in: Math.floor((current.expiresAt - now) / 1000) };
  }

  function verdict(content: string): {
    suggest: 'pass' | 'review' | 'risky';
    label: number;
    keyword?: string;
  } {
    const risky = riskyWords.find((w) => w && content.includes(w));
    if (risky) return { suggest: 'risky', label: 20001, keyword: risky };
    const review = reviewWords.find((w) => w && content.includes(w));
    if (review) return { suggest: 'review', label: 10001, keyword: review };
    return { suggest: 'pass', label: 100 };
  }

  /** WeChat's answer to a missing, unknown or expired access token; null for a live one. */
  function tokenRefusal(token: string | undefined): object | null {
    if (!token) return { errcode: 41001, errmsg: `access_token missing ${rid()}` };
    const issued = tokens.get(token);
    if (!issued) {
      return { errcode: 40001, errmsg: `invalid credential, access_token is invalid or not latest ${rid()}` };
    }
    if (issued.expired || issued.expiresAt <= Date.now()) {
      return { errcode: 42001, errmsg: `access_token expired ${rid()}` };
    }
    return null;
  }

  function msgSecCheck(query: Record<string, string>, body: Record<string, unknown> | undefined): object {
    const refused = tokenRefusal(query.access_token);
    if (refused) return refused;
    if (nextSecCheckError) {
      const err = nextSecCheckError;
      nextSecCheckError = undefined;
      return err;
    }
    if (!body) return { errcode: 47001, errmsg: `data format error ${rid()}` };
    if (body.version !== 2) return { errcode: 47001, errmsg: `data format error: version ${rid()}` };
    if (typeof body.openid !== 'string' || !body.openid)
      return { errcode: 40003, errmsg: `invalid openid ${rid()}` };
    if (typeof body.scene !== 'number' || ![1, 2, 3, 4].includes(body.scene)) {
      return { errcode: 40129, errmsg: `invalid scene ${rid()}` };
    }
    if (typeof body.content !== 'string' || !body.content)
      return { errcode: 44002, errmsg: `empty post data ${rid()}` };
    // WeChat documents 2500 characters without saying what it does beyond that; the fake is strict.
    if ([...body.content].length > FAKE_MSG_SEC_CHECK_MAX_CHARS) {
      return { errcode: 47001, errmsg: `data format error: content too long ${rid()}` };
    }
    if (body.title !== undefined && typeof body.title !== 'string') {
      return { errcode: 47001, errmsg: `data format error: title ${rid()}` };
    }
    const text = `${typeof body.title === 'string' ? body.title : ''}\n${body.content}`;
    const { suggest, label, keyword } = verdict(text);
    return {
      errcode: 0,
      errmsg: 'ok',
      trace_id: `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`,
      result: { suggest, label },
      detail: [
        { strategy: 'content_model', errcode: 0, suggest, label, prob: suggest === 'pass' ? 0 : 90 },
        ...(keyword ? [{ strategy: 'keyword', errcode: 0, suggest, label, level: 20, keyword }] : []),
      ],
    };
  }

  /** WeChat's documented limits on a subscription message keyword's value, by the keyword's type. */
  function keywordValueOk(key: string, value: string): boolean {
    const chars = [...value];
    switch (key.replace(/\d+$/, '')) {
      case 'thing':
        return chars.length >= 1 && chars.length <= 20;
      case 'phrase':
        return /^\p{Script=Han}{1,5}$/u.test(value);
      case 'character_string':
        return /^[\x21-\x7e]{1,32}$/.test(value);
      case 'number':
        return /^\d{1,32}(\.\d+)?$/.test(value);
      case 'time':
      case 'date':
        return /^(\d{4}年\d{1,2}月\d{1,2}日)?\s?(\d{1,2}:\d{2})?$/.test(value) && /\d/.test(value);
      default:
        return false;
    }
  }

  function subscribeSend(query: Record<string, string>, body: Record<string, unknown> | undefined): object {
    const refused = tokenRefusal(query.access_token);
    if (refused) return refused;
    if (nextSubscribeError) {
      const err = nextSubscribeError;
      nextSubscribeError = undefined;
      return err;
    }
    if (!body) return { errcode: 47001, errmsg: `data format error ${rid()}` };
    const { touser, template_id, page, data, miniprogram_state, lang } = body;
    if (typeof touser !== 'string' || !touser) return { errcode: 40003, errmsg: `invalid openid ${rid()}` };
    if (typeof template_id !== 'string' || !template_id) {
      return { errcode: 40037, errmsg: `invalid template_id ${rid()}` };
    }
    if (page !== undefined && typeof page !== 'string') {
      return { errcode: 41030, errmsg: `invalid page ${rid()}` };
    }
    if (
      miniprogram_state !== undefined &&
      !['developer', 'trial', 'formal'].includes(miniprogram_state as string)
    ) {
      return { errcode: 47003, errmsg: `argument invalid! miniprogram_state ${rid()}` };
    }
    if (lang !== undefined && !['zh_CN', 'en_US', 'zh_HK', 'zh_TW'].includes(lang as string)) {
      return { errcode: 47003, errmsg: `argument invalid! lang ${rid()}` };
    }
    if (data === null || typeof data !== 'object' || Object.keys(data).length === 0) {
      return { errcode: 47003, errmsg: `argument invalid! data is empty ${rid()}` };
    }
    for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
      const value = (entry as { value?: unknown } | null)?.value;
      if (typeof value !== 'string' || !keywordValueOk(key, value)) {
        return { errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid ${rid()}` };
      }
    }
    if (refusingOpenids.has(touser)) {
      return { errcode: 43101, errmsg: `user refuse to accept the msg ${rid()}` };
    }
    subscribeMessages.push(body as FakeWechat['subscribeMessages'][number]);
    return { errcode: 0, errmsg: 'ok', msgid: 1988810812324364 };
  }

  function mediaCheckAsync(query: Record<string, string>, body: Record<string, unknown> | undefined): object {
    const refused = tokenRefusal(query.access_token);
    if (refused) return refused;
    if (nextMediaCheckError) {
      const err = nextMediaCheckError;
      nextMediaCheckError = undefined;
      return err;
    }
    if (!body) return { errcode: 47001, errmsg: `data format error ${rid()}` };
    if (body.version !== 2) return { errcode: 47001, errmsg: `data format error: version ${rid()}` };
    if (body.media_type !== 1 && body.media_type !== 2) {
      return { errcode: 47001, errmsg: `data format error: media_type ${rid()}` };
    }
    if (typeof body.media_url !== 'string' || !/^https?:\/\/[^\s]+$/.test(body.media_url)) {
      return { errcode: 47001, errmsg: `data format error: media_url ${rid()}` };
    }
    if (typeof body.openid !== 'string' || !body.openid)
      return { errcode: 40003, errmsg: `invalid openid ${rid()}` };
    if (typeof body.scene !== 'number' || ![1, 2, 3, 4].includes(body.scene)) {
      return { errcode: 40129, errmsg: `invalid scene ${rid()}` };
    }
    const traceId = `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
    mediaChecks.push({
      traceId,
      mediaUrl: body.media_url,
      mediaType: body.media_type,
      openid: body.openid,
      scene: body.scene,
    });
    return { errcode: 0, errmsg: 'ok', trace_id: traceId };
  }

  async function pushMediaCheckResult(push: Parameters<FakeWechat['pushMediaCheckResult']>[0]) {
    const check = mediaChecks.find((c) => c.traceId === push.traceId);
    const label = String(push.label ?? { pass: 100, review: 10001, risky: 20002 }[push.suggest]);
    const timestamp = String(push.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const signature =
      push.signature ??
      createHash('sha1').update([push.token, timestamp, nonce].sort().join('')).digest('hex');
    const url = new URL(push.url);
    url.search = new URLSearchParams({ signature, timestamp, nonce }).toString();
    // As WeChat sends it: the label is a string, and the user's openid is the sender.
    const event = {
      ToUserName: 'gh_fake00000000',
      FromUserName: check?.openid ?? 'o-unknown',
      CreateTime: Number(timestamp),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: appId,
      trace_id: push.traceId,
      version: 2,
      detail: [{ strategy: 'content_model', errcode: 0, suggest: push.suggest, label, prob: 90 }],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: push.suggest, label },
    };
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    return { status: res.status, body: await res.text() };
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      if (method === 'POST') {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = undefined;
        }
      }
      requests.push({ method, path: url.pathname, query, rawQuery: url.search.slice(1), body });
      const object =
        body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;

      const reply = (status: number, answer: unknown) => {
        if (res.destroyed || res.writableEnded) return;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(JSON.stringify(answer));
      };
      const route = `${method} ${url.pathname}`;
      if (route === 'GET /sns/jscode2session') return reply(200, jscode2session(query));
      if (route === 'POST /cgi-bin/stable_token') return reply(200, stableToken(object));
      if (route === 'POST /wxa/msg_sec_check') {
        const answer = msgSecCheck(query, object);
        if (secCheckDelayMs <= 0) return reply(200, answer);
        const timer = setTimeout(() => {
          timers.delete(timer);
          reply(200, answer);
        }, secCheckDelayMs);
        timers.add(timer);
        return;
      }
      if (route === 'POST /cgi-bin/message/subscribe/send') {
        const answer = subscribeSend(query, object);
        if (subscribeDelayMs <= 0) return reply(200, answer);
        const timer = setTimeout(() => {
          timers.delete(timer);
          reply(200, answer);
        }, subscribeDelayMs);
        timers.add(timer);
        return;
      }
      if (route === 'POST /wxa/media_check_async') return reply(200, mediaCheckAsync(query, object));
      reply(404, { errcode: 404, errmsg: 'not found' });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    issueCode(openid, opts = {}) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { openid, unionid: opts.unionid, used: false });
      return code;
    },
    setNextError(errcode, errmsg = `fake error ${errcode}`) {
      nextError = { errcode, errmsg };
    },
    requests,
    get tokensIssued() {
      return tokensIssued;
    },
    get riskyWords() {
      return riskyWords;
    },
    set riskyWords(words) {
      riskyWords = words;
    },
    get reviewWords() {
      return reviewWords;
    },
    set reviewWords(words) {
      reviewWords = words;
    },
    expireTokens() {
      for (const issued of tokens.values()) issued.expired = true;
    },
    setNextTokenError(errcode, errmsg = `fake error ${errcode}`) {
      nextTokenError = { errcode, errmsg };
    },
    setNextSecCheckError(errcode, errmsg = `fake error ${errcode}`) {
      nextSecCheckError = { errcode, errmsg };
    },
    setSecCheckDelay(ms) {
      secCheckDelayMs = ms;
    },
    subscribeMessages,
    refuseSubscriptions(openid) {
      refusingOpenids.add(openid);
    },
    setNextSubscribeError(errcode, errmsg = `fake error ${errcode}`) {
      nextSubscribeError = { errcode, errmsg };
    },
    setSubscribeDelay(ms) {
      subscribeDelayMs = ms;
    },
    mediaChecks,
    setNextMediaCheckError(errcode, errmsg = `fake error ${errcode}`) {
      nextMediaCheckError = { errcode, errmsg };
    },
    pushMediaCheckResult,
    // Closing twice is fine: a test may stop WeChat early, and afterEach closes it again.
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        // Keep-alive sockets from fetch would otherwise hold close() open.
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

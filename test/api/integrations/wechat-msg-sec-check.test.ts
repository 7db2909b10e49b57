import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createWechatAccessTokenSource,
  WechatAccessTokenError,
} from '../../../server/integrations/wechat/access-token';
import {
  ContentCheckUnavailable,
  createWechatContentChecker,
  MSG_SEC_CHECK_MAX_CHARS,
  splitForCheck,
} from '../../../server/integrations/wechat/msg-sec-check';
import { type FakeWechat, startFakeWechat } from '../../fakes/wechat-server';

// Reserved characters in the secret: it travels in a JSON body, so it must arrive intact.
const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'sEcReT+/=&x="1 %zz';
const OPENID = 'o-alice-openid';

let wx: FakeWechat;

beforeEach(async () => {
  wx = await startFakeWechat({
    appId: APP_ID,
    appSecret: APP_SECRET,
    riskyWords: ['禁词'],
    reviewWords: ['加微信'],
  });
});
afterEach(() => wx.close());

function tokens(extra: { appSecret?: string; timeoutMs?: number; now?: () => number } = {}) {
  return createWechatAccessTokenSource({
    baseUrl: wx.baseUrl,
    appId: APP_ID,
    ...extra,
    appSecret: extra.appSecret ?? APP_SECRET,
  });
}
function checker(extra: { timeoutMs?: number; fetch?: typeof fetch; appSecret?: string } = {}) {
  const { appSecret, ...rest } = extra;
  return createWechatContentChecker({ baseUrl: wx.baseUrl, tokens: tokens({ appSecret }), ...rest });
}
const byPath = (path: string) => wx.requests.filter((r) => r.path === path);
const secChecks = () => byPath('/wxa/msg_sec_check');
const tokenRequests = () => byPath('/cgi-bin/stable_token');
const check = (c: ReturnType<typeof checker>, content: string, title?: string) =>
  c.check({ content, openid: OPENID, scene: 2, ...(title === undefined ? {} : { title }) });

/** Runs `fn`, expects a ContentCheckUnavailable, and checks it leaks neither the secret nor a token. */
async function failure(fn: () => Promise<unknown>): Promise<ContentCheckUnavailable> {
  const err = await fn().then(
    () => expect.fail('expected a ContentCheckUnavailable'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ContentCheckUnavailable);
  const shown = inspect(err, { depth: 5 });
  expect(shown).not.toContain('sEcReT');
  for (const token of new Set(secChecks().map((r) => r.query.access_token))) {
    if (token) expect(shown).not.toContain(token);
  }
  return err as ContentCheckUnavailable;
}

describe('msgSecCheck against the fake WeChat over HTTP', () => {
  it('sends the documented requests: stable_token JSON, then msg_sec_check v2 with the token in the query', async () => {
    const verdict = await checker().check({ content: '你好', openid: OPENID, scene: 3, title: '标题' });
    expect(verdict.suggest).toBe('pass');

    expect(wx.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /cgi-bin/stable_token',
      'POST /wxa/msg_sec_check',
    ]);
    expect(tokenRequests()[0]!.body).toEqual({
      grant_type: 'client_credential',
      appid: APP_ID,
      secret: APP_SECRET,
      force_refresh: false,
    });
    // The secret travels only in the body, never in a URL.
    expect(tokenRequests()[0]!.rawQuery).toBe('');
    const [sec] = secChecks();
    expect(Object.keys(sec!.query)).toEqual(['access_token']);
    expect(sec!.query.access_token).toMatch(/^\S{16,}$/);
    expect(sec!.body).toEqual({ content: '你好', version: 2, scene: 3, openid: OPENID, title: '标题' });
  });

  it('returns pass with label 100 and WeChat’s trace id', async () => {
    const verdict = await check(checker(), '我想要一个新书包，谢谢！');
    expect(verdict).toEqual({
      suggest: 'pass',
      label: 100,
      traceId: expect.stringMatching(/^[0-9a-f-]{10,}$/),
    });
  });

  it('returns review for a review word', async () => {
    expect(await check(checker(), '有事请加微信聊')).toMatchObject({ suggest: 'review', label: 10001 });
  });

  it('returns risky for a risky word, even when a review word is also there', async () => {
    expect(await check(checker(), '加微信，还有禁词')).toMatchObject({ suggest: 'risky', label: 20001 });
  });

  it('checks the title too', async () => {
    expect(await check(checker(), '正文没问题', '禁词标题')).toMatchObject({ suggest: 'risky' });
  });

  it('word lists can be changed while the fake runs', async () => {
    const c = checker();
    expect((await check(c, '新词')).suggest).toBe('pass');
    wx.riskyWords = ['新词'];
    expect((await check(c, '新词')).suggest).toBe('risky');
  });

  it('fetches the token once and reuses it for several checks', async () => {
    const c = checker();
    for (const text of ['一', '二', '三', '四']) await check(c, text);
    expect(tokenRequests()).toHaveLength(1);
    expect(wx.tokensIssued).toBe(1);
    expect(secChecks()).toHaveLength(4);
    expect(new Set(secChecks().map((r) => r.query.access_token)).size).toBe(1);
  });

  it('concurrent first calls share one token request', async () => {
    const c = checker();
    const verdicts = await Promise.all(['一', '二', '三', '四', '五'].map((text) => check(c, text)));
    expect(verdicts.map((v) => v.suggest)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    expect(tokenRequests()).toHaveLength(1);
    expect(secChecks()).toHaveLength(5);
  });

  it('an expired token (42001) is refreshed once and the check retried', async () => {
    const c = checker();
    await check(c, '第一次');
    const before = secChecks()[0]!.query.access_token;
    wx.expireTokens();

    const verdict = await check(c, '第二次');
    expect(verdict.suggest).toBe('pass');
    expect(tokenRequests()).toHaveLength(2);
    expect(wx.tokensIssued).toBe(2);
    const [, rejected, retried] = secChecks();
    expect(rejected!.query.access_token).toBe(before);
    expect(retried!.query.access_token).not.toBe(before);
    expect(retried!.body).toEqual(rejected!.body);

    // The fresh token is cached in turn.
    await check(c, '第三次');
    expect(tokenRequests()).toHaveLength(2);
  });

  it.each([40001, 42001, 40014])('errcode %i drops the token and retries once', async (errcode) => {
    const c = checker();
    await check(c, '预热');
    wx.setNextSecCheckError(errcode, 'invalid credential');
    expect((await check(c, '再来')).suggest).toBe('pass');
    expect(tokenRequests()).toHaveLength(2);
    expect(secChecks()).toHaveLength(3);
  });

  it('a token refused twice is unavailable after exactly one retry', async () => {
    const c = checker();
    await check(c, '预热');
    wx.expireTokens(); // the cached token answers 42001 …
    wx.setNextSecCheckError(42001, 'access_token expired'); // … and so does the fresh one
    const err = await failure(() => check(c, '再来'));
    expect(err.errcode).toBe(42001);
    expect(secChecks()).toHaveLength(3);
    expect(tokenRequests()).toHaveLength(2);
  });

  it.each([
    [-1, 'system error'],
    [61010, 'user access record timeout'],
    [45009, 'reach max api daily quota limit'],
    [12345, 'something new'],
  ])('errcode %i is unavailable, with the errcode', async (errcode, errmsg) => {
    wx.setNextSecCheckError(errcode, errmsg);
    const err = await failure(() => check(checker(), '内容'));
    expect(err.errcode).toBe(errcode);
    expect(err.message).toContain(String(errcode));
    expect(err.message).toContain(errmsg);
    expect(secChecks()).toHaveLength(1);
  });

  it('an openid WeChat refuses is unavailable with errcode 40003', async () => {
    const err = await failure(() => checker().check({ content: '内容', openid: '', scene: 2 }));
    expect(err.errcode).toBe(40003);
  });

  it('a stalled answer is unavailable once the timeout passes', async () => {
    wx.setSecCheckDelay(2_000);
    const started = Date.now();
    const err = await failure(() => check(checker({ timeoutMs: 200 }), '内容'));
    const elapsed = Date.now() - started;
    expect(err.errcode).toBeUndefined();
    expect(err.message).toMatch(/timed out after 200 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(1_500);
  });

  it('a wrong app secret is unavailable, and neither secret reaches the error', async () => {
    const wrong = 'not-the-SECRET-x9';
    const err = await failure(() => check(checker({ appSecret: wrong }), '内容'));
    expect(err.errcode).toBe(40125);
    expect(err.message).toContain('access token');
    expect(inspect(err, { depth: 5 })).not.toContain(wrong);
    expect(secChecks()).toHaveLength(0);
  });

  it('a token failure is not cached: the next check asks again', async () => {
    wx.setNextTokenError(-1, 'system error');
    const c = checker();
    expect((await failure(() => check(c, '一'))).errcode).toBe(-1);
    expect((await check(c, '二')).suggest).toBe('pass');
    expect(tokenRequests()).toHaveLength(2);
  });

  it('connection refused is unavailable', async () => {
    const c = checker();
    await wx.close();
    const err = await failure(() => check(c, '内容'));
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('empty content and no title is pass without asking WeChat', async () => {
    expect(await check(checker(), '')).toEqual({ suggest: 'pass', label: null, traceId: null });
    expect(wx.requests).toEqual([]);
  });

  it('empty content with a title checks the title as the content', async () => {
    expect((await check(checker(), '', '禁词')).suggest).toBe('risky');
    expect(secChecks()[0]!.body).toMatchObject({ content: '禁词' });
    expect(secChecks()[0]!.body).not.toHaveProperty('title');
  });
});

describe('long content', () => {
  const filler = (n: number) => '好'.repeat(n);

  it('the fake refuses content over the documented limit, so the client must split', async () => {
    const t = await tokens().get();
    const res = await fetch(`${wx.baseUrl}/wxa/msg_sec_check?access_token=${t}`, {
      method: 'POST',
      body: JSON.stringify({
        content: filler(MSG_SEC_CHECK_MAX_CHARS + 1),
        version: 2,
        scene: 2,
        openid: OPENID,
      }),
    });
    expect(await res.json()).toMatchObject({ errcode: 47001 });
  });

  it('content of exactly the limit goes in one request', async () => {
    await check(checker(), filler(MSG_SEC_CHECK_MAX_CHARS));
    expect(secChecks()).toHaveLength(1);
  });

  it('is checked in pieces within the limit, and the worst verdict wins', async () => {
    // 5105 characters: pieces start at 0, 2450 and 4900; review in the first, risky only in the last.
    const text = `${filler(100)}加微信${filler(5000)}禁词`;
    const verdict = await check(checker(), text, '标题');
    expect(verdict).toMatchObject({ suggest: 'risky', label: 20001 });
    const bodies = secChecks().map((r) => r.body as { content: string; title?: string; openid: string });
    expect(bodies).toHaveLength(3);
    for (const b of bodies) {
      expect(b.content.length).toBeLessThanOrEqual(MSG_SEC_CHECK_MAX_CHARS);
      expect(b.openid).toBe(OPENID);
    }
    // The title travels once, with the first piece.
    expect(bodies.map((b) => b.title)).toEqual(['标题', undefined, undefined]);
    expect(bodies.map((b) => b.content.length)).toEqual([2500, 2500, 205]);
  });

  it('review in a later piece beats pass in the first', async () => {
    const verdict = await check(checker(), `${filler(4000)}加微信`);
    expect(verdict).toMatchObject({ suggest: 'review', label: 10001 });
    expect(secChecks()).toHaveLength(2);
  });

  it('stops at the first risky piece: nothing can be worse', async () => {
    await check(checker(), `禁词${filler(6000)}`);
    expect(secChecks()).toHaveLength(1);
  });

  it('a word cut by a piece boundary is still seen whole', async () => {
    // '禁词' straddles character 2500: the first piece ends with '禁', the next repeats the tail.
    const text = `${filler(MSG_SEC_CHECK_MAX_CHARS - 1)}禁词${filler(100)}`;
    expect((await check(checker(), text)).suggest).toBe('risky');
    expect(secChecks()).toHaveLength(2);
    expect((secChecks()[0]!.body as { content: string }).content.endsWith('禁')).toBe(true);
  });

  it('never splits an emoji (surrogate pair)', async () => {
    const text = '😀'.repeat(3000); // 6000 UTF-16 units
    expect((await check(checker(), text)).suggest).toBe('pass');
    for (const r of secChecks()) {
      const { content } = r.body as { content: string };
      expect(content.length).toBeLessThanOrEqual(MSG_SEC_CHECK_MAX_CHARS);
      expect(content).toMatch(/^(😀)+$/u);
    }
  });
});

describe('splitForCheck', () => {
  it('leaves short text whole', () => {
    expect(splitForCheck('abc', 5, 1)).toEqual(['abc']);
    expect(splitForCheck('abcde', 5, 1)).toEqual(['abcde']);
  });

  it('covers the whole text with overlapping pieces of at most max', () => {
    const text = Array.from({ length: 57 }, (_, i) => String.fromCharCode(65 + (i % 26))).join('');
    const pieces = splitForCheck(text, 10, 3);
    expect(pieces.every((p) => p.length <= 10)).toBe(true);
    let rebuilt = pieces[0]!;
    for (const p of pieces.slice(1)) {
      expect(rebuilt.endsWith(p.slice(0, 3))).toBe(true);
      rebuilt += p.slice(3);
    }
    expect(rebuilt).toBe(text);
  });
});

describe('the access token source', () => {
  it('keeps the token until 5 minutes before WeChat’s expires_in, then asks again', async () => {
    let clock = 1_000_000;
    const source = tokens({ now: () => clock });
    const first = await source.get();
    clock += (7200 - 300) * 1000 - 1;
    expect(await source.get()).toBe(first);
    expect(tokenRequests()).toHaveLength(1);
    clock += 1;
    // WeChat's normal mode hands back the same live token: asking again is harmless.
    expect(await source.get()).toBe(first);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('invalidate drops only the token it names', async () => {
    const source = tokens();
    const first = await source.get();
    source.invalidate('some-older-token');
    await source.get();
    expect(tokenRequests()).toHaveLength(1);
    source.invalidate(first);
    await source.get();
    expect(tokenRequests()).toHaveLength(2);
  });

  it('concurrent callers share one request, and share its failure', async () => {
    wx.setNextTokenError(45009, 'reach max api daily quota limit');
    const source = tokens();
    const results = await Promise.allSettled([source.get(), source.get(), source.get()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(tokenRequests()).toHaveLength(1);
    const [first] = results;
    const err = (first as PromiseRejectedResult).reason as WechatAccessTokenError;
    expect(err).toBeInstanceOf(WechatAccessTokenError);
    expect(err).toMatchObject({ errcode: 45009 });
  });

  it('a short remaining lifetime is kept for half of what is left', async () => {
    let clock = 0;
    const odd = createWechatAccessTokenSource({
      baseUrl: 'http://unused.invalid',
      appId: APP_ID,
      appSecret: APP_SECRET,
      now: () => clock,
      fetch: async () => new Response(JSON.stringify({ access_token: `t${clock}`, expires_in: 200 })),
    });
    expect(await odd.get()).toBe('t0');
    clock = 99_999;
    expect(await odd.get()).toBe('t0');
    clock = 100_000;
    expect(await odd.get()).toBe('t100000');
  });

  it.each([
    ['HTTP 502', async () => new Response('bad gateway', { status: 502 }), /HTTP 502/],
    ['a non-JSON body', async () => new Response('<html>', { status: 200 }), /non-JSON/],
    ['an unexpected body', async () => new Response('{"access_token":""}'), /unexpected body/],
  ] as const)('%s is an error that names no secret', async (_label, fake, message) => {
    const source = createWechatAccessTokenSource({
      baseUrl: 'http://unused.invalid',
      appId: APP_ID,
      appSecret: APP_SECRET,
      fetch: fake,
    });
    const err = await source.get().then(
      () => expect.fail('expected an error'),
      (e: unknown) => e as WechatAccessTokenError,
    );
    expect(err).toBeInstanceOf(WechatAccessTokenError);
    expect(err.message).toMatch(message);
    expect(inspect(err, { depth: 5 })).not.toContain('sEcReT');
  });

  it('an errmsg that echoes the secret is scrubbed', async () => {
    const source = createWechatAccessTokenSource({
      baseUrl: 'http://unused.invalid',
      appId: APP_ID,
      appSecret: APP_SECRET,
      fetch: async () => new Response(JSON.stringify({ errcode: 40125, errmsg: `bad secret ${APP_SECRET}` })),
    });
    const err = await source.get().then(
      () => expect.fail('expected an error'),
      (e: unknown) => e as WechatAccessTokenError,
    );
    expect(err.errcode).toBe(40125);
    expect(inspect(err, { depth: 5 })).not.toContain('sEcReT');
  });
});

describe('msgSecCheck when WeChat answers oddly', () => {
  const stubbed = (answer: () => Response) =>
    createWechatContentChecker({
      baseUrl: 'http://unused.invalid',
      tokens: { get: async () => 'TOKEN-abc123', invalidate: () => {} },
      fetch: async () => answer(),
    });

  it.each([
    ['HTTP 500', () => new Response('oops', { status: 500 }), /HTTP 500/],
    ['a non-JSON body', () => new Response('<html>'), /non-JSON/],
    ['no result', () => new Response('{"errcode":0,"errmsg":"ok"}'), /unexpected body/],
    [
      'an unknown suggestion',
      () => new Response('{"errcode":0,"result":{"suggest":"maybe","label":100}}'),
      /unexpected body/,
    ],
  ] as const)('%s is unavailable', async (_label, answer, message) => {
    const err = await failure(() => check(stubbed(answer), '内容'));
    expect(err.message).toMatch(message);
    expect(err.errcode).toBeUndefined();
  });

  it('an errmsg that echoes the access token is scrubbed', async () => {
    const c = stubbed(() => new Response('{"errcode":-1,"errmsg":"busy for TOKEN-abc123"}'));
    const err = await failure(() => check(c, '内容'));
    expect(err.message).not.toContain('TOKEN-abc123');
  });

  it('defaults to the real WeChat host', async () => {
    let seen = '';
    const c = createWechatContentChecker({
      tokens: { get: async () => 'T', invalidate: () => {} },
      fetch: async (input) => {
        seen = String(input);
        return new Response('{"errcode":0,"errmsg":"ok","result":{"suggest":"pass","label":100}}');
      },
    });
    expect(await check(c, '内容')).toEqual({ suggest: 'pass', label: 100, traceId: null });
    expect(seen).toBe('https://api.weixin.qq.com/wxa/msg_sec_check?access_token=T');
  });
});

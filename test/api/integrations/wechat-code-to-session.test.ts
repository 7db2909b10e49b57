import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createWechatLoginClient,
  WechatLoginError,
  wechatErrorKind,
} from '../../../server/integrations/wechat/code-to-session';
import { type FakeWechat, startFakeWechat } from '../../fakes/wechat-server';

// Reserved URL characters in the secret: if the client did not encode, the fake would see a wrong secret.
const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'sEcReT+/=&x=1 %zz';

/** Runs `fn`, expects a WechatLoginError, and checks the error never leaks the secret. */
async function failure(fn: () => Promise<unknown>): Promise<WechatLoginError> {
  const err = await fn().then(
    () => expect.fail('expected a WechatLoginError'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WechatLoginError);
  // 'sEcReT' survives any URL encoding, so this also catches a leaked request URL.
  expect(inspect(err, { depth: 5 })).not.toContain('sEcReT');
  return err as WechatLoginError;
}

describe('wechatErrorKind', () => {
  it.each([
    [40029, 'invalid_code'],
    [40163, 'code_used'],
    [45011, 'rate_limited'],
    [40226, 'blocked'],
    [-1, 'busy'],
    [40125, 'unavailable'],
    [40013, 'unavailable'],
    [0, 'unavailable'],
    [99999, 'unavailable'],
  ] as const)('maps errcode %i to %s', (errcode, kind) => {
    expect(wechatErrorKind(errcode)).toBe(kind);
  });
});

describe('codeToSession against the fake WeChat over HTTP', () => {
  let wx: FakeWechat;
  const client = () => createWechatLoginClient({ baseUrl: wx.baseUrl, appId: APP_ID, appSecret: APP_SECRET });

  beforeEach(async () => {
    wx = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
  });
  afterEach(() => wx.close());

  it('returns openid and session key, without unionid when WeChat sends none', async () => {
    const session = await client().codeToSession(wx.issueCode('o-alice'));
    expect(session).toEqual({ openid: 'o-alice', sessionKey: expect.stringMatching(/^\S{8,}$/) });
    expect(session).not.toHaveProperty('unionid');
  });

  it('returns the unionid when WeChat sends one', async () => {
    const session = await client().codeToSession(wx.issueCode('o-bob', { unionid: 'u-bob' }));
    expect(session).toEqual({ openid: 'o-bob', unionid: 'u-bob', sessionKey: expect.any(String) });
  });

  it('sends the documented request, with every parameter URL-encoded on the wire', async () => {
    const code = wx.issueCode('o-carol');
    await client().codeToSession(code);

    expect(wx.requests).toHaveLength(1);
    const [req] = wx.requests;
    expect(req!.path).toBe('/sns/jscode2session');
    expect(req!.query).toEqual({
      appid: APP_ID,
      secret: APP_SECRET,
      js_code: code,
      grant_type: 'authorization_code',
    });
    expect(req!.rawQuery).toContain(`&js_code=${code}&`);
    // The reserved characters travel escaped, not raw (a raw '&' or '=' would split the secret).
    expect(req!.rawQuery).not.toContain(APP_SECRET);
    expect(req!.rawQuery).toMatch(/secret=sEcReT%2B%2F%3D%26x%3D1(\+|%20)%25zz&/);
  });

  it('a reused code is code_used', async () => {
    const code = wx.issueCode('o-dan');
    await client().codeToSession(code);
    const err = await failure(() => client().codeToSession(code));
    expect(err).toMatchObject({ kind: 'code_used', errcode: 40163 });
  });

  it('an unknown code is invalid_code', async () => {
    const err = await failure(() => client().codeToSession('0'.repeat(32)));
    expect(err).toMatchObject({ kind: 'invalid_code', errcode: 40029 });
  });

  it.each([
    [45011, 'rate_limited'],
    [40226, 'blocked'],
    [-1, 'busy'],
  ] as const)('WeChat errcode %i is %s', async (errcode, kind) => {
    wx.setNextError(errcode, 'api minute-quota reach limit');
    const err = await failure(() => client().codeToSession(wx.issueCode('o-erin')));
    expect(err).toMatchObject({ kind, errcode });
    expect(err.message).toContain(String(errcode));
  });

  it('a wrong secret is unavailable (our misconfiguration, not the user’s fault)', async () => {
    const wrong = createWechatLoginClient({
      baseUrl: wx.baseUrl,
      appId: APP_ID,
      appSecret: 'not-the-secret',
    });
    const err = await failure(() => wrong.codeToSession(wx.issueCode('o-fay')));
    expect(err).toMatchObject({ kind: 'unavailable', errcode: 40125 });
    expect(err.message).not.toContain('not-the-secret');
  });

  it('a non-200 answer is unavailable', async () => {
    const proxied = createWechatLoginClient({
      baseUrl: `${wx.baseUrl}/no-such-prefix/`,
      appId: APP_ID,
      appSecret: APP_SECRET,
    });
    const err = await failure(() => proxied.codeToSession(wx.issueCode('o-gus')));
    expect(err).toMatchObject({ kind: 'unavailable', errcode: undefined });
    expect(err.message).toContain('404');
    expect(wx.requests[0]!.path).toBe('/no-such-prefix/sns/jscode2session');
  });

  it.each([
    ['nothing', ''],
    ['too long', 'a'.repeat(129)],
    ['a space', 'abc def'],
    ['an ampersand', 'abc&appid=evil'],
    ['a percent escape', 'abc%26appid'],
    ['a slash', 'abc/def'],
    ['non-ASCII', 'abcé'],
  ])('refuses a code with %s before calling WeChat', async (_label, bad) => {
    const err = await failure(() => client().codeToSession(bad));
    expect(err).toMatchObject({ kind: 'invalid_code', errcode: undefined });
    expect(wx.requests).toEqual([]);
  });

  it('accepts a code of exactly 128 characters (it reaches WeChat)', async () => {
    await failure(() => client().codeToSession('a'.repeat(128)));
    expect(wx.requests).toHaveLength(1);
  });

  it('never puts a session_key into an error, even when the body is unusable', async () => {
    // A body with a session_key but no openid: the client must reject it without echoing it.
    const sessionKey = 'SESSION-KEY-tkq9w1';
    const odd = createWechatLoginClient({
      baseUrl: wx.baseUrl,
      appId: APP_ID,
      appSecret: APP_SECRET,
      fetch: async () => new Response(JSON.stringify({ session_key: sessionKey }), { status: 200 }),
    });
    const err = await failure(() => odd.codeToSession('abc'));
    expect(err.kind).toBe('unavailable');
    expect(inspect(err, { depth: 5 })).not.toContain(sessionKey);
  });
});

describe('codeToSession when WeChat is unreachable or broken', () => {
  const make = (baseUrl: string, extra: { timeoutMs?: number; fetch?: typeof fetch } = {}) =>
    createWechatLoginClient({ baseUrl, appId: APP_ID, appSecret: APP_SECRET, ...extra });

  it('connection refused is unavailable', async () => {
    const wx = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
    const code = wx.issueCode('o-hal');
    await wx.close();
    const err = await failure(() => make(wx.baseUrl).codeToSession(code));
    expect(err).toMatchObject({ kind: 'unavailable', errcode: undefined });
    expect(err.message).toContain('ECONNREFUSED');
  });

  describe('a server that accepts and never answers', () => {
    let silent: http.Server;
    let baseUrl: string;
    beforeAll(async () => {
      silent = http.createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    });
    afterAll(
      () =>
        new Promise<void>((resolve) => {
          silent.close(() => resolve());
          silent.closeAllConnections();
        }),
    );

    it('is unavailable once the timeout passes', async () => {
      const started = Date.now();
      const err = await failure(() => make(baseUrl, { timeoutMs: 200 }).codeToSession('abc'));
      const elapsed = Date.now() - started;
      expect(err).toMatchObject({ kind: 'unavailable', errcode: undefined });
      expect(err.message).toMatch(/timed out after 200 ms/);
      expect(elapsed).toBeGreaterThanOrEqual(150);
      expect(elapsed).toBeLessThan(2_000);
    });
  });

  it('a non-JSON body is unavailable', async () => {
    const html = async () => new Response('<html>upstream error</html>', { status: 200 });
    const err = await failure(() => make('http://unused.invalid', { fetch: html }).codeToSession('abc'));
    expect(err).toMatchObject({ kind: 'unavailable', errcode: undefined });
    expect(err.message).toContain('non-JSON');
  });

  it('a JSON body that is neither a session nor an error is unavailable', async () => {
    const empty = async () => new Response('{}', { status: 200 });
    const err = await failure(() => make('http://unused.invalid', { fetch: empty }).codeToSession('abc'));
    expect(err).toMatchObject({ kind: 'unavailable', errcode: undefined });
  });

  it('errcode 0 alongside a session is a success', async () => {
    const ok = async () =>
      new Response(JSON.stringify({ errcode: 0, errmsg: 'ok', openid: 'o-ivy', session_key: 'k' }));
    const session = await make('http://unused.invalid', { fetch: ok }).codeToSession('abc');
    expect(session).toEqual({ openid: 'o-ivy', sessionKey: 'k' });
  });

  it('defaults to the real WeChat host', async () => {
    let seen = '';
    const spy: typeof fetch = async (input) => {
      seen = String(input);
      return new Response(JSON.stringify({ openid: 'o', session_key: 'k' }));
    };
    await createWechatLoginClient({ appId: APP_ID, appSecret: APP_SECRET, fetch: spy }).codeToSession('abc');
    expect(seen.startsWith('https://api.weixin.qq.com/sns/jscode2session?appid=')).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionSchema } from '../../shared/schemas/auth';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-server';
import { createTestApp, type TestApp } from '../support/test-app';

describe('POST /api/v1/auth/wechat against a fake WeChat server', () => {
  let wx: FakeWechat;
  let t: TestApp;
  const logs: string[] = [];

  beforeAll(async () => {
    wx = await startFakeWechat({ appId: 'wx-test', appSecret: 'secret-that-never-leaks' });
    t = await createTestApp({
      env: {
        WECHAT_API_BASE: wx.baseUrl,
        WECHAT_APPID: 'wx-test',
        WECHAT_SECRET: 'secret-that-never-leaks',
        LOG_LEVEL: 'trace',
      },
      logStream: { write: (l) => void logs.push(l) },
    });
  });
  afterAll(async () => {
    await t.close();
    await wx.close();
  });

  const login = (code: string, extra: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code, ...extra } });

  it('says WeChat login is available', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/options' })).json()).toMatchObject({
      wechat: true,
    });
  });

  it('creates the user on first login and finds the same user next time', async () => {
    const first = sessionSchema.parse((await login(wx.issueCode('o-donor-1', { unionid: 'u-1' }))).json());
    const second = sessionSchema.parse((await login(wx.issueCode('o-donor-1'))).json());
    expect(second.me.user.id).toBe(first.me.user.id);
    expect(second.token).not.toBe(first.token);
    expect(first.me.memberships).toEqual([]);
    const n = t.sqlite.prepare("SELECT count(*) AS n FROM users WHERE wechat_openid = 'o-donor-1'").get();
    expect(n).toEqual({ n: 1 });
  });

  it('never sends the openid or session_key to the client, and never logs them', async () => {
    const res = await login(wx.issueCode('o-private-2'));
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('o-private-2');
    expect(res.body).not.toMatch(/session_?key/i);
    const all = logs.join('');
    expect(all).not.toContain('secret-that-never-leaks');
    expect(all).not.toMatch(/session_key/);
  });

  it.each([
    ['a code used twice', 'used', 400, 'WECHAT_CODE_INVALID'],
    ['an unknown code', 'unknown', 400, 'WECHAT_CODE_INVALID'],
    ['WeChat rate limiting (45011)', 45011, 429, 'RATE_LIMITED'],
    ['WeChat busy (-1)', -1, 503, 'LOGIN_PROVIDER_UNAVAILABLE'],
  ] as const)('maps %s to %i %s', async (_, kind, status, code) => {
    let loginCode = 'neverIssued123';
    if (kind === 'used') {
      loginCode = wx.issueCode('o-3');
      await login(loginCode);
    } else if (typeof kind === 'number') {
      loginCode = wx.issueCode('o-4');
      wx.setNextError(kind);
    }
    const res = await login(loginCode);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  it('refuses an openid offered by the client instead of asking WeChat', async () => {
    const res = await login(wx.issueCode('o-5'), { openid: 'o-admin' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('without WeChat configuration', () => {
  it('has no WeChat login route', async () => {
    const t = await createTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'abc' } });
    expect(res.statusCode).toBe(404);
    await t.close();
  });
});

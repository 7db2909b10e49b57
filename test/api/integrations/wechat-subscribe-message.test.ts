import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWechatAccessTokenSource } from '../../../server/integrations/wechat/access-token';
import {
  createSubscribeMessageSender,
  type SubscribeMessage,
  SubscribeMessageUnavailable,
} from '../../../server/integrations/wechat/subscribe-message';
import { type FakeWechat, startFakeWechat } from '../../fakes/wechat-server';

const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'sEcReT+/=&x="1 %zz';
const OPENID = 'o-donor-openid';

let wx: FakeWechat;

beforeEach(async () => {
  wx = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
});
afterEach(() => wx.close());

function sender(extra: { timeoutMs?: number; appSecret?: string } = {}) {
  const tokens = createWechatAccessTokenSource({
    baseUrl: wx.baseUrl,
    appId: APP_ID,
    appSecret: extra.appSecret ?? APP_SECRET,
  });
  return createSubscribeMessageSender({
    baseUrl: wx.baseUrl,
    tokens,
    miniprogramState: 'trial',
    ...(extra.timeoutMs !== undefined && { timeoutMs: extra.timeoutMs }),
  });
}

const message = (over: Partial<SubscribeMessage> = {}): SubscribeMessage => ({
  touser: OPENID,
  templateId: 'tmpl-claim',
  page: 'donor/claim/index?id=abc',
  data: {
    thing1: { value: '一套水彩画笔和画本' },
    time2: { value: '2026年3月5日 14:30' },
    thing3: { value: '石桥镇社工站' },
  },
  ...over,
});
const sends = () => wx.requests.filter((r) => r.path === '/cgi-bin/message/subscribe/send');
const tokenRequests = () => wx.requests.filter((r) => r.path === '/cgi-bin/stable_token');

/** Runs `fn`, expects a SubscribeMessageUnavailable that shows neither the secret nor a token. */
async function unavailable(fn: () => Promise<unknown>): Promise<SubscribeMessageUnavailable> {
  const err = await fn().then(
    () => expect.fail('expected a SubscribeMessageUnavailable'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SubscribeMessageUnavailable);
  const shown = inspect(err, { depth: 5 });
  expect(shown).not.toContain('sEcReT');
  for (const r of sends()) if (r.query.access_token) expect(shown).not.toContain(r.query.access_token);
  return err as SubscribeMessageUnavailable;
}

describe('subscribeMessage.send against the fake WeChat over HTTP', () => {
  it('sends the documented request: token in the query, the message as JSON, zh_CN', async () => {
    expect(await sender().send(message())).toEqual({ status: 'sent' });

    expect(wx.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /cgi-bin/stable_token',
      'POST /cgi-bin/message/subscribe/send',
    ]);
    const [send] = sends();
    expect(Object.keys(send!.query)).toEqual(['access_token']);
    expect(send!.body).toEqual({
      touser: OPENID,
      template_id: 'tmpl-claim',
      page: 'donor/claim/index?id=abc',
      data: message().data,
      miniprogram_state: 'trial',
      lang: 'zh_CN',
    });
    expect(wx.subscribeMessages).toHaveLength(1);
  });

  it('leaves page out when the message opens nothing', async () => {
    await sender().send(message({ page: null }));
    expect(sends()[0]!.body).not.toHaveProperty('page');
  });

  it('reports 43101 (not allowed or allowance used up) as refused', async () => {
    wx.refuseSubscriptions(OPENID);
    expect(await sender().send(message())).toEqual({ status: 'refused' });
    expect(wx.subscribeMessages).toHaveLength(0);
  });

  it('reports errors about the message itself as rejected: 47003 data, 40003 openid, 40037 template', async () => {
    const s = sender();
    const tooLong = { thing1: { value: '一'.repeat(21) } };
    expect(await s.send(message({ data: tooLong }))).toMatchObject({ status: 'rejected', errcode: 47003 });
    expect(await s.send(message({ touser: '' }))).toMatchObject({ status: 'rejected', errcode: 40003 });
    expect(await s.send(message({ templateId: '' }))).toMatchObject({ status: 'rejected', errcode: 40037 });
    const rejected = await s.send(message({ data: { phrase2: { value: '处理中abc' } } }));
    expect(rejected).toMatchObject({ status: 'rejected', errcode: 47003 });
    expect(rejected.status === 'rejected' && rejected.errmsg).toContain('phrase2');
  });

  it('drops an expired token, fetches a fresh one and retries once', async () => {
    const s = sender();
    await s.send(message());
    wx.expireTokens();
    expect(await s.send(message())).toEqual({ status: 'sent' });

    expect(sends()).toHaveLength(3);
    expect(tokenRequests()).toHaveLength(2);
    expect(sends()[2]!.query.access_token).not.toBe(sends()[1]!.query.access_token);
    expect(wx.subscribeMessages).toHaveLength(2);
  });

  it('throws unavailable when the token cannot be refreshed after a rejection', async () => {
    const s = sender();
    await s.send(message());
    wx.expireTokens();
    wx.setNextTokenError(-1, 'system error');
    const err = await unavailable(() => s.send(message()));
    expect(err.message).toMatch(/access token unavailable/);
    expect(err.errcode).toBe(-1);
    expect(wx.subscribeMessages).toHaveLength(1);
  });

  it('treats a second token rejection after the retry as unavailable', async () => {
    const s = sender();
    await s.send(message());
    wx.expireTokens();
    wx.setNextSubscribeError(40001, 'invalid credential');
    // First call: 42001 (expired) → refresh; retry: the forced 40001.
    const err = await unavailable(() => s.send(message()));
    expect(err.errcode).toBe(40001);
    expect(sends()).toHaveLength(3);
  });

  it('throws unavailable on busy (-1) and other errcodes, keeping WeChat’s errcode', async () => {
    wx.setNextSubscribeError(-1, 'system error');
    const err = await unavailable(() => sender().send(message()));
    expect(err.errcode).toBe(-1);
  });

  it('throws unavailable when the token cannot be had (wrong secret), without leaking it', async () => {
    const err = await unavailable(() => sender({ appSecret: 'sEcReT-wrong' }).send(message()));
    expect(err.errcode).toBe(40125);
    expect(sends()).toHaveLength(0);
  });

  it('throws unavailable on a timeout and when WeChat is gone', async () => {
    const s = sender({ timeoutMs: 100 });
    wx.setSubscribeDelay(1_000);
    expect((await unavailable(() => s.send(message()))).message).toMatch(/timed out/);
    await wx.close();
    await unavailable(() => s.send(message()));
  });
});

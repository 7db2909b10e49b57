import { inspect } from 'node:util';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MediaCheck } from '../../shared/constants';
import {
  createWechatMediaChecker,
  MediaCheckUnavailable,
  pushSignature,
  verifyPushSignature,
} from '../../server/integrations/wechat/media-check-async';
import { createWechatAccessTokenSource } from '../../server/integrations/wechat/access-token';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-server';
import { addDonor } from '../support/donors';
import { testJpeg, uploadPhoto } from '../support/media';
import { auditEvents } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

const APP_ID = 'wx-media-test';
const APP_SECRET = 'media-secret-never-logged';
const PUSH_TOKEN = 'push-token-4f9a';

/** A port nobody listens on right now, so PUBLIC_BASE_URL can name the app before it listens. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('WeChat photo check, end to end over HTTP', () => {
  let wx: FakeWechat;
  let t: TestApp;
  let base: string;
  const logs: string[] = [];
  let openidSeq = 0;

  beforeAll(async () => {
    wx = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({
      demo: true,
      env: {
        WECHAT_API_BASE: wx.baseUrl,
        WECHAT_APPID: APP_ID,
        WECHAT_SECRET: APP_SECRET,
        WECHAT_PUSH_TOKEN: PUSH_TOKEN,
        PUBLIC_BASE_URL: base,
        LOG_LEVEL: 'info',
      },
      logStream: { write: (line) => void logs.push(line) },
    });
    await t.app.listen({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
    await wx.close();
  });

  /** A WeChat user (with an openid) who uploads one receipt photo. */
  async function wechatUpload() {
    openidSeq += 1;
    const openid = `o-media-${openidSeq}`;
    const user = addDonor(t, '测试用户', { openid });
    const photo = await uploadPhoto(t, user.token, 'receipt', await testJpeg());
    return { openid, photo };
  }
  const rowOf = (id: string) =>
    t.sqlite.prepare('SELECT "check", check_trace_id, checked_at FROM media WHERE public_id = ?').get(id) as {
      check: MediaCheck;
      check_trace_id: string | null;
      checked_at: number | null;
    };
  const eventsUrl = () => `${base}/api/v1/wechat/events`;
  const push = (
    traceId: string,
    suggest: 'pass' | 'review' | 'risky',
    over: { token?: string; timestamp?: number; signature?: string } = {},
  ) =>
    wx.pushMediaCheckResult({ url: eventsUrl(), token: over.token ?? PUSH_TOKEN, traceId, suggest, ...over });

  it('asks WeChat to check an uploaded photo at a public signed URL, marks it pending, then records the pushed verdict', async () => {
    const { openid, photo } = await wechatUpload();
    expect(photo.check).toBe('pending');
    const request = wx.mediaChecks.at(-1);
    expect(request).toMatchObject({ openid, mediaType: 2, scene: 1 });
    const row = rowOf(photo.id);
    expect(row).toMatchObject({ check: 'pending', check_trace_id: request?.traceId, checked_at: null });
    const body = wx.requests.filter((r) => r.path === '/wxa/media_check_async').at(-1)?.body;
    expect(body).toMatchObject({ media_type: 2, version: 2, scene: 1, openid });

    // The URL WeChat got is on the public address and works without a session, for a day.
    const mediaUrl = new URL(request?.mediaUrl ?? '');
    expect(mediaUrl.origin).toBe(base);
    expect(Number(mediaUrl.searchParams.get('exp')) - Date.now() / 1000).toBeGreaterThan(23 * 3600);
    const fetched = await fetch(mediaUrl);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('image/jpeg');

    const answer = await push(request?.traceId ?? '', 'pass');
    expect(answer).toEqual({ status: 200, body: 'success' });
    const after = rowOf(photo.id);
    expect(after.check).toBe('pass');
    expect(after.checked_at).toEqual(expect.any(Number));
    expect(auditEvents(t, 'media.checked').find((e) => e.target_id === photo.id)).toMatchObject({
      actor_user_id: null,
      outcome: 'ok',
      details: JSON.stringify({ suggest: 'pass', label: 100 }),
    });
  });

  it('keeps the first verdict when WeChat pushes again (idempotent)', async () => {
    const { photo } = await wechatUpload();
    const traceId = rowOf(photo.id).check_trace_id ?? '';
    expect(await push(traceId, 'risky')).toEqual({ status: 200, body: 'success' });
    expect(await push(traceId, 'risky')).toEqual({ status: 200, body: 'success' });
    expect(await push(traceId, 'pass')).toEqual({ status: 200, body: 'success' });
    expect(rowOf(photo.id).check).toBe('risky');
    expect(auditEvents(t, 'media.checked').filter((e) => e.target_id === photo.id)).toHaveLength(1);
  });

  it.each([
    ['a wrong signature', { signature: 'f'.repeat(40) }],
    ['a signature made with another token', { token: 'not-our-token' }],
    ['a correctly signed but stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
    ['a timestamp from the future', { timestamp: Math.floor(Date.now() / 1000) + 600 }],
  ])('refuses a push with %s (401) and changes nothing', async (_name, over) => {
    const { photo } = await wechatUpload();
    const traceId = rowOf(photo.id).check_trace_id ?? '';
    const answer = await push(traceId, 'pass', over);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error.code).toBe('WECHAT_SIGNATURE_INVALID');
    expect(rowOf(photo.id)).toMatchObject({ check: 'pending', checked_at: null });
  });

  it('refuses a push with no signature at all, before reading its body', async () => {
    const res = await fetch(eventsUrl(), { method: 'POST', body: '{"Event":"wxa_media_check"' });
    expect(res.status).toBe(401);
  });

  it('acknowledges pushes it does not act on: an unknown trace id, another event, another app', async () => {
    const { photo } = await wechatUpload();
    const traceId = rowOf(photo.id).check_trace_id ?? '';
    expect(await push('no-such-trace', 'risky')).toEqual({ status: 200, body: 'success' });

    const signed = () => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = '12345';
      return `${eventsUrl()}?${new URLSearchParams({ signature: pushSignature(PUSH_TOKEN, timestamp, nonce), timestamp, nonce })}`;
    };
    const other = await fetch(signed(), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ MsgType: 'event', Event: 'user_enter_tempsession', trace_id: traceId }),
    });
    expect(await other.text()).toBe('success');
    const foreign = await fetch(signed(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        MsgType: 'event',
        Event: 'wxa_media_check',
        appid: 'wx-someone-else',
        trace_id: traceId,
        result: { suggest: 'pass', label: '100' },
      }),
    });
    expect(await foreign.text()).toBe('success');
    const broken = await fetch(signed(), { method: 'POST', body: '{"MsgType":' });
    expect(broken.status).toBe(400);
    expect(rowOf(photo.id).check).toBe('pending');
  });

  it('answers WeChat’s URL check with echostr only when correctly signed', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '987654321';
    const query = (signature: string) =>
      new URLSearchParams({ signature, timestamp, nonce, echostr: '7302485611234567890' }).toString();
    const good = await fetch(`${eventsUrl()}?${query(pushSignature(PUSH_TOKEN, timestamp, nonce))}`);
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('7302485611234567890');
    const bad = await fetch(`${eventsUrl()}?${query(pushSignature('wrong', timestamp, nonce))}`);
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain('7302485611234567890');
  });

  it('keeps a photo unchecked when WeChat refuses the request, and logs a warning without the token', async () => {
    wx.setNextMediaCheckError(45009, 'reach max api daily quota limit');
    const before = wx.mediaChecks.length;
    const { photo } = await wechatUpload();
    expect(photo.check).toBe('unchecked');
    expect(rowOf(photo.id)).toMatchObject({ check: 'unchecked', check_trace_id: null });
    expect(wx.mediaChecks.length).toBe(before);
    const warning = logs.find((l) => l.includes('photo check not started') && l.includes(photo.id));
    expect(warning).toContain('45009');
    const tokens = wx.requests.map((r) => r.query.access_token).filter(Boolean);
    for (const token of tokens) expect(logs.join('')).not.toContain(token);
    expect(logs.join('')).not.toContain(APP_SECRET);
  });

  it('retries once with a fresh access token when WeChat says the token expired', async () => {
    wx.expireTokens();
    const { photo } = await wechatUpload();
    expect(photo.check).toBe('pending');
  });

  it('leaves photos of users without a WeChat openid (H5 logins) unchecked, without asking WeChat', async () => {
    const before = wx.requests.length;
    const photo = await uploadPhoto(t, addDonor(t).token, 'receipt');
    expect(photo.check).toBe('unchecked');
    expect(wx.requests.length).toBe(before);
  });
});

describe('photo check not configured', () => {
  it('keeps photos unchecked without a public address, and refuses every push without a token', async () => {
    const wx = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
    const t = await createTestApp({
      env: { WECHAT_API_BASE: wx.baseUrl, WECHAT_APPID: APP_ID, WECHAT_SECRET: APP_SECRET },
    });
    try {
      const photo = await uploadPhoto(t, addDonor(t, '测试用户', { openid: 'o-x' }).token, 'receipt');
      expect(photo.check).toBe('unchecked');
      expect(wx.requests).toEqual([]);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/wechat/events?signature=${pushSignature('', timestamp, '1')}&timestamp=${timestamp}&nonce=1&echostr=1`,
      });
      expect(res.statusCode).toBe(401);
    } finally {
      await t.close();
      await wx.close();
    }
  });
});

describe('the mediaCheckAsync client and push signatures', () => {
  let wx: FakeWechat;
  beforeEach(async () => {
    wx = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET });
  });
  afterEach(() => wx.close());
  const checker = () =>
    createWechatMediaChecker({
      baseUrl: wx.baseUrl,
      tokens: createWechatAccessTokenSource({ baseUrl: wx.baseUrl, appId: APP_ID, appSecret: APP_SECRET }),
    });

  it('sends the documented body and returns the trace id', async () => {
    const { traceId } = await checker().submit({
      mediaUrl: 'https://x.example/p.jpg?a=1&b=2',
      openid: 'o-1',
      scene: 1,
    });
    expect(wx.mediaChecks).toEqual([
      { traceId, mediaUrl: 'https://x.example/p.jpg?a=1&b=2', mediaType: 2, openid: 'o-1', scene: 1 },
    ]);
  });

  it('fails with MediaCheckUnavailable naming the errcode, never the token', async () => {
    wx.setNextMediaCheckError(40003, 'invalid openid');
    const err = await checker()
      .submit({ mediaUrl: 'https://x.example/p.jpg', openid: 'o-1', scene: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaCheckUnavailable);
    expect((err as MediaCheckUnavailable).errcode).toBe(40003);
    const shown = inspect(err, { depth: 5 });
    for (const r of wx.requests) if (r.query.access_token) expect(shown).not.toContain(r.query.access_token);
    expect(shown).not.toContain(APP_SECRET);
  });

  it('signs pushes as WeChat documents: sha1 of token, timestamp and nonce sorted', () => {
    // sorted: ['1409304348', 'tok', 'xxxxxx'] → sha1('1409304348tokxxxxxx'), computed independently.
    const sig = pushSignature('tok', '1409304348', 'xxxxxx');
    expect(sig).toBe('683cedf3732d24caae1c16c8dd5354daba3f851a');
    const now = 1409304348 * 1000;
    expect(
      verifyPushSignature('tok', { signature: sig, timestamp: '1409304348', nonce: 'xxxxxx' }, now),
    ).toBe(true);
    expect(
      verifyPushSignature(
        'tok',
        { signature: sig.toUpperCase(), timestamp: '1409304348', nonce: 'xxxxxx' },
        now,
      ),
    ).toBe(true);
    expect(
      verifyPushSignature('tok', { signature: sig, timestamp: '1409304349', nonce: 'xxxxxx' }, now),
    ).toBe(false);
    expect(
      verifyPushSignature('tok', { signature: sig, timestamp: '1409304348', nonce: 'xxxxxy' }, now),
    ).toBe(false);
    expect(
      verifyPushSignature('tok', { signature: sig, timestamp: '1409304348', nonce: 'xxxxxx' }, now + 301_000),
    ).toBe(false);
    expect(verifyPushSignature('tok', { signature: '', timestamp: '1409304348', nonce: 'xxxxxx' }, now)).toBe(
      false,
    );
  });
});

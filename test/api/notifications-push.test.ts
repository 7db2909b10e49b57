import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotificationKind } from '../../shared/constants';
import type { Config } from '../../server/config';
import { openDatabase } from '../../server/db/client';
import { newPublicId } from '../../server/ids';
import {
  dispatchPendingPushes,
  duePushesQuery,
  PUSH_MAX_ATTEMPTS,
  PUSH_RETRY_STEP_MS,
  startPushDispatcher,
} from '../../server/modules/notifications/dispatch-pushes';
import { links, notify } from '../../server/modules/notifications/notify';
import { wechatTime } from '../../server/modules/notifications/push-templates';
import { createServices, type Services } from '../../server/services';
import { type FakeWechat, startFakeWechat } from '../fakes/wechat-server';
import { personaUserId } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

const OPENID = 'o-donor-chen';
const NOW = Date.parse('2026-03-01T08:00:00Z');
const DEADLINE = NOW + 72 * 3_600_000;

let wx: FakeWechat;
let t: TestApp;
let services: Services;
let donorId: number;

beforeEach(async () => {
  wx = await startFakeWechat();
  t = await createTestApp({
    demo: true,
    env: {
      WECHAT_APPID: wx.appId,
      WECHAT_SECRET: wx.appSecret,
      WECHAT_API_BASE: wx.baseUrl,
      WECHAT_TEMPLATE_CLAIM: 'tmpl-claim',
      WECHAT_TEMPLATE_PROGRESS: 'tmpl-progress',
      WECHAT_TEMPLATE_REMINDER: 'tmpl-reminder',
    },
  });
  services = createServices(t.config);
  donorId = personaUserId(t, 'donor');
  t.sqlite.prepare('UPDATE users SET wechat_openid = ? WHERE id = ?').run(OPENID, donorId);
});
afterEach(async () => {
  await t.close();
  await wx.close();
});

interface Wish {
  id: number;
  publicId: string;
  title: string;
  siteName: string;
}

function publishedWish(offset = 0): Wish {
  return t.sqlite
    .prepare(
      `SELECT w.id, w.public_id AS publicId, w.title, s.name AS siteName FROM wishes w
       JOIN handover_sites s ON s.id = w.handover_site_id WHERE w.status = 'published' ORDER BY w.id LIMIT 1 OFFSET ?`,
    )
    .get(offset) as Wish;
}

/** A claim of `wish` by `userId`, written straight into the table (the claims module is not under test). */
function claimOf(wish: Wish, userId: number): { id: number; publicId: string } {
  const publicId = newPublicId();
  const row = t.sqlite
    .prepare(
      `INSERT INTO claims (public_id, wish_id, donor_user_id, shares, stage, claimed_at, deadline_at, updated_at)
       VALUES (?, ?, ?, 1, 'claimed', ?, ?, ?) RETURNING id`,
    )
    .get(publicId, wish.id, userId, NOW, DEADLINE, NOW) as { id: number };
  return { id: row.id, publicId };
}

/** One inbox message about `wish` (and its claim), queued for a push, as the use cases write it. */
function notice(
  kind: NotificationKind,
  wish: Wish,
  claim: { id: number; publicId: string } | null,
  userId = donorId,
): void {
  t.db.transaction((tx) =>
    notify(
      tx,
      {
        userId,
        kind,
        vars: { wishTitle: wish.title },
        link: claim ? links.claim(claim.publicId) : null,
        wishId: wish.id,
        ...(claim && { claimId: claim.id }),
      },
      NOW,
    ),
  );
}

interface PushRow {
  kind: string;
  push_status: string;
  push_attempts: number;
  pushed_at: number | null;
}
const pushRows = () =>
  t.sqlite
    .prepare('SELECT kind, push_status, push_attempts, pushed_at FROM notifications ORDER BY id')
    .all() as PushRow[];
const sendRequests = () => wx.requests.filter((r) => r.path === '/cgi-bin/message/subscribe/send');
const dispatch = (now = NOW, s: Pick<Services, 'wechat'> = services, config: Config = t.config) =>
  dispatchPendingPushes(t.db, s, config, now);

describe('push dispatcher against the fake WeChat over HTTP', () => {
  it('sends a claim confirmation once, with only the title, the deadline and the site', async () => {
    const wish = publishedWish();
    const claim = claimOf(wish, donorId);
    notice('claim_confirmed', wish, claim);

    expect(await dispatch()).toEqual({ sent: 1, refused: 0, none: 0, failed: 0, retrying: 0 });
    expect(wx.subscribeMessages).toEqual([
      {
        touser: OPENID,
        template_id: 'tmpl-claim',
        page: `donor/claim/index?id=${claim.publicId}`,
        data: {
          thing1: { value: wish.title.slice(0, 20) },
          time2: { value: wechatTime(DEADLINE) },
          thing3: { value: wish.siteName.slice(0, 20) },
        },
        miniprogram_state: 'developer',
        lang: 'zh_CN',
      },
    ]);
    expect(pushRows()).toEqual([
      { kind: 'claim_confirmed', push_status: 'sent', push_attempts: 1, pushed_at: NOW },
    ]);

    // Sent is sent: later runs leave it alone.
    expect(await dispatch(NOW + 3_600_000)).toEqual({ sent: 0, refused: 0, none: 0, failed: 0, retrying: 0 });
    expect(wx.subscribeMessages).toHaveLength(1);
  });

  it('uses the reminder and progress templates for their kinds', async () => {
    const wish = publishedWish();
    const claim = claimOf(wish, donorId);
    notice('deadline_24h', wish, claim);
    notice('handed_over', wish, null);
    await dispatch();
    expect(wx.subscribeMessages.map((m) => [m.template_id, Object.keys(m.data), m.page])).toEqual([
      ['tmpl-reminder', ['thing1', 'time2', 'thing3'], `donor/claim/index?id=${claim.publicId}`],
      ['tmpl-progress', ['thing1', 'phrase2', 'thing3'], undefined],
    ]);
    expect(wx.subscribeMessages[1]!.data.phrase2).toEqual({ value: '已转交' });
  });

  it('marks a refusal (43101) refused and does not try again', async () => {
    wx.refuseSubscriptions(OPENID);
    notice('handed_over', publishedWish(), null);
    expect((await dispatch()).refused).toBe(1);
    expect(pushRows()[0]).toMatchObject({ push_status: 'refused', push_attempts: 1 });
    await dispatch(NOW + 3_600_000);
    expect(sendRequests()).toHaveLength(1);
  });

  it('refreshes an expired token and retries once, within the same run', async () => {
    const wish = publishedWish();
    notice('handed_over', wish, null);
    await dispatch();
    wx.expireTokens();
    notice('thank_you', wish, null);

    expect((await dispatch()).sent).toBe(1);
    expect(wx.requests.filter((r) => r.path === '/cgi-bin/stable_token')).toHaveLength(2);
    expect(sendRequests()).toHaveLength(3);
    expect(wx.subscribeMessages).toHaveLength(2);
    expect(pushRows().map((r) => [r.push_status, r.push_attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
  });

  it('keeps a row pending after trouble, retries it later, and gives up after five tries', async () => {
    notice('handed_over', publishedWish(), null);
    let now = NOW;
    for (let attempt = 1; attempt <= PUSH_MAX_ATTEMPTS; attempt += 1) {
      wx.setNextSubscribeError(-1, 'system error');
      const result = await dispatch(now);
      expect(pushRows()[0]!.push_attempts).toBe(attempt);
      if (attempt < PUSH_MAX_ATTEMPTS) {
        expect(result.retrying).toBe(1);
        expect(pushRows()[0]!.push_status).toBe('pending');
        // Not due again at once: the next try waits attempt × the retry step.
        expect((await dispatch(now + attempt * PUSH_RETRY_STEP_MS - 1)).retrying).toBe(0);
        now += attempt * PUSH_RETRY_STEP_MS;
      } else {
        expect(result.failed).toBe(1);
      }
    }
    expect(pushRows()[0]!.push_status).toBe('failed');
    expect(sendRequests()).toHaveLength(PUSH_MAX_ATTEMPTS);
    await dispatch(now + 3_600_000);
    expect(sendRequests()).toHaveLength(PUSH_MAX_ATTEMPTS);
  });

  it('retries after WeChat was unreachable, then sends', async () => {
    notice('handed_over', publishedWish(), null);
    const gone = createServices({
      ...t.config,
      wechat: { ...t.config.wechat!, apiBase: 'http://127.0.0.1:9' },
    });
    expect((await dispatch(NOW, gone)).retrying).toBe(1);
    expect((await dispatch(NOW + PUSH_RETRY_STEP_MS)).sent).toBe(1);
    expect(pushRows()[0]).toMatchObject({ push_status: 'sent', push_attempts: 2 });
  });

  it('fails a message WeChat rejects as wrong (47003) at once: retrying cannot help', async () => {
    notice('handed_over', publishedWish(), null);
    wx.setNextSubscribeError(47003, 'argument invalid! data.thing3.value');
    expect((await dispatch()).failed).toBe(1);
    expect(pushRows()[0]).toMatchObject({ push_status: 'failed', push_attempts: 1 });
  });

  it('settles as none, without calling WeChat: no openid, no template, no WeChat, a disabled user', async () => {
    const wish = publishedWish();
    const caseworker = personaUserId(t, 'caseworker');
    notice('item_shipped', wish, null, caseworker);
    expect((await dispatch()).none).toBe(1);

    notice('handed_over', wish, null);
    const noTemplates: Config = {
      ...t.config,
      wechatPush: {
        ...t.config.wechatPush,
        templates: { claim: 'tmpl-claim', progress: null, reminder: null },
      },
    };
    expect((await dispatch(NOW, services, noTemplates)).none).toBe(1);

    notice('thank_you', wish, null);
    expect((await dispatch(NOW, { wechat: null })).none).toBe(1);

    t.sqlite.prepare("UPDATE users SET status = 'disabled' WHERE id = ?").run(donorId);
    notice('handed_over', publishedWish(1), null);
    expect((await dispatch()).none).toBe(1);

    expect(pushRows().map((r) => [r.push_status, r.push_attempts])).toEqual([
      ['none', 0],
      ['none', 0],
      ['none', 0],
      ['none', 0],
    ]);
    expect(wx.requests).toHaveLength(0);
  });

  it('sends each message once when two dispatchers (two connections, two token sources) run at once', async () => {
    const wish = publishedWish();
    for (let i = 0; i < 12; i += 1) {
      const user = t.sqlite
        .prepare(
          'INSERT INTO users (public_id, display_name, wechat_openid, created_at) VALUES (?, ?, ?, ?) RETURNING id',
        )
        .get(newPublicId(), `爱心人士${i}`, `o-donor-${i}`, NOW) as { id: number };
      notice('claim_confirmed', wish, claimOf(wish, user.id), user.id);
    }
    wx.setSubscribeDelay(20);
    const other = openDatabase(t.config.databasePath);
    try {
      const [a, b] = await Promise.all([
        dispatchPendingPushes(t.db, services, t.config, NOW),
        dispatchPendingPushes(other.db, createServices(t.config), t.config, NOW),
      ]);
      expect(a.sent + b.sent).toBe(12);
      expect(a.sent).toBeGreaterThan(0);
      expect(b.sent).toBeGreaterThan(0);
    } finally {
      other.sqlite.close();
    }
    const recipients = wx.subscribeMessages.map((m) => m.touser);
    expect(recipients).toHaveLength(12);
    expect(new Set(recipients).size).toBe(12);
    expect(pushRows().every((r) => r.push_status === 'sent' && r.push_attempts === 1)).toBe(true);
  });

  it('finds due rows through the partial push index', () => {
    const { sql, params } = duePushesQuery(t.db, NOW, 20).toSQL();
    const plan = t.sqlite
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => (r as { detail: string }).detail)
      .join('\n');
    expect(plan).toContain('notifications_push_idx');
  });

  it('runs on an interval in the server process, and stop() waits for the run in flight', async () => {
    notice('handed_over', publishedWish(), null);
    wx.setSubscribeDelay(50);
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const job = startPushDispatcher(t.db, services, t.config, quiet, 10);
    await expect.poll(() => sendRequests().length, { timeout: 5_000 }).toBe(1);
    await job.stop();
    expect(pushRows()[0]!.push_status).toBe('sent');
  });
});

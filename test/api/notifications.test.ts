import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotificationKind } from '../../shared/constants';
import { newPublicId } from '../../server/ids';
import { unreadCountQuery } from '../../server/modules/notifications/count-unread';
import { notify } from '../../server/modules/notifications/notify';
import { call, demoLogin, personaUserId } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

const LIST = '/api/v1/me/notifications';
const UNREAD = '/api/v1/me/notifications/unread';
const READ = '/api/v1/me/notifications/read';
const T0 = Date.parse('2026-03-01T08:00:00Z');

let t: TestApp;
let donor: string;
let caseworker: string;

beforeEach(async () => {
  t = await createTestApp({ demo: true });
  donor = await demoLogin(t, 'donor');
  caseworker = await demoLogin(t, 'caseworker');
});
afterEach(() => t.close());

/** Puts `n` messages in a persona's inbox, one a minute from `from`, the way use cases do. */
function inbox(persona: string, n: number, from = T0, kind: NotificationKind = 'item_received'): void {
  const userId = personaUserId(t, persona);
  t.db.transaction((tx) => {
    for (let i = 0; i < n; i += 1) {
      notify(tx, { userId, kind, vars: { wishTitle: `心愿${i}` }, link: null }, from + i * 60_000);
    }
  });
}

interface Page {
  items: { id: string; kind: string; title: string; body: string; createdAt: string; read: boolean }[];
  nextCursor: string | null;
}

async function page(token: string, query = ''): Promise<Page> {
  const res = await call(t, token, 'GET', `${LIST}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}

async function allPages(token: string, limit: number): Promise<Page['items']> {
  const items: Page['items'] = [];
  let cursor: string | null = null;
  do {
    const p = await page(token, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(p.items.length).toBeLessThanOrEqual(limit);
    items.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return items;
}

const unread = async (token: string) => {
  const res = await call(t, token, 'GET', UNREAD);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { unread: number }).unread;
};

describe('inbox list', () => {
  it('shows only the caller’s own messages, newest first, page by page', async () => {
    inbox('donor', 5);
    inbox('caseworker', 3);

    const items = await allPages(donor, 2);
    expect(items.map((i) => i.body)).toEqual(
      ['心愿4', '心愿3', '心愿2', '心愿1', '心愿0'].map((w) => expect.stringContaining(`「${w}」`)),
    );
    expect(new Set(items.map((i) => i.id)).size).toBe(5);
    expect(items[0]).toEqual({
      id: expect.any(String),
      kind: 'item_received',
      title: '礼物已签收',
      body: expect.stringContaining('心愿4'),
      link: null,
      createdAt: new Date(T0 + 4 * 60_000).toISOString(),
      read: false,
    });
    expect(await allPages(caseworker, 10)).toHaveLength(3);
  });

  it('ends with a null cursor, and an empty inbox is an empty page', async () => {
    inbox('donor', 2);
    expect((await page(donor, '?limit=2')).nextCursor).toBeNull();
    expect(await page(caseworker)).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a cursor that is garbage or points into someone else’s inbox', async () => {
    inbox('donor', 3);
    inbox('caseworker', 3);
    const theirs = (await page(caseworker, '?limit=1')).nextCursor!;
    for (const cursor of [theirs, 'not-a-cursor', Buffer.from('[1]').toString('base64url')]) {
      const res = await call(t, donor, 'GET', `${LIST}?cursor=${cursor}`);
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json().error.code).toBe('INVALID_CURSOR');
    }
    for (const q of ['?limit=0', '?limit=1000', '?limit=abc', '?limit=1&limit=2']) {
      expect((await call(t, donor, 'GET', `${LIST}${q}`)).statusCode, q).toBe(400);
    }
  });

  it('needs a session', async () => {
    for (const [method, url] of [
      ['GET', LIST],
      ['GET', UNREAD],
      ['POST', READ],
    ] as const) {
      expect(
        (await call(t, null, method, url, method === 'POST' ? { all: true } : undefined)).statusCode,
      ).toBe(401);
    }
  });
});

describe('unread count and marking read', () => {
  it('counts unread messages; marking some read changes only the caller’s', async () => {
    inbox('donor', 4);
    inbox('caseworker', 2);
    expect(await unread(donor)).toBe(4);

    const mine = (await page(donor)).items.map((i) => i.id);
    const theirs = (await page(caseworker)).items.map((i) => i.id);
    const res = await call(t, donor, 'POST', READ, { ids: [mine[0], mine[1], ...theirs] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ unread: 2 });

    expect((await page(donor)).items.map((i) => i.read)).toEqual([true, true, false, false]);
    // The other user's messages named in the body are untouched.
    expect(await unread(caseworker)).toBe(2);
    expect((await page(caseworker)).items.every((i) => !i.read)).toBe(true);
  });

  it('marks everything read with {all: true}, keeping the first read time', async () => {
    inbox('donor', 3);
    inbox('caseworker', 1);
    const [first] = (await page(donor)).items;
    await call(t, donor, 'POST', READ, { ids: [first!.id] });
    const readAt = () =>
      (
        t.sqlite.prepare('SELECT read_at FROM notifications WHERE public_id = ?').get(first!.id) as {
          read_at: number;
        }
      ).read_at;
    const before = readAt();
    await new Promise((r) => setTimeout(r, 5));

    const res = await call(t, donor, 'POST', READ, { all: true });
    expect(res.json()).toEqual({ unread: 0 });
    expect(readAt()).toBe(before);
    expect(await unread(caseworker)).toBe(1);
    // Again: nothing left to mark, same answer.
    expect((await call(t, donor, 'POST', READ, { all: true })).json()).toEqual({ unread: 0 });
  });

  it('ignores unknown ids without saying whether they exist', async () => {
    inbox('donor', 1);
    const res = await call(t, donor, 'POST', READ, { ids: [newPublicId()] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ unread: 1 });
  });

  it('refuses bad bodies with 400 and changes nothing', async () => {
    inbox('donor', 2);
    const [id] = (await page(donor)).items.map((i) => i.id);
    const bodies: (object | string)[] = [
      {},
      { ids: [] },
      { ids: 'all' },
      { ids: ['not an id'] },
      { ids: [id, 42] },
      { ids: Array.from({ length: 101 }, () => id) },
      { all: false },
      { all: 'true' },
      { all: true, ids: [id] },
      { ids: [id], userId: 1 },
      '{"__proto__":{"all":true}}',
      '[]',
      'null',
    ];
    for (const body of bodies) {
      const res = await call(t, donor, 'POST', READ, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const noType = await t.app.inject({
      method: 'POST',
      url: READ,
      headers: { authorization: `Bearer ${donor}`, 'content-type': 'text/plain' },
      payload: '{"all":true}',
    });
    expect(noType.statusCode).toBeGreaterThanOrEqual(400);
    expect(noType.statusCode).toBeLessThan(500);
    expect(await unread(donor)).toBe(2);
  });

  it('counts through the partial unread index', () => {
    const { sql, params } = unreadCountQuery(t.db, personaUserId(t, 'donor')).toSQL();
    const plan = t.sqlite
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => (r as { detail: string }).detail)
      .join('\n');
    expect(plan).toContain('notifications_unread_idx');
  });
});

describe('subscription templates', () => {
  it('lists nothing when WeChat is not configured', async () => {
    const res = await call(t, null, 'GET', '/api/v1/subscription-templates');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ templateIds: [] });
  });

  it('lists the configured templates once each, to anyone', async () => {
    const configured = await createTestApp({
      env: {
        WECHAT_APPID: 'wx-app',
        WECHAT_SECRET: 'secret',
        WECHAT_TEMPLATE_CLAIM: 'tmpl-claim',
        WECHAT_TEMPLATE_PROGRESS: 'tmpl-progress',
        WECHAT_TEMPLATE_REMINDER: 'tmpl-claim',
      },
    });
    try {
      const res = await call(configured, null, 'GET', '/api/v1/subscription-templates');
      expect(res.json()).toEqual({ templateIds: ['tmpl-claim', 'tmpl-progress'] });
    } finally {
      await configured.close();
    }
  });
});

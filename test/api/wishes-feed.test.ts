import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URGENCY_LEVELS } from '../../shared/constants';
import { wishFeedPageSchema, type PublicWishCard } from '../../shared/schemas/wishes';
import { DEMO_WISHES } from '../../server/demo/wishes';
import { createTestApp, type TestApp } from '../support/test-app';

const publishedDemoCount = DEMO_WISHES.filter((w) => (w.status ?? 'published') === 'published').length;

describe('GET /api/v1/wishes (donor feed)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  const get = (query = '') => t.app.inject({ method: 'GET', url: `/api/v1/wishes${query}` });

  it('returns the first 20 published wishes with a cursor, in the contract shape', async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    const page = wishFeedPageSchema.parse(res.json());
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(page.items.every((w) => w.status === 'published')).toBe(true);
  });

  it('walks every published wish exactly once, most urgent first, then longest waiting', async () => {
    const seen: PublicWishCard[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = wishFeedPageSchema.parse(res.json());
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);

    expect(seen).toHaveLength(publishedDemoCount);
    expect(new Set(seen.map((w) => w.id)).size).toBe(publishedDemoCount);
    const keys = seen.map((w) => [URGENCY_LEVELS.indexOf(w.urgency), Date.parse(w.publishedAt)] as const);
    for (let i = 1; i < keys.length; i++) {
      const [u0, p0] = keys[i - 1]!;
      const [u1, p1] = keys[i]!;
      expect(u0 < u1 || (u0 === u1 && p0 <= p1)).toBe(true);
    }
    expect(seen[0]!.urgency).toBe('red');
  });

  it('never shows drafts, wishes in review, or wishes already claimed or done', async () => {
    const res = await get(`?limit=50`);
    const titles = wishFeedPageSchema.parse(res.json()).items.map((w) => w.title);
    for (const w of DEMO_WISHES.filter((d) => d.status && d.status !== 'published')) {
      expect(titles).not.toContain(w.title);
    }
  });

  it.each([
    ['?limit=0', 'querystring.limit'],
    ['?limit=51', 'querystring.limit'],
    ['?limit=-1', 'querystring.limit'],
    ['?limit=abc', 'querystring.limit'],
    ['?limit=2.5', 'querystring.limit'],
    ['?limit=99999999999999999999', 'querystring.limit'],
    ['?limit=1&limit=2', 'querystring.limit'],
  ])('refuses %s with 400 VALIDATION_FAILED naming the field', async (query, path) => {
    const res = await get(query);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('refuses a query with a broken percent-escape with 400 VALIDATION_FAILED', async () => {
    const res = await get('?cursor=%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it.each(['garbage', 'WzAsMSwiYSJd', Buffer.from('[9,1,"x"]').toString('base64url')])(
    'refuses a broken cursor %s with 400 INVALID_CURSOR',
    async (cursor) => {
      const res = await get(`?cursor=${cursor}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('INVALID_CURSOR');
    },
  );

  it('lists the towns that have wishes waiting, with their counts, for the filter', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/towns' });
    expect(res.statusCode).toBe(200);
    const towns = res.json().items as { id: string; name: string; wishes: number }[];
    expect(towns.map((x) => x.name).sort()).toEqual(
      ['南岭镇', '城关镇', '桃源乡', '白沙街道', '石桥镇'].sort(),
    );
    expect(towns.reduce((n, x) => n + x.wishes, 0)).toBe(publishedDemoCount);
    const first = towns[0]!;
    const feed = await get(`?region=${first.id}&limit=50`);
    expect(wishFeedPageSchema.parse(feed.json()).items).toHaveLength(first.wishes);
  });

  it('answers an empty page for an empty database', async () => {
    const empty = await createTestApp();
    const res = await empty.app.inject({ method: 'GET', url: '/api/v1/wishes' });
    expect(res.json()).toEqual({ items: [], nextCursor: null });
    await empty.close();
  });
});

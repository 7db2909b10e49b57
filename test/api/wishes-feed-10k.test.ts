import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIFFICULTY_CATEGORIES,
  URGENCY_LEVELS,
  WISH_KINDS,
  WISH_SORTS,
  type WishSort,
} from '../../shared/constants';
import { wishFeedPageSchema } from '../../shared/schemas/wishes';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The donor feed over 10 000 wishes: every filter and every order, walked page by page, must give
 * exactly the rows an in-memory reference gives, in the same order, each once.
 */
const N = 10_000;
const DAY = 24 * 60 * 60 * 1000;

interface Ref {
  id: string;
  status: string;
  urgencyRank: number;
  category: string;
  kind: string;
  value: number;
  publishedAt: number;
  regionPath: string;
  campaign: number | null;
  expiresAt: number | null;
}

describe('donor feed on 10 000 wishes', { timeout: 60_000 }, () => {
  let t: TestApp;
  let refs: Ref[] = [];
  let towns: { publicId: string; path: string; name: string }[] = [];
  let village: { publicId: string; path: string };
  let campaign: { id: number; publicId: string };
  const now = Date.now();

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const q = t.sqlite;
    towns = q
      .prepare(`SELECT public_id AS publicId, path, name FROM regions WHERE level = 'town'`)
      .all() as never;
    village = q
      .prepare(`SELECT public_id AS publicId, path FROM regions WHERE name = '上坑村'`)
      .get() as never;
    campaign = q.prepare(`SELECT id, public_id AS publicId FROM campaigns LIMIT 1`).get() as never;
    const files = q
      .prepare(`SELECT id, town_id AS townId, region_path AS regionPath, org_id AS orgId FROM beneficiaries`)
      .all() as { id: number; townId: number; regionPath: string; orgId: number }[];
    const site = (q.prepare(`SELECT id FROM handover_sites LIMIT 1`).get() as { id: number }).id;
    const user = (q.prepare(`SELECT id FROM users LIMIT 1`).get() as { id: number }).id;
    // Only the generated wishes: the demo's own would need their own reference rows.
    q.prepare(`DELETE FROM wishes`).run();

    const insert = q.prepare(`INSERT INTO wishes (public_id, org_id, beneficiary_id, title, description, kind,
      quantity, estimated_value_fen, shares, handover_site_id, campaign_id, pseudonym, age, gender, category,
      urgency, town_id, region_path, status, created_by, created_at, updated_at, published_at, expires_at)
      VALUES (@id, @orgId, @fileId, '心愿', '说明', @kind, 1, @value, 1, @site, @campaign, '小某', 9, 'male',
      @category, @urgency, @townId, @regionPath, @status, @user, 0, 0, @publishedAt, @expiresAt)`);
    // A deterministic pseudo-random walk over every field the feed filters and sorts on.
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const statuses = ['published', 'published', 'published', 'published', 'draft', 'claimed', 'in_review'];
    q.transaction(() => {
      for (let i = 0; i < N; i++) {
        const file = files[rand(files.length)]!;
        const inCampaign = rand(4) === 0;
        const row = {
          id: `w${String(i).padStart(15, '0')}`,
          orgId: file.orgId,
          fileId: file.id,
          kind: WISH_KINDS[rand(3)]!,
          // Many ties on value and publication time, so the id tie-break matters.
          value: (rand(50) + 1) * 1000,
          site,
          campaign: inCampaign ? campaign.id : null,
          category: DIFFICULTY_CATEGORIES[rand(8)]!,
          urgency: URGENCY_LEVELS[rand(4)]!,
          townId: file.townId,
          regionPath: file.regionPath,
          status: statuses[rand(statuses.length)]!,
          user,
          publishedAt: now - rand(60) * DAY,
          // Some campaign wishes have already passed their campaign's end.
          expiresAt: inCampaign ? (rand(5) === 0 ? now - DAY : now + 30 * DAY) : null,
        };
        insert.run(row);
        refs.push({
          id: row.id,
          status: row.status,
          urgencyRank: URGENCY_LEVELS.indexOf(row.urgency),
          category: row.category,
          kind: row.kind,
          value: row.value,
          publishedAt: row.publishedAt,
          regionPath: row.regionPath,
          campaign: row.campaign,
          expiresAt: row.expiresAt,
        });
      }
    })();
    // Public ids are the feed's tie-break; the reference compares them the way SQLite does (binary).
    refs = refs.filter((r) => r.status === 'published' && (r.expiresAt === null || r.expiresAt > now));
  }, 60_000);
  afterAll(() => t.close());

  const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  const ORDER: Record<WishSort, (a: Ref, b: Ref) => number> = {
    urgent: (a, b) =>
      cmp(a.urgencyRank, b.urgencyRank) || cmp(a.publishedAt, b.publishedAt) || cmp(a.id, b.id),
    newest: (a, b) => cmp(b.publishedAt, a.publishedAt) || cmp(b.id, a.id),
    value_asc: (a, b) => cmp(a.value, b.value) || cmp(a.id, b.id),
    value_desc: (a, b) => cmp(b.value, a.value) || cmp(b.id, a.id),
  };

  async function walk(query: Record<string, string>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const qs = new URLSearchParams({ ...query, limit: '50', ...(cursor ? { cursor } : {}) });
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/wishes?${qs.toString()}` });
      expect(res.statusCode, res.body).toBe(200);
      const page = wishFeedPageSchema.parse(res.json());
      ids.push(...page.items.map((w) => w.id));
      cursor = page.nextCursor;
      if (!cursor) return ids;
    }
    throw new Error('feed did not end');
  }

  it.each(WISH_SORTS)('walks every published, unexpired wish once in the %s order', async (sort) => {
    const expected = [...refs].sort(ORDER[sort]).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(4_000);
    expect(await walk({ sort })).toEqual(expected);
  });

  const FILTERS: [string, () => Record<string, string>, (r: Ref) => boolean][] = [
    ['one urgency', () => ({ urgency: 'red' }), (r) => r.urgencyRank === 0],
    ['two urgencies', () => ({ urgency: 'red,blue' }), (r) => r.urgencyRank === 0 || r.urgencyRank === 3],
    [
      'categories',
      () => ({ category: 'illness,left_behind' }),
      (r) => r.category === 'illness' || r.category === 'left_behind',
    ],
    ['a kind', () => ({ kind: 'service' }), (r) => r.kind === 'service'],
    [
      'a value range',
      () => ({ minValueFen: '10000', maxValueFen: '20000' }),
      (r) => r.value >= 10_000 && r.value <= 20_000,
    ],
    ['a campaign', () => ({ campaign: campaign.publicId }), (r) => r.campaign === campaign.id],
    [
      'a town (its whole subtree)',
      () => ({ region: towns[0]!.publicId }),
      (r) => r.regionPath.startsWith(towns[0]!.path),
    ],
    ['a village', () => ({ region: village.publicId }), (r) => r.regionPath.startsWith(village.path)],
    [
      'everything at once',
      () => ({ urgency: 'red,orange', kind: 'item', minValueFen: '5000', region: towns[1]!.publicId }),
      (r) =>
        r.urgencyRank <= 1 && r.kind === 'item' && r.value >= 5000 && r.regionPath.startsWith(towns[1]!.path),
    ],
  ];

  it.each(FILTERS)('filters by %s, in every order', async (_, query, keep) => {
    const matching = refs.filter(keep);
    expect(matching.length).toBeGreaterThan(0);
    expect(matching.length).toBeLessThan(refs.length);
    for (const sort of WISH_SORTS) {
      expect(await walk({ ...query(), sort }), sort).toEqual(
        [...matching].sort(ORDER[sort]).map((r) => r.id),
      );
    }
  });

  it('refuses a cursor from one order replayed against another', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/wishes?limit=5&sort=newest' });
    const { nextCursor } = wishFeedPageSchema.parse(res.json());
    const replay = await t.app.inject({
      method: 'GET',
      url: `/api/v1/wishes?sort=value_asc&cursor=${encodeURIComponent(nextCursor ?? '')}`,
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('INVALID_CURSOR');
  });

  it('answers 404 for an unknown region or campaign rather than an empty feed', async () => {
    for (const q of ['region=AAAAAAAAAAAAAAAA', 'campaign=AAAAAAAAAAAAAAAA']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/wishes?${q}` });
      expect(res.statusCode).toBe(404);
    }
  });
});

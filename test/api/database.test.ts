import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import { seedDemoData } from '../../server/demo/seed-demo';
import { FEED_ORDERS, feedQuery } from '../../server/modules/wishes/list-published-wishes';
import { DEMO_WISHES } from '../../server/demo/wishes';
import { createTestApp, type TestApp } from '../support/test-app';

describe('the SQLite database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('runs in its durable configuration: WAL, synchronous=FULL, foreign keys on', () => {
    expect(t.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(t.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(t.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(t.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('applies migrations once: reopening the same file changes nothing', () => {
    const again = openDatabase(t.config.databasePath);
    const n = again.sqlite.prepare('SELECT count(*) AS n FROM wishes').get() as { n: number };
    expect(n.n).toBe(DEMO_WISHES.length);
    again.sqlite.close();
  });

  it('seeds demo data only into an empty database', () => {
    expect(seedDemoData(t.db, Date.now())).toBe(false);
    const n = t.sqlite.prepare('SELECT count(*) AS n FROM wishes').get() as { n: number };
    expect(n.n).toBe(DEMO_WISHES.length);
  });

  it('demo data covers all 8 categories and 4 urgency levels in a county → town → village tree', () => {
    const cats = t.sqlite
      .prepare("SELECT count(DISTINCT category) AS n FROM wishes WHERE status = 'published'")
      .get();
    const urg = t.sqlite
      .prepare("SELECT count(DISTINCT urgency) AS n FROM wishes WHERE status = 'published'")
      .get();
    const levels = t.sqlite
      .prepare('SELECT level, count(*) AS n FROM regions GROUP BY level ORDER BY level')
      .all();
    expect(cats).toEqual({ n: 8 });
    expect(urg).toEqual({ n: 4 });
    expect(levels).toEqual([
      { level: 'county', n: 1 },
      { level: 'town', n: 5 },
      { level: 'village', n: 13 },
    ]);
    expect(DEMO_WISHES.length).toBeGreaterThanOrEqual(40);
  });

  const FEED_INDEX = {
    urgent: 'wishes_feed_idx',
    newest: 'wishes_newest_idx',
    value_asc: 'wishes_value_idx',
    value_desc: 'wishes_value_idx',
  } as const;
  const LATER: Record<keyof typeof FEED_INDEX, unknown[]> = {
    urgent: [1, 1_795_000_000_000, 'Ab-_0123456789xy'],
    newest: [1_795_000_000_000, 'Ab-_0123456789xy'],
    value_asc: [10_000, 'Ab-_0123456789xy'],
    value_desc: [10_000, 'Ab-_0123456789xy'],
  };
  it.each(
    Object.keys(FEED_INDEX).flatMap((sort) => [
      [sort, 'the first page', false],
      [sort, 'a later page', true],
    ]) as [keyof typeof FEED_INDEX, string, boolean][],
  )('feed sorted %s walks its index for %s: no table scan, no sort', (sort, _, later) => {
    const after = later ? FEED_ORDERS[sort].after(LATER[sort]) : undefined;
    const { sql, params } = feedQuery(t.db, { sort }, Date.now(), after).limit(21).toSQL();
    const plan = t.sqlite
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => (r as { detail: string }).detail)
      .join('\n');
    expect(plan).toMatch(new RegExp(`SEARCH wishes USING INDEX ${FEED_INDEX[sort]}`));
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(plan).not.toMatch(/SCAN wishes/);
  });

  const insert =
    (fen: unknown, urgency = 'red', status = 'published') =>
    () =>
      t.sqlite
        .prepare(
          `INSERT INTO wishes (public_id, org_id, beneficiary_id, title, description, kind, quantity, shares,
             handover_site_id, pseudonym, age, gender, category, urgency, estimated_value_fen, town_id,
             region_path, status, created_by, created_at, updated_at, published_at)
           VALUES (?, (SELECT id FROM organizations LIMIT 1), (SELECT id FROM beneficiaries LIMIT 1), 't', 'd',
             'item', 1, 1, (SELECT id FROM handover_sites LIMIT 1), 'p', 9, 'male', 'education', ?, ?,
             (SELECT id FROM regions WHERE level = 'town' LIMIT 1), '/', ?, (SELECT id FROM users LIMIT 1), 1, 1, 1)`,
        )
        .run(`x${Math.random().toString(36).slice(2, 17)}`, urgency, fen, status);

  it('refuses money that is not whole positive fen, and unknown enum values', () => {
    expect(insert(12.5)).toThrow(/CHECK constraint failed/);
    expect(insert(0)).toThrow(/CHECK constraint failed/);
    expect(insert('a hundred')).toThrow(/CHECK constraint failed/);
    expect(insert(100, 'purple')).toThrow(/constraint failed/);
    expect(insert(100, 'red', 'sold')).toThrow(/CHECK constraint failed/);
    expect(insert(100)).not.toThrow();
  });
});

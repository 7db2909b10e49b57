import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Claim, ClaimDetail } from '../../shared/schemas/claims';
import { newPublicId } from '../../server/ids';
import { sweepClaims } from '../../server/modules/claims/sweep-claims';
import { addDonor, claim, publishedWish } from '../support/donors';
import { auditEvents, call } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const HOUR = 3_600_000;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(async () => {
  await t.close();
});

const notices = (t: TestApp, kind: string) =>
  t.sqlite
    .prepare('SELECT user_id AS userId, claim_id AS claimId FROM notifications WHERE kind = ?')
    .all(kind) as {
    userId: number;
    claimId: number;
  }[];

/**
 * `n` claimed wishes whose claims are past their deadline, written straight into the database
 * (cloned from one demo wish) so the sweepers have real work to race over.
 */
function overdueClaims(
  t: TestApp,
  n: number,
  stage: 'claimed' | 'purchased' | 'shipped' = 'claimed',
): number[] {
  const template = publishedWish(t);
  const donor = addDonor(t);
  const past = Date.now() - HOUR;
  const ids: number[] = [];
  const cloneWish = t.sqlite.prepare(
    `INSERT INTO wishes (public_id, org_id, beneficiary_id, title, description, kind, quantity, estimated_value_fen,
       shares, shares_taken, handover_site_id, pseudonym, story, age, gender, category, urgency, town_id, region_path,
       status, created_by, created_at, updated_at, published_at, claimed_at)
     SELECT ?, org_id, beneficiary_id, title, description, kind, quantity, estimated_value_fen, 1, 1, handover_site_id,
       pseudonym, story, age, gender, category, urgency, town_id, region_path, 'claimed', created_by, created_at,
       updated_at, published_at, ? FROM wishes WHERE id = ? RETURNING id`,
  );
  const addClaim = t.sqlite.prepare(
    `INSERT INTO claims (public_id, wish_id, donor_user_id, shares, stage, claimed_at, deadline_at, updated_at)
     VALUES (?, ?, ?, 1, ?, ?, ?, ?) RETURNING id`,
  );
  t.sqlite.transaction(() => {
    for (let i = 0; i < n; i += 1) {
      const wish = cloneWish.get(newPublicId(), past - 48 * HOUR, template.id) as { id: number };
      const c = addClaim.get(newPublicId(), wish.id, donor.userId, stage, past - 48 * HOUR, past, past) as {
        id: number;
      };
      ids.push(c.id);
    }
  })();
  return ids;
}

const sweepOnce = (t: TestApp) =>
  run(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['server/cli/sweep.ts', '--db', t.config.databasePath],
    {
      cwd: ROOT,
    },
  ).then(({ stdout }) => JSON.parse(stdout) as { releasedClaims: number });

describe('the overdue sweeper', () => {
  it('two sweeper processes at once release each overdue claim exactly once, with one notice each', async () => {
    // Its own database: 300 extra wishes would crowd the feed the other tests look at.
    const t = await createTestApp({ demo: true });
    onTestFinished(() => t.close());
    const overdue = overdueClaims(t, 300);
    const onItsWay = overdueClaims(t, 5, 'shipped');
    const [a, b] = await Promise.all([sweepOnce(t), sweepOnce(t)]);
    expect(a.releasedClaims + b.releasedClaims).toBe(300);

    const placeholders = overdue.map(() => '?').join(',');
    const events = t.sqlite
      .prepare(
        `SELECT claim_id AS id, count(*) AS n FROM fulfilment_events WHERE kind = 'overdue' AND claim_id IN (${placeholders}) GROUP BY claim_id`,
      )
      .all(...overdue) as { id: number; n: number }[];
    expect(events).toHaveLength(300);
    expect(events.every((e) => e.n === 1)).toBe(true);
    const stages = t.sqlite
      .prepare(`SELECT DISTINCT stage FROM claims WHERE id IN (${placeholders})`)
      .all(...overdue) as { stage: string }[];
    expect(stages).toEqual([{ stage: 'overdue' }]);
    const wishes = t.sqlite
      .prepare(
        `SELECT DISTINCT w.status, w.shares_taken AS taken FROM wishes w JOIN claims c ON c.wish_id = w.id WHERE c.id IN (${placeholders})`,
      )
      .all(...overdue);
    expect(wishes).toEqual([{ status: 'published', taken: 0 }]);

    const released = notices(t, 'claim_released').filter((n) => overdue.includes(n.claimId));
    // One notice for the donor and one for the caseworker, per claim.
    expect(released).toHaveLength(600);
    expect(auditEvents(t, 'claim.release_overdue')).toHaveLength(300);
    const untouched = t.sqlite
      .prepare(`SELECT DISTINCT stage FROM claims WHERE id IN (${onItsWay.map(() => '?').join(',')})`)
      .all(...onItsWay);
    expect(untouched).toEqual([{ stage: 'shipped' }]);

    // Nothing is left for a third run.
    expect(sweepClaims(t.db, Date.now()).released).toBe(0);
  }, 60_000);

  it('puts a released wish back in the feed and tells the donor on the claim page', async () => {
    const donor = addDonor(t);
    const wish = publishedWish(t, { urgency: 'red' });
    const c = (await claim(t, donor.token, wish.publicId)).json() as Claim;
    expect((await call(t, null, 'GET', '/api/v1/wishes?urgency=red&limit=50')).body).not.toContain(
      wish.publicId,
    );
    sweepClaims(t.db, Date.parse(c.deadlineAt) + 1);
    const feed = (await call(t, null, 'GET', '/api/v1/wishes?urgency=red&limit=50')).json() as {
      items: { id: string }[];
    };
    // Back in its place by waiting time: ahead of every red wish published after it.
    const ids = feed.items.map((w) => w.id);
    expect(ids).toContain(wish.publicId);
    const publishedAt = (id: string) =>
      (
        t.sqlite.prepare('SELECT published_at AS at FROM wishes WHERE public_id = ?').get(id) as {
          at: number;
        }
      ).at;
    const mine = publishedAt(wish.publicId);
    expect(ids.slice(ids.indexOf(wish.publicId) + 1).every((id) => publishedAt(id) >= mine)).toBe(true);
    const detail = (await call(t, donor.token, 'GET', `/api/v1/claims/${c.id}`)).json() as ClaimDetail;
    expect(detail.stage).toBe('overdue');
    expect(detail.timeline.map((e) => [e.kind, e.by])).toEqual([
      ['claimed', 'donor'],
      ['overdue', 'system'],
    ]);
  });
});

describe('deadline reminders', () => {
  it('reminds once 24 hours before and once 2 hours before, however often the sweep runs', async () => {
    const donor = addDonor(t);
    const c = (await claim(t, donor.token, publishedWish(t, { urgency: 'red' }).publicId)).json() as Claim;
    const deadline = Date.parse(c.deadlineAt);
    const mine = () =>
      t.sqlite
        .prepare(`SELECT kind FROM notifications WHERE user_id = ? AND kind LIKE 'deadline%' ORDER BY id`)
        .all(donor.userId)
        .map((r) => (r as { kind: string }).kind);

    sweepClaims(t.db, deadline - 30 * HOUR);
    expect(mine()).toEqual([]);
    sweepClaims(t.db, deadline - 23 * HOUR);
    sweepClaims(t.db, deadline - 22 * HOUR);
    expect(mine()).toEqual(['deadline_24h']);
    sweepClaims(t.db, deadline - HOUR);
    sweepClaims(t.db, deadline - HOUR / 2);
    expect(mine()).toEqual(['deadline_24h', 'deadline_2h']);
  });

  it('sends only the 2-hour reminder when the sweeper first sees a claim that late', async () => {
    const donor = addDonor(t);
    const c = (await claim(t, donor.token, publishedWish(t, { urgency: 'red' }).publicId)).json() as Claim;
    sweepClaims(t.db, Date.parse(c.deadlineAt) - HOUR);
    const kinds = t.sqlite
      .prepare(`SELECT kind FROM notifications WHERE user_id = ? AND kind LIKE 'deadline%'`)
      .all(donor.userId);
    expect(kinds).toEqual([{ kind: 'deadline_2h' }]);
  });

  it('does not remind about a gift already on its way', async () => {
    const donor = addDonor(t);
    const c = (await claim(t, donor.token, publishedWish(t, { urgency: 'red' }).publicId)).json() as Claim;
    await call(t, donor.token, 'POST', `/api/v1/claims/${c.id}/ship`, { mode: 'in_person' });
    sweepClaims(t.db, Date.parse(c.deadlineAt) - HOUR);
    sweepClaims(t.db, Date.parse(c.deadlineAt) + HOUR);
    const kinds = t.sqlite
      .prepare(
        `SELECT kind FROM notifications WHERE user_id = ? AND kind IN ('deadline_2h','claim_released')`,
      )
      .all(donor.userId);
    expect(kinds).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, ClaimDetail } from '../../shared/schemas/claims';
import { addDonor, claim, newKey, publishedWish } from '../support/donors';
import { auditEvents, call, countRows } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

const HOUR = 3_600_000;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
});
afterAll(async () => {
  await t.close();
});

const activeClaims = (wishId: number) =>
  (
    t.sqlite
      .prepare(
        `SELECT count(*) AS n FROM claims WHERE wish_id = ? AND stage IN ('claimed','purchased','shipped','problem','received')`,
      )
      .get(wishId) as { n: number }
  ).n;
const wishState = (id: number) =>
  t.sqlite.prepare('SELECT status, shares_taken AS sharesTaken FROM wishes WHERE id = ?').get(id) as {
    status: string;
    sharesTaken: number;
  };

describe('claiming a wish', () => {
  it('answers 201 with the claim, its deadline by urgency and where to send the gift', async () => {
    const donor = addDonor(t, '林女士');
    const wish = publishedWish(t, { urgency: 'red' });
    const before = Date.now();
    const res = await claim(t, donor.token, wish.publicId);
    expect(res.statusCode).toBe(201);
    const c = res.json() as Claim;
    expect(c.stage).toBe('claimed');
    expect(c.shares).toBe(1);
    expect(c.wish.id).toBe(wish.publicId);
    expect(c.wish.status).toBe('claimed');
    const deadline = Date.parse(c.deadlineAt) - Date.parse(c.claimedAt);
    expect(deadline).toBe(48 * HOUR);
    expect(Date.parse(c.claimedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(c.handoverSite.name).toBeTruthy();
    expect(c.actions).toEqual(['purchase', 'ship', 'withdraw']);
    expect(c.donor).toBeNull();
    expect(wishState(wish.id)).toEqual({ status: 'claimed', sharesTaken: 1 });
    // The public sees the status, not who claimed.
    const pub = await call(t, null, 'GET', `/api/v1/wishes/${wish.publicId}`);
    expect(pub.json()).toMatchObject({ status: 'claimed', sharesLeft: 0 });
    expect(pub.body).not.toContain('林女士');
    expect(auditEvents(t, 'claim.create').some((a) => a.target_id === wish.publicId)).toBe(true);
    const inbox = t.sqlite.prepare(`SELECT kind FROM notifications WHERE user_id = ?`).all(donor.userId) as {
      kind: string;
    }[];
    expect(inbox).toEqual([{ kind: 'claim_confirmed' }]);
  });

  it('refuses a claimed wish (409), a wish that is not public (404) and anonymous callers (401)', async () => {
    const wish = publishedWish(t);
    expect((await claim(t, addDonor(t).token, wish.publicId)).statusCode).toBe(201);
    const second = await claim(t, addDonor(t).token, wish.publicId);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('WISH_ALREADY_CLAIMED');

    const draft = t.sqlite
      .prepare(`SELECT public_id AS id FROM wishes WHERE status = 'draft' LIMIT 1`)
      .get() as {
      id: string;
    };
    const hidden = await claim(t, addDonor(t).token, draft.id);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('WISH_NOT_FOUND');

    const anon = await t.app.inject({
      method: 'POST',
      url: `/api/v1/wishes/${publishedWish(t).publicId}/claims`,
      headers: { 'idempotency-key': newKey() },
      payload: {},
    });
    expect(anon.statusCode).toBe(401);
  });

  it('refuses a wish whose campaign has ended (422) and asking for more shares than exist', async () => {
    const ended = publishedWish(t);
    t.sqlite.prepare('UPDATE wishes SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, ended.id);
    const res = await claim(t, addDonor(t).token, ended.publicId);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('WISH_NOT_CLAIMABLE');

    const big = publishedWish(t, { shares: 3 });
    const tooMany = await claim(t, addDonor(t).token, big.publicId, { shares: 4 });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().error).toMatchObject({ code: 'NO_SHARES_LEFT', details: { sharesLeft: 3 } });
    for (const shares of [0, -1, 1.5, '1', null]) {
      const bad = await t.app.inject({
        method: 'POST',
        url: `/api/v1/wishes/${big.publicId}/claims`,
        headers: { authorization: `Bearer ${addDonor(t).token}`, 'idempotency-key': newKey() },
        payload: { shares },
      });
      expect(bad.statusCode, `shares ${String(shares)}`).toBe(400);
    }
    const massAssign = await t.app.inject({
      method: 'POST',
      url: `/api/v1/wishes/${big.publicId}/claims`,
      headers: { authorization: `Bearer ${addDonor(t).token}`, 'idempotency-key': newKey() },
      payload: { shares: 1, stage: 'confirmed', donorUserId: 1 },
    });
    expect(massAssign.statusCode).toBe(400);
    expect(wishState(big.id).sharesTaken).toBe(0);
  });

  it('lets one donor hold one claim per wish', async () => {
    const donor = addDonor(t);
    const big = publishedWish(t, { shares: 3 });
    expect((await claim(t, donor.token, big.publicId)).statusCode).toBe(201);
    const again = await claim(t, donor.token, big.publicId);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_CLAIMED_BY_YOU');
  });
});

describe('Idempotency-Key', () => {
  it('is required and well-formed', async () => {
    const donor = addDonor(t);
    const wish = publishedWish(t);
    for (const [key, code] of [
      [null, 'IDEMPOTENCY_KEY_REQUIRED'],
      ['', 'IDEMPOTENCY_KEY_REQUIRED'],
      ['short', 'IDEMPOTENCY_KEY_INVALID'],
      ['x'.repeat(10_000), 'IDEMPOTENCY_KEY_INVALID'],
      ['has spaces in it', 'IDEMPOTENCY_KEY_INVALID'],
    ] as const) {
      const res = await claim(t, donor.token, wish.publicId, { key });
      expect(res.statusCode, String(key).slice(0, 20)).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
    expect(activeClaims(wish.id)).toBe(0);
  });

  it('50 concurrent retries with one key make one claim and get identical answers', async () => {
    const donor = addDonor(t);
    const wish = publishedWish(t);
    const key = newKey();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => claim(t, donor.token, wish.publicId, { key })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(201));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(activeClaims(wish.id)).toBe(1);
    expect(countRowsWhere('claims', 'donor_user_id', donor.userId)).toBe(1);
  });

  it('refuses the same key with a different request (409) and keeps keys per user', async () => {
    const donor = addDonor(t);
    const other = addDonor(t);
    const [a, b] = [publishedWish(t), publishedWish(t, { offset: 1 })];
    const key = newKey();
    expect((await claim(t, donor.token, a.publicId, { key })).statusCode).toBe(201);
    const reused = await claim(t, donor.token, b.publicId, { key });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(activeClaims(b.id)).toBe(0);
    // Another user's request with the same key is their own request: judged on its merits.
    const theirs = await claim(t, other.token, a.publicId, { key });
    expect(theirs.statusCode).toBe(409);
    expect(theirs.json().error.code).toBe('WISH_ALREADY_CLAIMED');
    const theirOwn = await claim(t, other.token, b.publicId, { key });
    expect(theirOwn.statusCode).toBe(201);
  });
});

function countRowsWhere(table: string, column: string, value: number): number {
  return (
    t.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(value) as { n: number }
  ).n;
}

describe('anti-hoarding', () => {
  it('refuses a sixth active claim (422) until one ends', async () => {
    const donor = addDonor(t);
    const claimed: Claim[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await claim(t, donor.token, publishedWish(t).publicId);
      expect(res.statusCode).toBe(201);
      claimed.push(res.json() as Claim);
    }
    const sixth = publishedWish(t);
    const refused = await claim(t, donor.token, sixth.publicId);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'CLAIM_LIMIT_REACHED', details: { maxActive: 5 } });
    const first = claimed[0] as Claim;
    const withdrawn = await call(t, donor.token, 'POST', `/api/v1/claims/${first.id}/withdraw`, {});
    expect(withdrawn.statusCode).toBe(200);
    expect((await claim(t, donor.token, sixth.publicId)).statusCode).toBe(201);
  });

  it('takes its limit from CLAIMS_MAX_ACTIVE', async () => {
    const small = await createTestApp({ demo: true, env: { CLAIMS_MAX_ACTIVE: '1' } });
    try {
      const donor = addDonor(small);
      expect((await claim(small, donor.token, publishedWish(small).publicId)).statusCode).toBe(201);
      const second = await claim(small, donor.token, publishedWish(small).publicId);
      expect(second.json().error.code).toBe('CLAIM_LIMIT_REACHED');
    } finally {
      await small.close();
    }
  });
});

describe('withdrawing', () => {
  it('returns the wish to the pool, tells the caseworker, and happens once', async () => {
    const donor = addDonor(t);
    const wish = publishedWish(t);
    const c = (await claim(t, donor.token, wish.publicId)).json() as Claim;
    const res = await call(t, donor.token, 'POST', `/api/v1/claims/${c.id}/withdraw`, {
      reason: '临时出差，来不及买',
    });
    expect(res.statusCode).toBe(200);
    const detail = res.json() as ClaimDetail;
    expect(detail.stage).toBe('withdrawn');
    expect(detail.endedAt).not.toBeNull();
    expect(detail.actions).toEqual([]);
    expect(detail.timeline.map((e) => e.kind)).toEqual(['claimed', 'withdrawn']);
    expect(detail.timeline[1]?.note).toBe('临时出差，来不及买');
    expect(wishState(wish.id)).toEqual({ status: 'published', sharesTaken: 0 });
    const told = t.sqlite
      .prepare(
        `SELECT n.kind FROM notifications n JOIN wishes w ON w.created_by = n.user_id WHERE n.wish_id = ? AND w.id = ?`,
      )
      .all(wish.id, wish.id) as { kind: string }[];
    expect(told.map((n) => n.kind)).toContain('claim_withdrawn');

    const again = await call(t, donor.token, 'POST', `/api/v1/claims/${c.id}/withdraw`, {});
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('CLAIM_STEP_REFUSED');
    expect(wishState(wish.id).sharesTaken).toBe(0);
    // Someone else can claim it now.
    expect((await claim(t, addDonor(t).token, wish.publicId)).statusCode).toBe(201);
  });

  it("hides another donor's claim (404) and audits the attempt", async () => {
    const owner = addDonor(t);
    const c = (await claim(t, owner.token, publishedWish(t).publicId)).json() as Claim;
    const stranger = addDonor(t);
    for (const [method, url] of [
      ['GET', `/api/v1/claims/${c.id}`],
      ['POST', `/api/v1/claims/${c.id}/withdraw`],
      ['POST', `/api/v1/claims/${c.id}/purchase`],
    ] as const) {
      const res = await call(t, stranger.token, method, url, method === 'POST' ? {} : undefined);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('CLAIM_NOT_FOUND');
    }
    expect(auditEvents(t, 'access.refused').filter((a) => a.target_id === c.id).length).toBe(3);
    expect((await call(t, stranger.token, 'GET', '/api/v1/claims/AAAAAAAAAAAAAAAA')).statusCode).toBe(404);
  });
});

describe('the donor steps', () => {
  it('purchase → ship by post (carrier and tracking number required) with the caseworker told', async () => {
    const donor = addDonor(t);
    const wish = publishedWish(t);
    const c = (await claim(t, donor.token, wish.publicId)).json() as Claim;
    const bought = await call(t, donor.token, 'POST', `/api/v1/claims/${c.id}/purchase`, {
      note: '在县城超市买好了',
    });
    expect(bought.json()).toMatchObject({ stage: 'purchased', actions: ['ship', 'withdraw'] });
    for (const body of [
      { mode: 'post' },
      { mode: 'post', carrier: '顺丰' },
      { mode: 'post', carrier: '顺丰', trackingNumber: 'SF 123' },
      { mode: 'drone' },
    ]) {
      const bad = await call(t, donor.token, 'POST', `/api/v1/claims/${c.id}/ship`, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
    }
    const shipped = await call(t, donor.token, 'POST', `/api/v1/claims/${c.id}/ship`, {
      mode: 'post',
      carrier: '顺丰速运',
      trackingNumber: 'SF1234567890',
    });
    expect(shipped.statusCode).toBe(200);
    const d = shipped.json() as ClaimDetail;
    expect(d.stage).toBe('shipped');
    expect(d.shipping).toEqual({ mode: 'post', carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
    expect(d.actions).toEqual([]);
    expect(d.timeline.map((e) => [e.kind, e.by])).toEqual([
      ['claimed', 'donor'],
      ['purchased', 'donor'],
      ['shipped', 'donor'],
    ]);
    // A shipped gift is on its way: it cannot be withdrawn any more.
    const late = await call(t, donor.token, 'POST', `/api/v1/claims/${c.id}/withdraw`, {});
    expect(late.json().error.code).toBe('CLAIM_STEP_REFUSED');
    expect(countRows(t, 'fulfilment_events')).toBeGreaterThan(0);
  });

  it('bringing it in person needs no tracking number', async () => {
    const donor = addDonor(t);
    const c = (await claim(t, donor.token, publishedWish(t).publicId)).json() as Claim;
    const res = await call(t, donor.token, 'POST', `/api/v1/claims/${c.id}/ship`, { mode: 'in_person' });
    expect(res.json()).toMatchObject({ stage: 'shipped', shipping: { mode: 'in_person', carrier: null } });
  });
});

describe('concurrency over real HTTP', () => {
  let base: string;
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  async function race(wishId: string, donors: number): Promise<{ status: number; code?: string }[]> {
    const tokens = Array.from({ length: donors }, () => addDonor(t).token);
    return Promise.all(
      tokens.map(async (token) => {
        const res = await fetch(`${base}/api/v1/wishes/${wishId}/claims`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'idempotency-key': newKey(),
            'content-type': 'application/json',
          },
          body: '{}',
        });
        const body = (await res.json()) as { error?: { code: string } };
        return { status: res.status, code: body.error?.code };
      }),
    );
  }

  it('50 donors tapping one single-share wish at once: exactly one 201, 49 × 409, one active claim', async () => {
    const wish = publishedWish(t);
    const results = await race(wish.publicId, 50);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(49);
    expect(new Set(refused.map((r) => r.code))).toEqual(new Set(['WISH_ALREADY_CLAIMED']));
    expect(activeClaims(wish.id)).toBe(1);
    expect(wishState(wish.id)).toEqual({ status: 'claimed', sharesTaken: 1 });
  });

  it('50 donors and a 3-share wish: exactly three 201, never more shares than exist', async () => {
    const wish = publishedWish(t, { shares: 3 });
    const results = await race(wish.publicId, 50);
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409 && r.code === 'NO_SHARES_LEFT')).toHaveLength(47);
    expect(activeClaims(wish.id)).toBe(3);
    expect(wishState(wish.id)).toEqual({ status: 'claimed', sharesTaken: 3 });
  });

  it('the database itself refuses taking more shares than a wish has', () => {
    const wish = publishedWish(t);
    expect(() =>
      t.sqlite.prepare('UPDATE wishes SET shares_taken = shares + 1 WHERE id = ?').run(wish.id),
    ).toThrow(/CHECK constraint failed/);
  });
});

describe('all or nothing (G9)', () => {
  const snapshot = () =>
    ['claims', 'fulfilment_events', 'notifications', 'audit_events', 'idempotency_keys'].map((table) =>
      countRows(t, table),
    );

  it('a claim whose inbox message cannot be written leaves no claim, no shares taken, no audit, no stored key', async () => {
    const wish = publishedWish(t);
    const before = snapshot();
    t.sqlite.exec(
      `CREATE TRIGGER fault BEFORE INSERT ON notifications BEGIN SELECT RAISE(ABORT, 'injected'); END`,
    );
    try {
      const res = await claim(t, addDonor(t).token, wish.publicId, { key: 'g9-fault-key-1' });
      expect(res.statusCode).toBe(500);
      expect(res.json().error.code).toBe('INTERNAL_ERROR');
    } finally {
      t.sqlite.exec('DROP TRIGGER fault');
    }
    expect(snapshot()).toEqual(before);
    expect(wishState(wish.id)).toEqual({ status: 'published', sharesTaken: 0 });
  });

  it('a withdrawal whose timeline entry cannot be written leaves the claim and the wish as they were', async () => {
    const donor = addDonor(t);
    const wish = publishedWish(t);
    const c = (await claim(t, donor.token, wish.publicId)).json() as Claim;
    const before = snapshot();
    t.sqlite.exec(
      `CREATE TRIGGER fault BEFORE INSERT ON fulfilment_events WHEN NEW.kind = 'withdrawn' BEGIN SELECT RAISE(ABORT, 'injected'); END`,
    );
    try {
      expect((await call(t, donor.token, 'POST', `/api/v1/claims/${c.id}/withdraw`, {})).statusCode).toBe(
        500,
      );
    } finally {
      t.sqlite.exec('DROP TRIGGER fault');
    }
    expect(snapshot()).toEqual(before);
    expect(wishState(wish.id)).toEqual({ status: 'claimed', sharesTaken: 1 });
    const stage = t.sqlite.prepare('SELECT stage FROM claims WHERE public_id = ?').get(c.id);
    expect(stage).toEqual({ stage: 'claimed' });
  });
});

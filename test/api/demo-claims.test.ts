import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimPage, WishFulfilment } from '../../shared/schemas/claims';
import { DEMO_CLAIMED_WISHES } from '../../server/demo/seed-claims';
import { call, demoLogin } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true, demoClaims: true });
});
afterAll(async () => {
  await t.close();
});

describe('the demo claims', () => {
  it(`take ${DEMO_CLAIMED_WISHES} wishes out of the feed`, () => {
    const claimed = t.sqlite.prepare(`SELECT count(DISTINCT wish_id) AS n FROM claims`).get();
    expect(claimed).toEqual({ n: DEMO_CLAIMED_WISHES });
    // Every wish past publication has the claims that brought it there.
    const orphans = t.sqlite
      .prepare(
        `SELECT count(*) AS n FROM wishes w WHERE w.status IN ('claimed', 'delivered', 'confirmed')
         AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.wish_id = w.id)`,
      )
      .get();
    expect(orphans).toEqual({ n: 0 });
  });

  it('give the demo donor a gift on its way and a fresh claim with its countdown', async () => {
    const donor = await demoLogin(t, 'donor');
    const mine = (await call(t, donor, 'GET', '/api/v1/me/claims')).json() as ClaimPage;
    expect(mine.items.map((c) => c.stage).sort()).toEqual(['claimed', 'shipped']);
    for (const c of mine.items) {
      expect(Date.parse(c.deadlineAt)).toBeGreaterThan(Date.now());
      expect(c.handoverSite.address).toBeTruthy();
    }
  });

  it("give the caseworker a parcel to receive and a gift to hand over, in the caseworker's village", async () => {
    const caseworker = await demoLogin(t, 'caseworker');
    const incoming = (
      await call(t, caseworker, 'GET', '/api/v1/staff/claims?stage=incoming')
    ).json() as ClaimPage;
    expect(incoming.items.map((c) => [c.stage, c.shipping?.carrier])).toEqual([['shipped', '中通快递']]);
    const atSite = (
      await call(t, caseworker, 'GET', '/api/v1/staff/claims?stage=received')
    ).json() as ClaimPage;
    expect(atSite.items).toHaveLength(1);
    const wishId = atSite.items[0]?.wish.id ?? '';
    const f = (
      await call(t, caseworker, 'GET', `/api/v1/staff/wishes/${wishId}/fulfilment`)
    ).json() as WishFulfilment;
    expect(f.canHandOver).toBe(true);
    expect(f.claims[0]?.donor?.name).toBe('爱心企业·县城新华书店');
  });
});

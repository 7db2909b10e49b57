import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Funds, LedgerPage } from '../../shared/schemas/ledger';
import { balancesOffReplay, unbalancedTransactions } from '../support/ledger';
import { call, demoLogin } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let finance: string;
beforeAll(async () => {
  t = await createTestApp({ demo: true, demoClaims: true, demoLedger: true });
  finance = await demoLogin(t, 'finance');
});
afterAll(async () => {
  await t.close();
});

it('gives the finance persona a few weeks of true books: donations, purchases, a refund, a correction', async () => {
  const page = (await call(t, finance, 'GET', '/api/v1/staff/ledger?limit=50')).json() as LedgerPage;
  expect(page.items.map((x) => x.kind).sort()).toEqual(
    [...Array(6).fill('cash_donation'), 'purchase', 'purchase', 'refund', 'reversal'].sort(),
  );
  const names = page.items.flatMap((x) => (x.donation ? [x.donation.publicName] : []));
  expect(names).toEqual(expect.arrayContaining(['爱心企业·县城新华书店', '张*', '匿名', '王*']));
  const funds = (await call(t, finance, 'GET', '/api/v1/staff/funds')).json() as Funds;
  // Campaign: ¥5,000 + ¥3,260 − ¥380; unrestricted: ¥200 + ¥1,000 + ¥50 − ¥100 refunded − ¥120.
  expect(funds.funds.map((f) => f.balanceFen)).toEqual([103000, 788000]);
  expect(unbalancedTransactions(t)).toEqual([]);
  expect(balancesOffReplay(t)).toEqual([]);
});

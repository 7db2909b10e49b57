import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Funds, LedgerPage } from '../../shared/schemas/ledger';
import type { Report, ReportPage, ReportSummary } from '../../shared/schemas/reports';
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

it("publishes last month's 公示, readable by anyone, with that month's donations", async () => {
  const list = (await call(t, null, 'GET', '/api/v1/reports')).json() as ReportPage;
  expect(list.items).toHaveLength(1);
  const [summary] = list.items as [ReportSummary];
  expect(summary).toMatchObject({ kind: 'month', status: 'published' });
  const report = (await call(t, null, 'GET', `/api/v1/reports/${summary.id}`)).json() as Report;
  // The demo's donations lie 10 to 40 days back, so last month always holds some of them.
  expect(report.donations.length).toBeGreaterThan(0);
  expect(JSON.stringify(report)).not.toMatch(/张建国|李梅|王芳/);
  expect(report.checkpoint.size).toBeGreaterThan(0);
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Funds } from '../../shared/schemas/ledger';
import { newKey } from '../support/donors';
import { balancesOffReplay, bookRefs, today, unbalancedTransactions } from '../support/ledger';
import { startServer, type ServerProcess } from '../support/server-process';
import { call, countRows, demoLogin } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

// G7 under real concurrency: two processes (this one and a server started as `npm start` runs
// it) spend from one fund in one SQLite file at the same time. SQLite serializes the writers;
// the check and the posting share one immediate transaction, so the fund cannot go below zero.

let t: TestApp;
let other: ServerProcess;
let finance: string;
beforeAll(async () => {
  t = await createTestApp({ demo: true, demoLedger: true });
  other = await startServer({ DATABASE_PATH: t.config.databasePath, DEMO: '1' });
  finance = await demoLogin(t, 'finance');
}, 60_000);
afterAll(async () => {
  await other?.stop();
  await t.close();
});

it('lets two processes racing for one fund spend exactly what it holds', async () => {
  const { campaignId, wishId } = bookRefs(t);
  const funds = (await call(t, finance, 'GET', '/api/v1/staff/funds')).json() as Funds;
  const left = funds.funds.find((f) => f.fund === campaignId)?.balanceFen ?? 0;
  expect(left).toBeGreaterThan(0);
  const amountFen = Math.ceil(left / 7);
  const body = { wishId, amountFen, campaignId, paidFrom: 'bank', paidOn: today() };
  const before = countRows(t, 'ledger_transactions');

  const here = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const post = (base: string) =>
    fetch(`${base}/api/v1/staff/purchases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${finance}`,
        'content-type': 'application/json',
        'idempotency-key': newKey(),
      },
      body: JSON.stringify(body),
    }).then(async (r) => ({
      base,
      status: r.status,
      code: ((await r.json()) as { error?: { code: string } }).error?.code,
    }));
  const bases = [here, other.url.replace(/\/$/, '')];
  const results = await Promise.all(Array.from({ length: 24 }, (_, i) => post(bases[i % 2] as string)));
  console.log(bases.map((b) => results.filter((r) => r.base === b && r.status === 201).length));

  const fits = Math.floor(left / amountFen);
  expect(results.filter((r) => r.status === 201)).toHaveLength(fits);
  expect(results.filter((r) => r.status !== 201).map((r) => r.code)).toEqual(
    Array(24 - fits).fill('FUND_INSUFFICIENT'),
  );
  expect(countRows(t, 'ledger_transactions')).toBe(before + fits);
  const after = (await call(t, finance, 'GET', '/api/v1/staff/funds')).json() as Funds;
  expect(after.funds.find((f) => f.fund === campaignId)?.balanceFen).toBe(left - fits * amountFen);
  expect(unbalancedTransactions(t)).toEqual([]);
  expect(balancesOffReplay(t)).toEqual([]);
}, 60_000);

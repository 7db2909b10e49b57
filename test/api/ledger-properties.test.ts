import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Funds, LedgerTx } from '../../shared/schemas/ledger';
import {
  balancesOffReplay,
  bookRefs,
  donationBody,
  ledgerPost,
  today,
  unbalancedTransactions,
} from '../support/ledger';
import { call, demoLogin } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

// G1, G3, G4, G7 as properties: random sequences of donate / purchase / refund / reverse, checked
// against a model of the funds after every step, through the real API on a real SQLite file.

let t: TestApp;
let finance: string;
let campaignId: string;
let wishId: string;
beforeAll(async () => {
  t = await createTestApp({ demo: true });
  finance = await demoLogin(t, 'finance');
  ({ campaignId, wishId } = bookRefs(t));
});
afterAll(async () => {
  await t.close();
});

type FundName = 'general' | 'campaign';
interface ModelTx {
  id: string;
  kind: 'donation' | 'purchase' | 'refund' | 'reversal';
  fund: FundName;
  /** The change to its fund. */
  effect: number;
  reversed: boolean;
  refunded: number;
  /** The donation a refund gives back. */
  of?: ModelTx;
}
interface Model {
  funds: Record<FundName, number>;
  txs: ModelTx[];
}
interface Real {
  expectOutcome(res: { statusCode: number; json(): unknown }, refusal: string | null): LedgerTx | null;
}

const campaignOf = (fund: FundName) => (fund === 'general' ? null : campaignId);

async function fundsNow(): Promise<Record<FundName, number>> {
  const body = (await call(t, finance, 'GET', '/api/v1/staff/funds')).json() as Funds;
  const of = (fund: string) => body.funds.find((f) => f.fund === fund)?.balanceFen ?? 0;
  return { general: of('general'), campaign: of(campaignId) };
}

const real: Real = {
  expectOutcome(res, refusal) {
    const body = res.json() as LedgerTx & { error?: { code: string } };
    if (refusal === null) {
      expect(res.statusCode, JSON.stringify(body)).toBe(201);
      return body;
    }
    expect(body.error?.code).toBe(refusal);
    return null;
  },
};

async function invariants(m: Model): Promise<void> {
  expect(unbalancedTransactions(t)).toEqual([]);
  expect(balancesOffReplay(t)).toEqual([]);
  const funds = await fundsNow();
  expect(funds).toEqual(m.funds);
  expect(funds.general).toBeGreaterThanOrEqual(0);
  expect(funds.campaign).toBeGreaterThanOrEqual(0);
}

class Donate implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly fund: FundName,
    readonly amount: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const res = await ledgerPost(t, finance, '/api/v1/staff/donations', {
      ...donationBody({ amountFen: this.amount, campaignId: campaignOf(this.fund) }),
    });
    const tx = r.expectOutcome(res, null) as LedgerTx;
    m.funds[this.fund] += this.amount;
    m.txs.push({
      id: tx.id,
      kind: 'donation',
      fund: this.fund,
      effect: this.amount,
      reversed: false,
      refunded: 0,
    });
    await invariants(m);
  }
  toString = () => `donate(${this.fund}, ${this.amount})`;
}

class Purchase implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly fund: FundName,
    readonly amount: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const res = await ledgerPost(t, finance, '/api/v1/staff/purchases', {
      wishId,
      amountFen: this.amount,
      campaignId: campaignOf(this.fund),
      paidFrom: 'cash',
      paidOn: today(),
    });
    const ok = m.funds[this.fund] >= this.amount;
    const tx = r.expectOutcome(res, ok ? null : 'FUND_INSUFFICIENT');
    if (tx) {
      m.funds[this.fund] -= this.amount;
      m.txs.push({
        id: tx.id,
        kind: 'purchase',
        fund: this.fund,
        effect: -this.amount,
        reversed: false,
        refunded: 0,
      });
    }
    await invariants(m);
  }
  toString = () => `purchase(${this.fund}, ${this.amount})`;
}

class Refund implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly amount: number,
  ) {}
  check = (m: Readonly<Model>) => m.txs.some((x) => x.kind === 'donation');
  async run(m: Model, r: Real) {
    const donations = m.txs.filter((x) => x.kind === 'donation');
    const d = donations[this.pick % donations.length] as ModelTx;
    const res = await ledgerPost(t, finance, `/api/v1/staff/ledger/${d.id}/refund`, {
      amountFen: this.amount,
      paidOn: today(),
      reason: '退回',
    });
    const refusal = d.reversed
      ? 'ALREADY_REVERSED'
      : this.amount > d.effect - d.refunded
        ? 'REFUND_TOO_LARGE'
        : m.funds[d.fund] < this.amount
          ? 'FUND_INSUFFICIENT'
          : null;
    const tx = r.expectOutcome(res, refusal);
    if (tx) {
      d.refunded += this.amount;
      m.funds[d.fund] -= this.amount;
      m.txs.push({
        id: tx.id,
        kind: 'refund',
        fund: d.fund,
        effect: -this.amount,
        reversed: false,
        refunded: 0,
        of: d,
      });
    }
    await invariants(m);
  }
  toString = () => `refund(#${this.pick}, ${this.amount})`;
}

class Reverse implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.txs.length > 0;
  async run(m: Model, r: Real) {
    const x = m.txs[this.pick % m.txs.length] as ModelTx;
    const res = await ledgerPost(t, finance, `/api/v1/staff/ledger/${x.id}/reverse`, { reason: '录错了' });
    const refusal =
      x.kind === 'reversal'
        ? 'REVERSAL_NOT_REVERSIBLE'
        : x.reversed
          ? 'ALREADY_REVERSED'
          : x.refunded > 0
            ? 'DONATION_REFUNDED'
            : m.funds[x.fund] - x.effect < 0
              ? 'FUND_INSUFFICIENT'
              : null;
    const tx = r.expectOutcome(res, refusal);
    if (tx) {
      x.reversed = true;
      m.funds[x.fund] -= x.effect;
      m.txs.push({
        id: tx.id,
        kind: 'reversal',
        fund: x.fund,
        effect: -x.effect,
        reversed: false,
        refunded: 0,
      });
      // A reversed refund no longer counts against its donation.
      if (x.of) x.of.refunded += x.effect;
    }
    await invariants(m);
  }
  toString = () => `reverse(#${this.pick})`;
}

const fund = fc.constantFrom<FundName>('general', 'campaign');
const amount = fc.integer({ min: 1, max: 60_000 });
const commands = fc.commands(
  [
    fc.tuple(fund, amount).map(([f, a]) => new Donate(f, a)),
    fc.tuple(fund, amount).map(([f, a]) => new Purchase(f, a)),
    fc.tuple(fc.nat(), amount).map(([p, a]) => new Refund(p, a)),
    fc.nat().map((p) => new Reverse(p)),
  ],
  { maxCommands: 20 },
);

it('keeps every transaction balanced, balances equal to a replay, and no fund below zero', async () => {
  await fc.assert(
    fc.asyncProperty(commands, async (cmds) => {
      const model: Model = { funds: await fundsNow(), txs: [] };
      await fc.asyncModelRun(() => ({ model, real }), cmds);
    }),
    { numRuns: 25 },
  );
}, 120_000);

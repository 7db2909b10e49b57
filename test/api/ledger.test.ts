import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Funds, LedgerTx, Receipt } from '../../shared/schemas/ledger';
import { newKey } from '../support/donors';
import {
  balancesOffReplay,
  bookRefs,
  donationBody,
  ledgerPost,
  today,
  unbalancedTransactions,
} from '../support/ledger';
import { addStaff, auditEvents, call, countRows, demoLogin } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

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

const donate = (over = {}, key?: string) =>
  ledgerPost(t, finance, '/api/v1/staff/donations', donationBody(over), key);
const purchase = (amountFen: number, fund: string | null = campaignId) =>
  ledgerPost(t, finance, '/api/v1/staff/purchases', {
    wishId,
    amountFen,
    campaignId: fund,
    paidFrom: 'bank',
    paidOn: today(),
  });
const funds = async (): Promise<Funds> => (await call(t, finance, 'GET', '/api/v1/staff/funds')).json();
const fundLeft = async (fund: string) => (await funds()).funds.find((f) => f.fund === fund)?.balanceFen ?? 0;
const ledgerRows = () =>
  ['ledger_transactions', 'ledger_postings', 'donations', 'ledger_tree_nodes'].map((x) => countRows(t, x));

describe('recording a donation', () => {
  it('posts one balanced transaction with a receipt, audited, replayed for the same key', async () => {
    const key = newKey();
    const res = await donate({ amountFen: 123456, memo: '银行转账，附言：给孩子们' }, key);
    expect(res.statusCode).toBe(201);
    const tx = res.json() as LedgerTx;
    expect(tx.kind).toBe('cash_donation');
    expect(tx.postings).toEqual(
      expect.arrayContaining([
        { account: 'bank', unit: 'CNY', amountFen: 123456 },
        { account: 'donation_income', unit: 'CNY', amountFen: -123456 },
      ]),
    );
    expect(tx.donation).toMatchObject({ donorName: '张三丰', publicName: '张*', channel: 'bank' });
    expect(tx.donation?.receiptNo).toMatch(/^\d{4}-\d{6}$/);
    expect(auditEvents(t, 'ledger.donation').at(-1)).toMatchObject({ target_id: tx.id, outcome: 'ok' });

    const before = ledgerRows();
    const again = await donate({ amountFen: 123456, memo: '银行转账，附言：给孩子们' }, key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(tx);
    expect(ledgerRows()).toEqual(before);
    const other = await donate({ amountFen: 1 }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it("keeps the receipt number (票据号) unique in the organization's year", async () => {
    expect((await donate({ receiptNo: 'YX-0001' })).statusCode).toBe(201);
    const dup = await donate({ receiptNo: 'YX-0001' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('RECEIPT_NO_TAKEN');
  });

  it.each([
    ['-1', -1],
    ['0', 0],
    ['12.345', 12.345],
    ['"100"', '100'],
    ['null', null],
    ['full-width １００', '１００'],
  ])('refuses the amount %s with a 400 and writes nothing', async (_label, amountFen) => {
    const before = ledgerRows();
    const res = await ledgerPost(t, finance, '/api/v1/staff/donations', { ...donationBody(), amountFen });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(ledgerRows()).toEqual(before);
  });

  it('refuses 1e999 and 2^53+1, a balance or status in the body, a future date, an unknown campaign', async () => {
    const before = ledgerRows();
    for (const raw of ['1e999', '9007199254740993']) {
      const huge = await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/donations',
        headers: {
          authorization: `Bearer ${finance}`,
          'idempotency-key': newKey(),
          'content-type': 'application/json',
        },
        payload: JSON.stringify(donationBody()).replace('"amountFen":50000', `"amountFen":${raw}`),
      });
      expect(huge.statusCode).toBe(400);
    }
    for (const extra of [{ balance: 1 }, { status: 'reversed' }, { orgId: 1 }]) {
      const res = await ledgerPost(t, finance, '/api/v1/staff/donations', { ...donationBody(), ...extra });
      expect(res.statusCode).toBe(400);
    }
    const future = await donate({ receivedOn: '2999-01-01' });
    expect(future.statusCode).toBe(422);
    expect(future.json().error.code).toBe('LEDGER_DATE_INVALID');
    const unknown = await donate({ campaignId: 'AAAAAAAAAAAAAAAA' });
    expect(unknown.statusCode).toBe(404);
    expect(ledgerRows()).toEqual(before);
  });

  it('needs an Idempotency-Key', async () => {
    const res = await ledgerPost(t, finance, '/api/v1/staff/donations', donationBody(), null);
    expect(res.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });
});

describe('funds', () => {
  it('refuses a purchase the fund cannot cover (422, nothing written), then allows what it can', async () => {
    const before = ledgerRows();
    const broke = await purchase(20000);
    expect(broke.statusCode).toBe(422);
    expect(broke.json().error).toMatchObject({ code: 'FUND_INSUFFICIENT', details: { availableFen: 0 } });
    expect(ledgerRows()).toEqual(before);

    expect((await donate({ amountFen: 30000, campaignId })).statusCode).toBe(201);
    expect(await fundLeft(campaignId)).toBe(30000);
    const bought = await purchase(20000);
    expect(bought.statusCode).toBe(201);
    expect((bought.json() as LedgerTx).wish?.id).toBe(wishId);
    expect(await fundLeft(campaignId)).toBe(10000);
    const over = await purchase(20000);
    expect(over.json().error).toMatchObject({ code: 'FUND_INSUFFICIENT', details: { availableFen: 10000 } });
  });

  it('lets exactly as many racing purchases through as the fund covers', async () => {
    await donate({ amountFen: 100000, campaignId });
    const left = await fundLeft(campaignId);
    const results = await Promise.all(Array.from({ length: 12 }, () => purchase(Math.ceil(left / 4))));
    const ok = results.filter((r) => r.statusCode === 201).length;
    expect(ok).toBe(Math.floor(left / Math.ceil(left / 4)));
    expect(results.filter((r) => r.statusCode === 422)).toHaveLength(12 - ok);
    expect(await fundLeft(campaignId)).toBeGreaterThanOrEqual(0);
  });
});

describe('corrections', () => {
  it('reverses a transaction once: balances come back; a second reversal and a reversal of a reversal are refused', async () => {
    const start = await funds();
    const tx = (await donate({ amountFen: 777 })).json() as LedgerTx;
    const reversal = await ledgerPost(t, finance, `/api/v1/staff/ledger/${tx.id}/reverse`, {
      reason: '重复录入',
    });
    expect(reversal.statusCode).toBe(201);
    const r = reversal.json() as LedgerTx;
    expect(r).toMatchObject({ kind: 'reversal', reverses: tx.id });
    expect(r.postings.map((p) => p.amountFen).sort()).toEqual(tx.postings.map((p) => -p.amountFen).sort());
    expect(await funds()).toEqual(start);

    const twice = await ledgerPost(t, finance, `/api/v1/staff/ledger/${tx.id}/reverse`, {
      reason: '再冲一次',
    });
    expect(twice.json().error.code).toBe('ALREADY_REVERSED');
    const ofReversal = await ledgerPost(t, finance, `/api/v1/staff/ledger/${r.id}/reverse`, {
      reason: '冲回',
    });
    expect(ofReversal.json().error.code).toBe('REVERSAL_NOT_REVERSIBLE');
    const list = (await call(t, finance, 'GET', '/api/v1/staff/ledger?limit=5')).json().items as LedgerTx[];
    expect(list.find((x) => x.id === tx.id)?.reversedBy).toBe(r.id);
  });

  it('refuses to reverse a donation whose money was already spent', async () => {
    const left = await fundLeft(campaignId);
    const gift = (await donate({ amountFen: 5000, campaignId })).json() as LedgerTx;
    await purchase(left + 5000);
    const res = await ledgerPost(t, finance, `/api/v1/staff/ledger/${gift.id}/reverse`, { reason: '录错了' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('FUND_INSUFFICIENT');
  });

  it('refunds part of a donation, never more than is left of it, and only donations', async () => {
    const gift = (await donate({ amountFen: 10000 })).json() as LedgerTx;
    const refund = (amountFen: number, id = gift.id) =>
      ledgerPost(t, finance, `/api/v1/staff/ledger/${id}/refund`, {
        amountFen,
        paidOn: today(),
        reason: '捐赠人要求退回',
      });
    const part = await refund(4000);
    expect(part.statusCode).toBe(201);
    expect(part.json()).toMatchObject({ kind: 'refund', refundOf: gift.id });
    const tooMuch = await refund(6001);
    expect(tooMuch.json().error).toMatchObject({
      code: 'REFUND_TOO_LARGE',
      details: { refundableFen: 6000 },
    });
    expect((await refund(6000)).statusCode).toBe(201);
    const reversal = await ledgerPost(t, finance, `/api/v1/staff/ledger/${gift.id}/reverse`, {
      reason: 'x',
    });
    expect(reversal.json().error.code).toBe('DONATION_REFUNDED');
    const list = (await call(t, finance, 'GET', '/api/v1/staff/ledger?kind=cash_donation&limit=50')).json();
    expect((list.items as LedgerTx[]).find((x) => x.id === gift.id)?.refundedFen).toBe(10000);
    await donate({ amountFen: 10000, campaignId });
    const bought = (await purchase(100)).json() as LedgerTx;
    expect((await refund(100, bought.id)).json().error.code).toBe('NOT_A_DONATION');
  });
});

describe('who may keep the books', () => {
  it('refuses donors and caseworkers (403, audited) and hides another organization’s entries (404)', async () => {
    const donor = await demoLogin(t, 'donor');
    const caseworker = await demoLogin(t, 'caseworker');
    for (const token of [donor, caseworker]) {
      expect((await call(t, token, 'GET', '/api/v1/staff/ledger')).statusCode).toBe(403);
      expect((await ledgerPost(t, token, '/api/v1/staff/donations', donationBody())).statusCode).toBe(403);
    }
    expect((await call(t, null, 'GET', '/api/v1/staff/funds')).statusCode).toBe(401);
    const ours = (await donate()).json() as LedgerTx;
    const otherFinance = addStaff(t, { name: '总会会计', org: '云溪县慈善总会', role: 'finance' });
    const res = await ledgerPost(t, otherFinance.token, `/api/v1/staff/ledger/${ours.id}/reverse`, {
      reason: 'x',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('LEDGER_TX_NOT_FOUND');
    const theirs = (await call(t, otherFinance.token, 'GET', '/api/v1/staff/ledger')).json()
      .items as LedgerTx[];
    expect(theirs.find((x) => x.id === ours.id)).toBeUndefined();
  });
});

describe('receipts', () => {
  it('shows a receipt to whoever holds its link, with a leaf that names nobody', async () => {
    const tx = (await donate({ donorName: '欧阳明月', donorDisplay: 'anonymous' })).json() as LedgerTx;
    const res = await call(t, null, 'GET', `/api/v1/receipts/${tx.donation?.receiptId}`);
    expect(res.statusCode).toBe(200);
    const receipt = res.json() as Receipt;
    expect(receipt).toMatchObject({
      publicName: '匿名',
      amountFen: 50000,
      unit: 'CNY',
      leafIndex: tx.leafIndex,
    });
    expect(receipt.leaf).not.toContain('欧阳');
    expect(JSON.parse(receipt.leaf)).toMatchObject({
      index: tx.leafIndex,
      tx: tx.id,
      receipt: tx.donation?.receiptNo,
    });
    expect((await call(t, null, 'GET', '/api/v1/receipts/AAAAAAAAAAAAAAAA')).json().error.code).toBe(
      'RECEIPT_NOT_FOUND',
    );
  });
});

describe('a fault at any step (G9)', () => {
  it.each([
    ['the ledger transaction', 'ledger_transactions'],
    ['a posting', 'ledger_postings'],
    ['the donation record', 'donations'],
    ['the balance', 'ledger_balances'],
    ['the Merkle leaf', 'ledger_tree_nodes'],
    ['the audit event', 'audit_events'],
  ])('leaves nothing behind when writing %s fails', async (_what, table) => {
    const tables = [
      'ledger_transactions',
      'ledger_postings',
      'donations',
      'ledger_tree_nodes',
      'audit_events',
    ];
    const before = tables.map((x) => countRows(t, x));
    const balances = t.sqlite.prepare('SELECT * FROM ledger_balances ORDER BY account').all();
    t.sqlite.exec(
      `CREATE TRIGGER fault BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected'); END`,
    );
    try {
      const res = await donate({ amountFen: 4242 });
      expect(res.statusCode).toBe(500);
    } finally {
      t.sqlite.exec('DROP TRIGGER fault');
    }
    expect(tables.map((x) => countRows(t, x))).toEqual(before);
    expect(t.sqlite.prepare('SELECT * FROM ledger_balances ORDER BY account').all()).toEqual(balances);
  });
});

describe('the database itself', () => {
  it('refuses a transaction whose postings do not balance, and postings added after the seal', () => {
    const org = (t.sqlite.prepare('SELECT id FROM organizations LIMIT 1').get() as { id: number }).id;
    const next = (
      t.sqlite.prepare('SELECT max(leaf_index) + 1 AS n FROM ledger_transactions').get() as { n: number }
    ).n;
    const write = t.sqlite.transaction(() => {
      const tx = t.sqlite
        .prepare(
          `INSERT INTO ledger_transactions (public_id, leaf_index, org_id, kind, effective_at, recorded_at, idempotency_key, leaf, leaf_hash)
           VALUES ('forged000000000a', ?, ?, 'cash_donation', 0, 0, 'forged', '{}', x'00') RETURNING id`,
        )
        .get(next, org) as { id: number };
      t.sqlite
        .prepare(
          `INSERT INTO ledger_postings (tx_id, org_id, account, unit, amount_fen) VALUES (?, ?, 'bank', 'CNY', 100)`,
        )
        .run(tx.id, org);
      t.sqlite
        .prepare(
          `INSERT INTO ledger_postings (tx_id, org_id, account, unit, amount_fen) VALUES (?, ?, 'donation_income', 'CNY', -99)`,
        )
        .run(tx.id, org);
      t.sqlite.prepare(`INSERT INTO ledger_tree_nodes (level, idx, hash) VALUES (0, ?, x'00')`).run(next);
    });
    expect(write).toThrow(/does not balance/);
    const sealed = t.sqlite
      .prepare('SELECT id, org_id FROM ledger_transactions ORDER BY id LIMIT 1')
      .get() as { id: number; org_id: number };
    expect(() =>
      t.sqlite
        .prepare(
          `INSERT INTO ledger_postings (tx_id, org_id, account, unit, amount_fen) VALUES (?, ?, 'bank', 'CNY', 1)`,
        )
        .run(sealed.id, sealed.org_id),
    ).toThrow(/sealed/);
  });

  it('holds no unbalanced transaction, and its stored balances equal a replay of the postings', () => {
    expect(countRows(t, 'ledger_transactions')).toBeGreaterThan(10);
    expect(unbalancedTransactions(t)).toEqual([]);
    expect(balancesOffReplay(t)).toEqual([]);
  });
});

import { duePushesQuery } from '../../server/modules/notifications/dispatch-pushes';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../shared/china-date';
import { verifyReceipt } from '../../shared/ledger-verify';
import type { InclusionProof, PublicCheckpoint } from '../../shared/schemas/ledger-log';
import type { Receipt } from '../../shared/schemas/ledger';
import type { PayOrder } from '../../shared/schemas/payments';
import type { Report } from '../../shared/schemas/reports';
import type { NotificationTamper } from '../../server/demo/fake-wechat-pay';
import { newKey } from '../support/donors';
import {
  campaignGift,
  getOrder,
  ledgerState,
  newOrder,
  orderRow,
  outTradeNoOf,
  postingsFor,
  startPayTestApp,
  wechatDonor,
  type PayTestApp,
} from '../support/payments';
import { auditEvents, call, demoLogin } from '../support/staff';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The environment without a configured key: verify-ledger finds the key file beside the database. */
const { LEDGER_SIGNING_KEY: _configured, ...ENV } = process.env;

/**
 * WeChat Pay's callback (`POST /api/v1/pay/notify`) from the fake WeChat Pay over real HTTP:
 * a genuine one settles the order once however often and however concurrently it comes; every
 * spoiled or non-matching one is refused or ignored with nothing posted (QUALITY.md bad input 14).
 */
describe('WeChat Pay callbacks', { timeout: 90_000 }, () => {
  let t: PayTestApp;
  let donor: { token: string; userId: number };

  beforeAll(async () => {
    t = await startPayTestApp();
    donor = wechatDonor(t, '王小明');
  });
  afterAll(() => t.close());

  /** An open order and its number at WeChat Pay. */
  async function open(amountFen = 5000): Promise<{ order: PayOrder; no: string }> {
    const order = await newOrder(t, donor.token, campaignGift(t, { amountFen, donorName: '王小明' }));
    return { order, no: outTradeNoOf(t, order.id) };
  }

  /** Posts a callback to our notify URL as WeChat Pay would; its status and body. */
  async function post(n: {
    headers: Record<string, string>;
    body: string;
  }): Promise<{ status: number; body: string }> {
    const res = await fetch(t.notifyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...n.headers },
      body: n.body,
    });
    return { status: res.status, body: await res.text() };
  }

  const success = (resource: Record<string, unknown>) =>
    t.fake.buildNotification({ eventType: 'TRANSACTION.SUCCESS', resource });

  it('settles a genuine callback once: one donation with its receipt, the inbox message, 204 with no body', async () => {
    const { order, no } = await open(5000);
    const before = ledgerState(t);
    const paid = await t.fake.pay(no);
    expect(paid.deliveries.map((d) => d.status)).toEqual([204]);
    expect(postingsFor(t, order.id)).toBe(1);
    const after = ledgerState(t);
    expect(after.transactions).toBe((before.transactions as number) + 1);
    expect(after.donations).toBe((before.donations as number) + 1);
    const view = (await getOrder(t, donor.token, order.id)).json() as PayOrder;
    expect(view).toMatchObject({
      status: 'paid',
      pay: null,
      receipt: { receiptNo: expect.stringMatching(/^\d{4}-\d{6}$/) },
    });
    const row = orderRow(t, order.id);
    expect(row).toMatchObject({ status: 'paid', transaction_id: paid.transactionId });
    const posting = t.sqlite
      .prepare(
        `SELECT p.account, p.amount_fen FROM ledger_postings p JOIN pay_orders o ON o.ledger_tx_id = p.tx_id
         WHERE o.public_id = ? ORDER BY p.amount_fen DESC`,
      )
      .all(order.id);
    expect(posting).toEqual([
      { account: 'wechat_clearing', amount_fen: 5000 },
      { account: `restricted_fund:${order.target.id}`, amount_fen: -5000 },
    ]);
    const receipt = (
      await t.app.inject({ method: 'GET', url: `/api/v1/receipts/${view.receipt?.id}` })
    ).json() as Receipt;
    expect(receipt).toMatchObject({
      channel: 'wechat',
      amountFen: 5000,
      donorName: '王小明',
      publicName: '王*',
    });
    const inbox = t.sqlite
      .prepare(
        `SELECT kind, title, body, link, push_status FROM notifications WHERE user_id = ? AND kind = 'donation_received'`,
      )
      .all(donor.userId) as { body: string; link: string; push_status: string }[];
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.body).toContain(`收据编号 ${view.receipt?.receiptNo}`);
    expect(inbox[0]?.body).toContain('¥50.00');
    expect(inbox[0]?.link).toBe(`/public/receipt/index?id=${view.receipt?.id}`);
    expect(inbox[0]?.push_status).toBe('pending');
    // Pushed as a subscription message naming the campaign (a campaign gift has no wish).
    const due = duePushesQuery(t.db, Date.now(), 100)
      .all()
      .filter((r) => r.kind === 'donation_received');
    expect(due.map((r) => r.wishTitle)).toEqual([order.target.title]);
    expect(auditEvents(t, 'payment.settled').some((e) => e.target_id === order.id)).toBe(true);
  });

  it('posts once for the same callback 10 times in a row, and 10 times at once', async () => {
    for (const concurrent of [false, true]) {
      const { order, no } = await open(1000);
      const before = ledgerState(t);
      const paid = await t.fake.pay(no, { times: 10, concurrent });
      expect(paid.deliveries).toHaveLength(10);
      expect(paid.deliveries.every((d) => d.status === 204)).toBe(true);
      expect(postingsFor(t, order.id)).toBe(1);
      expect(ledgerState(t).transactions).toBe((before.transactions as number) + 1);
      // And again later, verbatim: acknowledged, still one.
      const again = success(t.fake.transactionResource(no));
      for (let i = 0; i < 10; i++) expect((await post(again)).status).toBe(204);
      expect(postingsFor(t, order.id)).toBe(1);
    }
  });

  it('refuses a callback it cannot verify — 401/400 with {code: FAIL} — and posts nothing', async () => {
    const { order, no } = await open(2500);
    // Paid at WeChat Pay, callback lost: each spoiled copy below carries a true payment.
    await t.fake.pay(no, { notify: false });
    const resource = t.fake.transactionResource(no);
    const before = ledgerState(t);
    const cases: [NotificationTamper, number][] = [
      ['signature', 401],
      ['unknown-serial', 401],
      ['old-timestamp', 401],
      ['future-timestamp', 401],
      ['missing-headers', 401],
      ['body-after-signing', 401],
      ['ciphertext', 400],
      ['associated-data', 400],
    ];
    for (const [tamper, status] of cases) {
      const answer = await post(
        t.fake.buildNotification({ eventType: 'TRANSACTION.SUCCESS', resource }, { tamper }),
      );
      expect(answer.status, tamper).toBe(status);
      expect(JSON.parse(answer.body), tamper).toMatchObject({ code: 'FAIL', message: expect.any(String) });
      expect(ledgerState(t), tamper).toEqual(before);
    }
    // Exactly 6 minutes old (the window is 5), signed correctly otherwise.
    const sixMinutes = Math.floor(Date.now() / 1000) - 6 * 60;
    const old = t.fake.buildNotification(
      { eventType: 'TRANSACTION.SUCCESS', resource },
      { timestamp: sixMinutes },
    );
    expect((await post(old)).status).toBe(401);
    // Not a notification at all, or no body.
    expect((await post({ headers: {}, body: '' })).status).toBe(401);
    expect((await post({ headers: {}, body: 'x'.repeat(1000) })).status).toBe(401);
    expect(ledgerState(t)).toEqual(before);
    expect(orderRow(t, order.id)).toMatchObject({ status: 'created', ledger_tx_id: null });
    // The genuine callback still settles it.
    expect((await post(success(resource))).status).toBe(204);
    expect(postingsFor(t, order.id)).toBe(1);
  });

  it('acknowledges but posts nothing for a verified report that does not match our order, and audits it', async () => {
    const { order, no } = await open(3000);
    await t.fake.pay(no, { notify: false });
    const real = t.fake.transactionResource(no);
    const before = ledgerState(t);
    const mismatches: [string, Record<string, unknown>, string][] = [
      [
        'amount',
        { amount: { ...(real.amount as object), total: 3001, payer_total: 3001 } },
        'AMOUNT_MISMATCH',
      ],
      [
        'amount (less)',
        { amount: { ...(real.amount as object), total: 1, payer_total: 1 } },
        'AMOUNT_MISMATCH',
      ],
      ['mchid', { mchid: '1900000999' }, 'WRONG_MERCHANT'],
      ['appid', { appid: 'wx0000000000000000' }, 'WRONG_APP'],
      ['unknown order', { out_trade_no: 'XY20260101unknownorder' }, 'UNKNOWN_ORDER'],
    ];
    for (const [what, overrides, reason] of mismatches) {
      const answer = await post(success({ ...real, ...overrides }));
      expect(answer.status, what).toBe(204);
      expect(answer.body, what).toBe('');
      expect(ledgerState(t), what).toEqual(before);
      const alert = auditEvents(t, 'payment.report_refused').at(-1);
      expect(alert, what).toMatchObject({ outcome: 'refused' });
      expect(JSON.parse(alert?.details ?? '{}'), what).toMatchObject({ reason, source: 'notify' });
    }
    // A trade state other than SUCCESS: acknowledged, nothing posted, no alert.
    const alerts = auditEvents(t, 'payment.report_refused').length;
    for (const state of ['NOTPAY', 'PAYERROR', 'CLOSED', 'USERPAYING']) {
      const { transaction_id: _id, success_time: _time, ...unpaid } = real;
      expect((await post(success({ ...unpaid, trade_state: state }))).status, state).toBe(204);
    }
    expect(auditEvents(t, 'payment.report_refused')).toHaveLength(alerts);
    expect(ledgerState(t)).toEqual(before);
    expect(orderRow(t, order.id)).toMatchObject({ status: 'created' });
    // The fake's own amount-override callback: the same.
    const second = await open(4000);
    const overridden = await t.fake.pay(second.no, { amountOverride: 4100 });
    expect(overridden.deliveries.map((d) => d.status)).toEqual([204]);
    expect(postingsFor(t, second.order.id)).toBe(0);
  });

  it('answers a poll after paying from WeChat Pay itself when the callback is late, once', async () => {
    const { order, no } = await open(1200);
    await t.fake.pay(no, { notify: false });
    const polls = await Promise.all(Array.from({ length: 5 }, () => getOrder(t, donor.token, order.id)));
    expect(polls.map((p) => p.json().status)).toContain('paid');
    expect(postingsFor(t, order.id)).toBe(1);
    expect(JSON.parse(auditEvents(t, 'payment.settled').at(-1)?.details ?? '{}')).toMatchObject({
      source: 'query',
    });
  });

  it('settles through the demo step: the fake pays and calls back, the same code as production', async () => {
    const { order } = await open(6600);
    const res = await call(t, donor.token, 'POST', `/api/v1/demo/pay/orders/${order.id}/simulate`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'paid', receipt: { id: expect.any(String) } });
    expect(JSON.parse(auditEvents(t, 'payment.settled').at(-1)?.details ?? '{}')).toMatchObject({
      source: 'notify',
    });
    const again = await call(t, donor.token, 'POST', `/api/v1/demo/pay/orders/${order.id}/simulate`);
    expect(again.json().status).toBe('paid');
    expect(postingsFor(t, order.id)).toBe(1);
    const stranger = wechatDonor(t, '路人');
    expect(
      (await call(t, stranger.token, 'POST', `/api/v1/demo/pay/orders/${order.id}/simulate`)).statusCode,
    ).toBe(404);
  });

  it('shows the paid donation in the next report, whose checkpoint proves the receipt; verify-ledger passes', async () => {
    const { order, no } = await open(8800);
    await t.fake.pay(no);
    const view = (await getOrder(t, donor.token, order.id)).json() as PayOrder;
    const finance = await demoLogin(t, 'finance');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/reports',
      headers: { authorization: `Bearer ${finance}`, 'idempotency-key': newKey() },
      payload: { kind: 'month', month: chinaDate(Date.now()).slice(0, 7) },
    });
    expect(created.statusCode, created.body).toBe(201);
    const report = created.json() as Report;
    const line = report.donations.find((d) => d.receiptNo === view.receipt?.receiptNo);
    expect(line).toMatchObject({ kind: 'cash_donation', amountFen: 8800, donor: '王*', unit: 'CNY' });
    const paidFen = (
      t.sqlite.prepare(`SELECT sum(amount_fen) AS fen FROM pay_orders WHERE status = 'paid'`).get() as {
        fen: number;
      }
    ).fen;
    expect(report.totals.cashDonationsFen).toBe(paidFen);

    const receipt = (
      await t.app.inject({ method: 'GET', url: `/api/v1/receipts/${view.receipt?.id}` })
    ).json() as Receipt;
    const cp = (
      await t.app.inject({ method: 'GET', url: '/api/v1/ledger/checkpoint' })
    ).json() as PublicCheckpoint;
    expect(report.checkpoint.size).toBeGreaterThan(receipt.leafIndex);
    const proof = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/ledger/proofs/inclusion?index=${receipt.leafIndex}&size=${report.checkpoint.size}`,
      })
    ).json() as InclusionProof;
    const check = {
      leaf: receipt.leaf,
      checkpoint: report.checkpoint.note,
      vkey: cp.vkey,
      proof,
      donor: { salt: receipt.salt, name: receipt.donorName },
    };
    expect(verifyReceipt(check)).toMatchObject({ ok: true, leaf: { index: receipt.leafIndex } });
    expect(verifyReceipt({ ...check, leaf: receipt.leaf.replace('8800', '8801') }).ok).toBe(false);

    const verified = await new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        path.join(ROOT, 'node_modules', '.bin', 'tsx'),
        ['server/cli/verify-ledger.ts', '--db', t.config.databasePath],
        { cwd: ROOT, env: ENV },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err.code as number | undefined) ?? 1) : 0, out: stdout + stderr }),
      );
    });
    expect(verified.out).toContain('OK: the ledger verifies');
    expect(verified.code).toBe(0);
  });
});

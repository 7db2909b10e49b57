import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerTx } from '../../shared/schemas/ledger';
import type { OnlineRefund, PayOrder } from '../../shared/schemas/payments';
import { sweepPayments } from '../../server/modules/payments/sweep-payments';
import { newKey } from '../support/donors';
import { donationBody, ledgerPost } from '../support/ledger';
import {
  campaignGift,
  getOrder,
  ledgerState,
  newOrder,
  outTradeNoOf,
  startPayTestApp,
  wechatDonor,
  type PayTestApp,
} from '../support/payments';
import { countRows, demoLogin } from '../support/staff';

const MIN = 60_000;

/**
 * Refunds of online donations go back through WeChat Pay and are posted to the ledger as refund
 * transactions (from WeChat Pay clearing, out of the fund) only when WeChat Pay reports SUCCESS —
 * by its answer, its REFUND.SUCCESS callback or the sweeper's query — exactly once, and never more
 * than is left of the donation.
 */
describe('refunds through WeChat Pay', { timeout: 90_000 }, () => {
  let t: PayTestApp;
  let finance: string;
  let donor: { token: string; userId: number };
  beforeAll(async () => {
    t = await startPayTestApp();
    finance = await demoLogin(t, 'finance');
    donor = wechatDonor(t, '钱多多');
  });
  afterAll(() => t.close());

  /** A paid campaign gift: its order and its ledger transaction's public id. */
  async function paidGift(amountFen: number): Promise<{ order: PayOrder; txId: string; no: string }> {
    const order = await newOrder(t, donor.token, campaignGift(t, { amountFen }));
    const no = outTradeNoOf(t, order.id);
    await t.fake.pay(no);
    const row = t.sqlite
      .prepare(
        'SELECT l.public_id AS id FROM ledger_transactions l JOIN pay_orders o ON o.ledger_tx_id = l.id WHERE o.public_id = ?',
      )
      .get(order.id) as { id: string };
    return { order, txId: row.id, no };
  }

  const refund = (txId: string, body: object, key = newKey(), token = finance) =>
    ledgerPost(t, token, `/api/v1/staff/ledger/${txId}/online-refunds`, body, key);
  const refundTxs = (txId: string) =>
    t.sqlite
      .prepare(
        `SELECT r.public_id AS id FROM ledger_transactions r JOIN ledger_transactions d ON d.id = r.refund_of_id
         WHERE d.public_id = ? AND r.kind = 'refund'`,
      )
      .all(txId);
  async function settled(refundId: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const row = t.sqlite.prepare('SELECT status FROM pay_refunds WHERE public_id = ?').get(refundId) as {
        status: string;
      };
      if (row.status !== 'processing') return row.status;
      await new Promise((r) => setTimeout(r, 50));
    }
    return 'processing';
  }

  it('refunds part of a donation: WeChat Pay confirms by callback, one refund transaction is posted', async () => {
    const gift = await paidGift(5000);
    const key = newKey();
    const res = await refund(gift.txId, { amountFen: 2000, reason: '捐赠人误操作，申请退回' }, key);
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json() as OnlineRefund;
    expect(answer).toMatchObject({ amountFen: 2000, donationTxId: gift.txId });
    expect(t.fake.refund(answer.id)).toMatchObject({ refundFen: 2000, totalFen: 5000, outTradeNo: gift.no });
    expect(await settled(answer.id)).toBe('succeeded');
    expect(refundTxs(gift.txId)).toHaveLength(1);
    const ledger = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/staff/ledger?kind=refund',
        headers: { authorization: `Bearer ${finance}` },
      })
    ).json().items as LedgerTx[];
    const posted = ledger.find((x) => x.refundOf === gift.txId);
    expect(posted?.postings).toEqual(
      expect.arrayContaining([
        { account: 'wechat_clearing', unit: 'CNY', amountFen: -2000 },
        { account: `restricted_fund:${gift.order.target.id}`, unit: 'CNY', amountFen: 2000 },
      ]),
    );
    expect((await getOrder(t, donor.token, gift.order.id)).json()).toMatchObject({ refundedFen: 2000 });
    const told = t.sqlite
      .prepare(`SELECT body FROM notifications WHERE user_id = ? AND kind = 'donation_refunded'`)
      .all(donor.userId);
    expect(told).toEqual([{ body: expect.stringContaining('¥20.00') }]);
    // The same request again: the same refund, nothing new at WeChat Pay or in the books.
    const again = await refund(gift.txId, { amountFen: 2000, reason: '捐赠人误操作，申请退回' }, key);
    expect(again.json().id).toBe(answer.id);
    expect(refundTxs(gift.txId)).toHaveLength(1);
    // The callback again, and the sweeper: still one.
    const callback = t.fake.buildNotification({
      eventType: 'REFUND.SUCCESS',
      resource: t.fake.refundResource(answer.id),
    });
    for (let i = 0; i < 5; i++) expect(await t.fake.deliver(t.notifyUrl, callback)).toBe(204);
    await sweepPayments(t.pay, Date.now() + 10 * MIN);
    expect(refundTxs(gift.txId)).toHaveLength(1);
  });

  it('refuses more than is left, counting refunds under way, and writes nothing', async () => {
    const gift = await paidGift(3000);
    t.fake.setRefunds('manual');
    try {
      const first = await refund(gift.txId, { amountFen: 1000, reason: '部分退款' });
      expect(first.json().status).toBe('processing');
      const before = { ...ledgerState(t), refunds: countRows(t, 'pay_refunds') };
      const wechatBefore = t.fake.requests.length;
      for (const amountFen of [2001, 3000]) {
        const res = await refund(gift.txId, { amountFen, reason: '再退一些' });
        expect([res.statusCode, res.json().error.code]).toEqual([422, 'REFUND_TOO_LARGE']);
        expect(res.json().error.details).toEqual({ refundableFen: 2000 });
      }
      for (const amountFen of [0, -1, 12.5, '100', null]) {
        expect((await refund(gift.txId, { amountFen, reason: '坏金额' })).statusCode).toBe(400);
      }
      expect({ ...ledgerState(t), refunds: countRows(t, 'pay_refunds') }).toEqual(before);
      expect(t.fake.requests.length).toBe(wechatBefore);
    } finally {
      t.fake.setRefunds('auto');
    }
  });

  it('finishes a refund whose callback is lost by asking WeChat Pay, once; a closed refund posts nothing', async () => {
    const gift = await paidGift(2600);
    t.fake.setRefunds('manual');
    try {
      const ok = (await refund(gift.txId, { amountFen: 600, reason: '退回一部分' })).json() as OnlineRefund;
      const failed = (
        await refund(gift.txId, { amountFen: 500, reason: '会失败的退款' })
      ).json() as OnlineRefund;
      await t.fake.completeRefund(ok.id, { notify: false });
      await t.fake.completeRefund(failed.id, { status: 'CLOSED', notify: false });
      expect(refundTxs(gift.txId)).toHaveLength(0);
      const swept = await sweepPayments(t.pay, Date.now() + 2 * MIN);
      expect(swept.refundsFinished).toBe(2);
      expect(await settled(ok.id)).toBe('succeeded');
      expect(await settled(failed.id)).toBe('failed');
      expect(refundTxs(gift.txId)).toHaveLength(1);
      await sweepPayments(t.pay, Date.now() + 10 * MIN);
      expect(refundTxs(gift.txId)).toHaveLength(1);
      // The failed refund's amount is free again: 2600 − 600 is left.
      const rest = await refund(gift.txId, { amountFen: 2000, reason: '全部退回' });
      expect(rest.statusCode).toBe(201);
    } finally {
      t.fake.setRefunds('auto');
    }
  });

  it('is for online donations and finance only; the bank/cash refund route does not take them', async () => {
    const gift = await paidGift(1000);
    const bank = await ledgerPost(t, finance, '/api/v1/staff/donations', donationBody({ amountFen: 1000 }));
    const bankTx = bank.json() as LedgerTx;
    const notOnline = await refund(bankTx.id, { amountFen: 100, reason: '不是在线的' });
    expect([notOnline.statusCode, notOnline.json().error.code]).toEqual([422, 'NOT_AN_ONLINE_DONATION']);
    const asDonor = await refund(gift.txId, { amountFen: 100, reason: '我自己退' }, newKey(), donor.token);
    expect(asDonor.statusCode).toBe(403);
    const otherOrg = await demoLogin(t, 'org_admin');
    expect(
      (await refund(gift.txId, { amountFen: 100, reason: '别的机构' }, newKey(), otherOrg)).statusCode,
    ).toBe(403);
    const viaBankRoute = await ledgerPost(t, finance, `/api/v1/staff/ledger/${gift.txId}/refund`, {
      amountFen: 100,
      paidOn: new Date().toISOString().slice(0, 10),
      reason: '走错了路',
    });
    expect([viaBankRoute.statusCode, viaBankRoute.json().error.code]).toEqual([422, 'DONATION_PAID_ONLINE']);
    expect(refundTxs(gift.txId)).toHaveLength(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimDetail } from '../../shared/schemas/claims';
import type { PayOrder } from '../../shared/schemas/payments';
import { sweepPayments } from '../../server/modules/payments/sweep-payments';
import { addDonor, claim } from '../support/donors';
import { uploadPhoto } from '../support/media';
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

const MIN = 60_000;

/**
 * The payments sweeper: a lost callback loses no donation, a race with the callback posts once,
 * unpaid orders close and give their wish shares back, a payment for an order we had closed is
 * still settled. Wish shares paid online become a claim the hand-over does not post again.
 */
describe('payments sweeper and wish shares', { timeout: 90_000 }, () => {
  let t: PayTestApp;
  let donor: { token: string; userId: number };
  beforeAll(async () => {
    t = await startPayTestApp();
    donor = wechatDonor(t, '赵敏');
  });
  afterAll(() => t.close());

  /** A published wish in the demo caseworker's village (上坑村), `shares` shares of ¥100. */
  function villageWish(shares: number, offset = 0): { id: number; publicId: string } {
    const row = t.sqlite
      .prepare(
        `SELECT w.id, w.public_id AS publicId FROM wishes w
         JOIN regions r ON r.name = '上坑村' AND substr(w.region_path, 1, length(r.path)) = r.path
         WHERE w.status = 'published' AND w.shares_taken = 0 ORDER BY w.id LIMIT 1 OFFSET ?`,
      )
      .get(offset) as { id: number; publicId: string } | undefined;
    if (!row) throw new Error('no published wish left in 上坑村');
    t.sqlite
      .prepare('UPDATE wishes SET shares = ?, estimated_value_fen = ?, expires_at = NULL WHERE id = ?')
      .run(shares, shares * 10000, row.id);
    return row;
  }
  const wishRow = (id: number) =>
    t.sqlite.prepare('SELECT status, shares_taken FROM wishes WHERE id = ?').get(id) as {
      status: string;
      shares_taken: number;
    };
  const sharesBody = (wishId: string, shares: number) => ({
    target: { kind: 'wish', wishId, shares },
    donorDisplay: 'named',
    donorName: '赵敏',
    channel: 'jsapi',
  });

  it('settles a payment whose callback never came, once, by asking WeChat Pay', async () => {
    const order = await newOrder(t, donor.token, campaignGift(t, { amountFen: 4321 }));
    await t.fake.pay(outTradeNoOf(t, order.id), { notify: false });
    // Not due yet: the callback is not late.
    expect((await sweepPayments(t.pay, Date.now())).settled).toBe(0);
    expect(postingsFor(t, order.id)).toBe(0);
    const first = await sweepPayments(t.pay, Date.now() + 3 * MIN);
    expect(first.settled).toBe(1);
    expect(postingsFor(t, order.id)).toBe(1);
    expect(JSON.parse(auditEvents(t, 'payment.settled').at(-1)?.details ?? '{}')).toMatchObject({
      source: 'query',
    });
    const later = await sweepPayments(t.pay, Date.now() + 30 * MIN);
    expect(later.settled).toBe(0);
    expect(postingsFor(t, order.id)).toBe(1);
  });

  it('posts once when the sweeper and the callback (and its retries) race', async () => {
    for (let round = 0; round < 3; round++) {
      const order = await newOrder(t, donor.token, campaignGift(t, { amountFen: 1500 + round }));
      const no = outTradeNoOf(t, order.id);
      await t.fake.pay(no, { notify: false });
      const callback = t.fake.buildNotification({
        eventType: 'TRANSACTION.SUCCESS',
        resource: t.fake.transactionResource(no),
      });
      const at = Date.now() + 3 * MIN;
      const results = await Promise.all([
        sweepPayments(t.pay, at),
        t.fake.deliver(t.notifyUrl, callback),
        sweepPayments(t.pay, at + MIN),
        t.fake.deliver(t.notifyUrl, callback),
        getOrder(t, donor.token, order.id),
      ]);
      expect(results[1]).toBe(204);
      expect(results[3]).toBe(204);
      expect(postingsFor(t, order.id)).toBe(1);
    }
  });

  it('closes an unpaid order after its time (at WeChat Pay too) and gives the wish shares back', async () => {
    const wish = villageWish(2);
    const order = await newOrder(t, donor.token, sharesBody(wish.publicId, 2));
    expect(wishRow(wish.id)).toEqual({ status: 'claimed', shares_taken: 2 });
    const before = ledgerState(t);
    // Before expiry the sweeper only looks (the callback is late), it does not close.
    expect((await sweepPayments(t.pay, Date.now() + 3 * MIN)).closed).toBe(0);
    const swept = await sweepPayments(t.pay, Date.now() + 16 * MIN);
    expect(swept.closed).toBe(1);
    expect(orderRow(t, order.id)).toMatchObject({ status: 'closed', shares_held: 0 });
    expect(t.fake.order(outTradeNoOf(t, order.id))?.tradeState).toBe('CLOSED');
    expect(wishRow(wish.id)).toEqual({ status: 'published', shares_taken: 0 });
    expect(ledgerState(t)).toEqual(before);
    // Once only: another sweep changes nothing.
    expect((await sweepPayments(t.pay, Date.now() + 40 * MIN)).closed).toBe(0);
    expect(wishRow(wish.id)).toEqual({ status: 'published', shares_taken: 0 });
    expect((await getOrder(t, donor.token, order.id)).json()).toMatchObject({ status: 'closed', pay: null });
  });

  it('tries again next run when WeChat Pay cannot be reached', async () => {
    const order = await newOrder(t, donor.token, campaignGift(t, { amountFen: 999 }));
    await t.fake.pay(outTradeNoOf(t, order.id), { notify: false });
    t.fake.setAnswerSignature('bad');
    const blind = await sweepPayments(t.pay, Date.now() + 3 * MIN);
    t.fake.setAnswerSignature('valid');
    expect(blind.deferred).toBeGreaterThan(0);
    expect(orderRow(t, order.id)).toMatchObject({ status: 'created' });
    expect(postingsFor(t, order.id)).toBe(0);
    expect((await sweepPayments(t.pay, Date.now() + 5 * MIN)).settled).toBe(1);
    expect(postingsFor(t, order.id)).toBe(1);
  });

  it('turns paid shares into a claim at `received`; the hand-over posts no gift in kind for it', async () => {
    const wish = villageWish(2, 0);
    const order = await newOrder(t, donor.token, sharesBody(wish.publicId, 1));
    expect(order.amountFen).toBe(10000);
    await t.fake.pay(outTradeNoOf(t, order.id));
    const paid = (await getOrder(t, donor.token, order.id)).json() as PayOrder;
    expect(paid).toMatchObject({ status: 'paid', claimId: expect.any(String), redirectedToFund: false });
    const mine = (await call(t, donor.token, 'GET', `/api/v1/claims/${paid.claimId}`)).json() as ClaimDetail;
    expect(mine).toMatchObject({ stage: 'received', shares: 1, paidOnline: true });
    // The wish's fund has the money (no campaign on this wish → the general fund).
    const posted = t.sqlite
      .prepare(
        `SELECT p.account, p.amount_fen FROM ledger_postings p JOIN pay_orders o ON o.ledger_tx_id = p.tx_id
         WHERE o.public_id = ? ORDER BY p.amount_fen DESC`,
      )
      .all(order.id);
    expect(posted).toEqual([
      { account: 'wechat_clearing', amount_fen: 10000 },
      { account: 'donation_income', amount_fen: -10000 },
    ]);
    // Having paid, the donor may not also claim it as a gift; another donor brings the other share.
    expect((await claim(t, donor.token, wish.publicId)).json().error.code).toBe('ALREADY_CLAIMED_BY_YOU');
    const giver = addDonor(t, '送礼物的人');
    const gift = (await claim(t, giver.token, wish.publicId)).json() as { id: string; paidOnline: boolean };
    expect(gift.paidOnline).toBe(false);
    const caseworker = await demoLogin(t, 'caseworker');
    expect(
      (await call(t, giver.token, 'POST', `/api/v1/claims/${gift.id}/ship`, { mode: 'in_person' }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await call(t, caseworker, 'POST', `/api/v1/staff/claims/${gift.id}/receive`, {
          quantity: 1,
          condition: 'good',
        })
      ).statusCode,
    ).toBe(200);
    const photo = await uploadPhoto(t, caseworker, 'handover');
    const handed = await call(t, caseworker, 'POST', `/api/v1/staff/wishes/${wish.publicId}/hand-over`, {
      photoIds: [photo.id],
    });
    expect(handed.statusCode, handed.body).toBe(200);
    const inKind = t.sqlite
      .prepare(
        `SELECT c.public_id AS claim FROM ledger_transactions l JOIN claims c ON c.id = l.claim_id
                WHERE l.kind = 'inkind_donation' AND l.wish_id = ?`,
      )
      .all(wish.id);
    expect(inKind).toEqual([{ claim: gift.id }]);
    expect((await call(t, donor.token, 'GET', `/api/v1/claims/${paid.claimId}`)).json().stage).toBe(
      'handed_over',
    );
  });

  it('holds the hand-over while a share waits for its online payment', async () => {
    const wish = villageWish(2, 0);
    const giver = addDonor(t, '先送礼物的人');
    const gift = (await claim(t, giver.token, wish.publicId)).json() as { id: string };
    const caseworker = await demoLogin(t, 'caseworker');
    await call(t, giver.token, 'POST', `/api/v1/claims/${gift.id}/ship`, { mode: 'in_person' });
    const received = await call(t, caseworker, 'POST', `/api/v1/staff/claims/${gift.id}/receive`, {
      quantity: 1,
      condition: 'good',
    });
    expect(received.statusCode).toBe(200);
    const order = await newOrder(t, donor.token, sharesBody(wish.publicId, 1));
    expect(wishRow(wish.id)).toEqual({ status: 'claimed', shares_taken: 2 });
    const photo = await uploadPhoto(t, caseworker, 'handover');
    const handOver = () =>
      call(t, caseworker, 'POST', `/api/v1/staff/wishes/${wish.publicId}/hand-over`, {
        photoIds: [photo.id],
      });
    const early = await handOver();
    expect([early.statusCode, early.json().error.code]).toEqual([422, 'HANDOVER_NOT_READY']);
    await t.fake.pay(outTradeNoOf(t, order.id));
    expect((await getOrder(t, donor.token, order.id)).json()).toMatchObject({ status: 'paid' });
    expect((await handOver()).statusCode).toBe(200);
  });

  it('settles a payment for an order it had closed: onto the wish while its shares are there, else into the fund', async () => {
    const wish = villageWish(1, 1);
    t.sqlite
      .prepare('UPDATE wishes SET campaign_id = (SELECT id FROM campaigns ORDER BY id LIMIT 1) WHERE id = ?')
      .run(wish.id);
    // Paid at WeChat Pay in the moment we closed it here.
    const late = await newOrder(t, donor.token, sharesBody(wish.publicId, 1));
    await t.fake.pay(outTradeNoOf(t, late.id), { notify: false });
    t.sqlite
      .prepare(`UPDATE pay_orders SET status = 'closed', shares_held = 0 WHERE public_id = ?`)
      .run(late.id);
    t.sqlite.prepare(`UPDATE wishes SET shares_taken = 0, status = 'published' WHERE id = ?`).run(wish.id);
    expect((await sweepPayments(t.pay, Date.now())).settled).toBe(0);
    const retook = await t.fake.deliver(
      t.notifyUrl,
      t.fake.buildNotification({
        eventType: 'TRANSACTION.SUCCESS',
        resource: t.fake.transactionResource(outTradeNoOf(t, late.id)),
      }),
    );
    expect(retook).toBe(204);
    expect((await getOrder(t, donor.token, late.id)).json()).toMatchObject({
      status: 'paid',
      redirectedToFund: false,
      claimId: expect.any(String),
    });
    expect(wishRow(wish.id)).toEqual({ status: 'claimed', shares_taken: 1 });

    // The same again, but meanwhile someone else took the share: the money goes to the fund.
    const wish2 = villageWish(1, 0);
    const gone = await newOrder(t, donor.token, sharesBody(wish2.publicId, 1));
    await t.fake.pay(outTradeNoOf(t, gone.id), { notify: false });
    t.sqlite
      .prepare(`UPDATE pay_orders SET status = 'closed', shares_held = 0 WHERE public_id = ?`)
      .run(gone.id);
    t.sqlite.prepare(`UPDATE wishes SET shares_taken = 0, status = 'published' WHERE id = ?`).run(wish2.id);
    const other = addDonor(t, '先到的人');
    expect((await claim(t, other.token, wish2.publicId)).statusCode).toBe(201);
    const before = ledgerState(t);
    await t.fake.deliver(
      t.notifyUrl,
      t.fake.buildNotification({
        eventType: 'TRANSACTION.SUCCESS',
        resource: t.fake.transactionResource(outTradeNoOf(t, gone.id)),
      }),
    );
    const view = (await getOrder(t, donor.token, gone.id)).json() as PayOrder;
    expect(view).toMatchObject({
      status: 'paid',
      redirectedToFund: true,
      claimId: null,
      receipt: { id: expect.any(String) },
    });
    expect(ledgerState(t).transactions).toBe((before.transactions as number) + 1);
    expect(ledgerState(t).claims).toBe(before.claims);
    expect(wishRow(wish2.id)).toEqual({ status: 'claimed', shares_taken: 1 });
    const memo = t.sqlite
      .prepare(
        'SELECT l.memo, l.wish_id FROM ledger_transactions l JOIN pay_orders o ON o.ledger_tx_id = l.id WHERE o.public_id = ?',
      )
      .get(gone.id) as { memo: string; wish_id: number | null };
    expect(memo.memo).toContain('计入资金');
    expect(memo.wish_id).toBeNull();
    expect(auditEvents(t, 'payment.redirected_to_fund').map((e) => e.target_id)).toContain(gone.id);
  });
});

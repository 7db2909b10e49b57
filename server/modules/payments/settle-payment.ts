import { and, eq, ne, sql } from 'drizzle-orm';
import { donationPostings, type Fund } from '../../../shared/ledger';
import { yuanText } from '../../../shared/payments';
import type { Db } from '../../db/client';
import type { Tx } from '../../db/tx';
import { campaigns, claims, fulfilmentEvents, payOrders, wishes } from '../../db/schema';
import { newPublicId } from '../../ids';
import type { PayTransaction } from '../../integrations/wechat-pay/types';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { postTransaction } from '../ledger/post-transaction';
import { notify } from '../notifications/notify';
import type { PayOrderRow } from './pay-order-view';
import { activeClaimOf, giveBackWishShares, takeWishShares } from './wish-shares';

/** WeChat Pay trade states that mean the money arrived (`REFUND`: arrived, then some went back). */
const PAID_STATES: readonly string[] = ['SUCCESS', 'REFUND'];

/**
 * Why a payment report was not settled, in the order the checks run: another merchant's or
 * app's, an order we never made, an amount that is not the order's, not (yet) paid.
 */
export type SettleRefusal = 'WRONG_MERCHANT' | 'WRONG_APP' | 'UNKNOWN_ORDER' | 'AMOUNT_MISMATCH' | 'NOT_PAID';

export type SettleOutcome =
  | { result: 'settled'; order: string; ledgerTx: string }
  | { result: 'already_settled'; order: string }
  | { result: 'ignored'; reason: SettleRefusal };

const RECEIPT_LINK = (receiptId: string) => `/public/receipt/index?id=${receiptId}`;

/**
 * Settles a payment WeChat Pay reported (the verified callback, or our own query): checked against
 * our order, then — in one immediate transaction — `created|closed → paid` by a conditional
 * UPDATE together with the donation (debit WeChat Pay clearing, credit the campaign's fund or the
 * general fund), its receipt, the wish shares' claim, the donor's inbox message and the audit
 * event. The callback, its retries and the sweeper may all arrive at once: one of them posts, the
 * others find the order paid. A payment for an order we had closed is still a donation: it is
 * settled, onto the wish if its shares can still be had, else into the fund (staff are told).
 */
export function settlePayment(
  db: Db,
  trade: PayTransaction,
  merchant: { mchId: string; appId: string },
  meta: RequestMeta,
  source: 'notify' | 'query',
): SettleOutcome {
  const order = db.select().from(payOrders).where(eq(payOrders.outTradeNo, trade.outTradeNo)).get();
  const refusal = settleRefusal(trade, merchant, order);
  if (refusal) {
    if (refusal !== 'NOT_PAID') alert(db, refusal, trade, order, meta, source);
    return { result: 'ignored', reason: refusal };
  }
  return db.transaction((tx) => settleOnce(tx, trade, meta, source), { behavior: 'immediate' });
}

export function settleRefusal(
  trade: PayTransaction,
  merchant: { mchId: string; appId: string },
  order: PayOrderRow | undefined,
): SettleRefusal | null {
  if (trade.mchId !== merchant.mchId) return 'WRONG_MERCHANT';
  if (trade.appId !== merchant.appId) return 'WRONG_APP';
  if (!order) return 'UNKNOWN_ORDER';
  if (trade.amountTotalFen !== order.amountFen) return 'AMOUNT_MISMATCH';
  if (!PAID_STATES.includes(trade.tradeState) || !trade.transactionId) return 'NOT_PAID';
  return null;
}

/** A verified report that does not match our records: nothing is posted, and someone must look. */
function alert(
  db: Db,
  reason: SettleRefusal,
  trade: PayTransaction,
  order: PayOrderRow | undefined,
  meta: RequestMeta,
  source: string,
): void {
  recordAudit(
    db,
    {
      actorUserId: null,
      action: 'payment.report_refused',
      outcome: 'refused',
      targetType: 'pay_order',
      targetId: order?.publicId ?? trade.outTradeNo.slice(0, 64),
      details: {
        reason,
        source,
        reportedFen: trade.amountTotalFen,
        orderFen: order?.amountFen ?? null,
        tradeState: trade.tradeState,
      },
    },
    meta,
  );
}

function settleOnce(tx: Tx, trade: PayTransaction, meta: RequestMeta, source: string): SettleOutcome {
  const { now } = meta;
  const order = tx.select().from(payOrders).where(eq(payOrders.outTradeNo, trade.outTradeNo)).get();
  if (!order) return { result: 'ignored', reason: 'UNKNOWN_ORDER' };
  if (order.status === 'paid') return { result: 'already_settled', order: order.publicId };

  const paidAt = Math.min(trade.successTime ?? now, now);
  const placed = order.wishId === null ? { claimId: null, redirected: false } : placeShares(tx, order, now);
  const campaign =
    order.campaignId === null
      ? null
      : tx
          .select({ publicId: campaigns.publicId, title: campaigns.title })
          .from(campaigns)
          .where(eq(campaigns.id, order.campaignId))
          .get();
  const fund: Fund = campaign ? `campaign:${campaign.publicId}` : 'general';
  const posted = postTransaction(
    tx,
    {
      orgId: order.orgId,
      kind: 'cash_donation',
      memo: placed.redirected
        ? '在线认捐的心愿份额已不在（订单已关闭或心愿已有变化），这笔钱已计入资金，请联系捐赠人说明'
        : null,
      effectiveAt: paidAt,
      actorUserId: null,
      idempotencyKey: `wechatpay:${order.outTradeNo}`,
      postings: donationPostings(order.amountFen, fund, 'wechat_clearing'),
      campaignId: order.campaignId,
      wishId: placed.redirected ? null : order.wishId,
      claimId: placed.claimId,
      donation: {
        channel: 'wechat',
        donorName: order.donorName,
        donorDisplay: order.donorDisplay,
        donorUserId: order.donorUserId,
      },
    },
    now,
  );
  const paid = tx
    .update(payOrders)
    .set({
      status: 'paid',
      transactionId: trade.transactionId,
      paidAt,
      ledgerTxId: posted.id,
      claimId: placed.claimId,
      redirectedToFund: placed.redirected ? 1 : 0,
      sharesHeld: 0,
      updatedAt: now,
    })
    .where(and(eq(payOrders.id, order.id), ne(payOrders.status, 'paid')))
    .run();
  if (paid.changes !== 1) throw new Error(`pay order ${order.publicId} changed inside its own settlement`);

  const wishTitle =
    order.wishId === null
      ? null
      : (tx.select({ title: wishes.title }).from(wishes).where(eq(wishes.id, order.wishId)).get()?.title ??
        null);
  notify(
    tx,
    {
      userId: order.donorUserId,
      kind: 'donation_received',
      vars: {
        wishTitle: wishTitle ?? campaign?.title ?? '机构',
        amountText: yuanText(order.amountFen),
        receiptNo: receiptNoOf(tx, posted.id),
      },
      link: posted.receiptPublicId ? RECEIPT_LINK(posted.receiptPublicId) : null,
      ...(order.wishId !== null && !placed.redirected && { wishId: order.wishId }),
      ...(placed.claimId !== null && { claimId: placed.claimId }),
      ...(order.campaignId !== null && { campaignId: order.campaignId }),
      dedupeKey: `paid:${order.publicId}`,
    },
    now,
  );
  recordAudit(
    tx,
    {
      actorUserId: null,
      action: placed.redirected ? 'payment.redirected_to_fund' : 'payment.settled',
      outcome: 'ok',
      targetType: 'pay_order',
      targetId: order.publicId,
      details: {
        amountFen: order.amountFen,
        source,
        ledgerTx: posted.publicId,
        wasClosed: order.status === 'closed',
      },
    },
    meta,
  );
  return { result: 'settled', order: order.publicId, ledgerTx: posted.publicId };
}

function receiptNoOf(tx: Tx, txId: number): string {
  const row = tx.get<{ receipt_no: string }>(sql`SELECT receipt_no FROM donations WHERE tx_id = ${txId}`);
  return row?.receipt_no ?? '';
}

/**
 * The paid shares become the donor's claim at stage `received`: the organization has the money
 * and buys the gift. Shares the order still holds are used; an order closed meanwhile takes them
 * again if they are still there. A donor already holding a paid claim on the wish adds to it; one
 * holding a gift claim, or shares no longer there, sends the money to the fund instead.
 */
function placeShares(
  tx: Tx,
  order: PayOrderRow,
  now: number,
): { claimId: number | null; redirected: boolean } {
  const wishId = order.wishId as number;
  const shares = order.shares as number;
  const wish = tx.select({ status: wishes.status }).from(wishes).where(eq(wishes.id, wishId)).get();
  const usable = wish?.status === 'published' || wish?.status === 'claimed';
  let held = order.sharesHeld === 1;
  if (held && !usable) {
    giveBackWishShares(tx, wishId, shares, now);
    held = false;
  }
  if (!held && (!usable || takeWishShares(tx, wishId, shares, now) === null)) {
    return { claimId: null, redirected: true };
  }
  const existing = activeClaimOf(tx, wishId, order.donorUserId);
  if (existing && !existing.paidOnline) {
    giveBackWishShares(tx, wishId, shares, now);
    return { claimId: null, redirected: true };
  }
  if (existing) {
    tx.update(claims)
      .set({
        shares: sql`${claims.shares} + ${shares}`,
        updatedAt: now,
        version: sql`${claims.version} + 1`,
      })
      .where(eq(claims.id, existing.id))
      .run();
    tx.insert(fulfilmentEvents)
      .values({
        wishId,
        claimId: existing.id,
        kind: 'received',
        actorUserId: null,
        at: now,
        details: { shares },
      })
      .run();
    return { claimId: existing.id, redirected: false };
  }
  const claim = tx
    .insert(claims)
    .values({
      publicId: newPublicId(),
      wishId,
      donorUserId: order.donorUserId,
      shares,
      stage: 'received',
      claimedAt: now,
      // Nothing is due from the donor: the charity buys the gift with the money.
      deadlineAt: now,
      updatedAt: now,
    })
    .returning({ id: claims.id })
    .get();
  tx.insert(fulfilmentEvents)
    .values([
      {
        wishId,
        claimId: claim.id,
        kind: 'claimed',
        actorUserId: order.donorUserId,
        at: now,
        details: { shares },
      },
      {
        wishId,
        claimId: claim.id,
        kind: 'received',
        actorUserId: null,
        at: now,
        details: { note: '已在线支付，由机构用这笔钱代为采购' },
      },
    ])
    .run();
  return { claimId: claim.id, redirected: false };
}

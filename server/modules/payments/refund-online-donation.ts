import { and, eq, sql } from 'drizzle-orm';
import { refundPostings, type Fund } from '../../../shared/ledger';
import { yuanText } from '../../../shared/payments';
import type { OnlineRefund, OnlineRefundBody } from '../../../shared/schemas/payments';
import type { Db } from '../../db/client';
import type { DbOrTx, Tx } from '../../db/tx';
import { campaigns, ledgerTransactions, payOrders, payRefunds, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import { newPublicId } from '../../ids';
import { WechatPayError, type PayRefund } from '../../integrations/wechat-pay/types';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { findLedgerTx, writeBooks } from '../ledger/ledger-access';
import { ledgerTxView } from '../ledger/ledger-view';
import { fundBalance, postTransaction } from '../ledger/post-transaction';
import { notify } from '../notifications/notify';
import type { PaymentDeps } from './payment-deps';

const iso = (ms: number) => new Date(ms).toISOString();

type RefundRow = typeof payRefunds.$inferSelect;
type OrderRow = typeof payOrders.$inferSelect;

/**
 * Finance gives (part of) an online donation back through WeChat Pay, from the donation's ledger
 * entry, once per Idempotency-Key. In one transaction the refund is bounded by what is left of
 * the donation (refunds posted and refunds under way) and by the fund, and recorded as
 * `processing`; then WeChat Pay is asked. The ledger's refund is posted only when WeChat Pay says
 * the money is back with the donor (its answer now, its callback, or the sweeper's query).
 */
export async function refundOnlineDonation(
  deps: PaymentDeps,
  actor: Actor,
  txId: string,
  body: OnlineRefundBody,
  idempotencyKey: string,
  meta: RequestMeta,
): Promise<OnlineRefund> {
  const { db } = deps;
  if (!deps.wechatPay) throw new AppError('PAY_NOT_CONFIGURED');
  const request = { operation: 'refundOnlineDonation', input: { txId, ...body }, idempotencyKey, meta };
  const { refundId } = writeBooks(db, actor, request, (tx, orgId) => ({
    refundId: openRefund(tx, actor, orgId, txId, body, meta),
  }));
  const refund = db.select().from(payRefunds).where(eq(payRefunds.publicId, refundId)).get();
  if (refund?.status === 'processing' && refund.refundId === null) await submitRefund(deps, refund, meta);
  return onlineRefundView(db, refundId);
}

function openRefund(
  tx: Tx,
  actor: Actor,
  orgId: number,
  txId: string,
  body: OnlineRefundBody,
  meta: RequestMeta,
): string {
  const original = findLedgerTx(tx, orgId, txId);
  const order = tx.select().from(payOrders).where(eq(payOrders.ledgerTxId, original.id)).get();
  if (!order) throw new AppError('NOT_AN_ONLINE_DONATION');
  const view = ledgerTxView(tx, original.id);
  if (view.reversedBy !== null) throw new AppError('ALREADY_REVERSED');
  const underWay = processingFen(tx, order.id);
  const refundable = order.amountFen - view.refundedFen - underWay;
  if (body.amountFen > refundable) {
    throw new AppError('REFUND_TOO_LARGE', { details: { refundableFen: Math.max(refundable, 0) } });
  }
  const fund = fundOfOrder(tx, order);
  const available = fundBalance(tx, orgId, fund) - underWay;
  if (body.amountFen > available) {
    throw new AppError('FUND_INSUFFICIENT', { details: { fund, availableFen: Math.max(available, 0) } });
  }
  const publicId = newPublicId();
  tx.insert(payRefunds)
    .values({
      publicId,
      orderId: order.id,
      orgId,
      amountFen: body.amountFen,
      reason: body.reason,
      status: 'processing',
      requestedBy: actor.userId,
      createdAt: meta.now,
      updatedAt: meta.now,
    })
    .run();
  recordAudit(
    tx,
    {
      actorUserId: actor.userId,
      action: 'payment.refund_requested',
      outcome: 'ok',
      targetType: 'ledger_tx',
      targetId: original.publicId,
      details: { refund: publicId, amountFen: body.amountFen },
    },
    meta,
  );
  return publicId;
}

function processingFen(tx: DbOrTx, orderId: number): number {
  return (
    tx
      .select({ fen: sql<number>`coalesce(sum(${payRefunds.amountFen}), 0)` })
      .from(payRefunds)
      .where(and(eq(payRefunds.orderId, orderId), eq(payRefunds.status, 'processing')))
      .get()?.fen ?? 0
  );
}

function fundOfOrder(tx: DbOrTx, order: OrderRow): Fund {
  if (order.campaignId === null) return 'general';
  const campaign = tx
    .select({ publicId: campaigns.publicId })
    .from(campaigns)
    .where(eq(campaigns.id, order.campaignId))
    .get();
  return campaign ? `campaign:${campaign.publicId}` : 'general';
}

/**
 * Asks WeChat Pay for the refund (again: the same `out_refund_no` is one refund there) and
 * applies its answer. Unreachable: it stays `processing` and the sweeper asks later.
 */
export async function submitRefund(deps: PaymentDeps, refund: RefundRow, meta: RequestMeta): Promise<void> {
  const { db, wechatPay } = deps;
  if (!wechatPay) return;
  const order = db.select().from(payOrders).where(eq(payOrders.id, refund.orderId)).get();
  if (!order) return;
  try {
    const answer = await wechatPay.createRefund({
      outTradeNo: order.outTradeNo,
      outRefundNo: refund.publicId,
      refundFen: refund.amountFen,
      totalFen: order.amountFen,
      reason: refund.reason,
    });
    applyRefundResult(deps, answer, meta, 'answer');
  } catch (err) {
    if (!(err instanceof WechatPayError)) throw err;
    deps.log.warn({ refund: refund.publicId, kind: err.kind, code: err.code }, 'WeChat Pay refund not made');
    if (err.kind === 'refused') finishRefund(db, refund, 'failed', null, meta, { code: err.code });
    else markChecked(db, refund.id, meta.now);
  }
}

export type RefundOutcome =
  | { result: 'succeeded' | 'failed' | 'processing' | 'already_final' }
  | { result: 'ignored'; reason: 'UNKNOWN_REFUND' | 'MISMATCH' };

/**
 * WeChat Pay's word on a refund (its answer, the REFUND.* callback, or a query), applied once:
 * SUCCESS posts the ledger's refund and tells the donor; CLOSED or ABNORMAL frees the amount;
 * PROCESSING waits. A refund we did not ask for, or not as asked, posts nothing.
 */
export function applyRefundResult(
  deps: PaymentDeps,
  refund: PayRefund,
  meta: RequestMeta,
  source: 'answer' | 'notify' | 'query',
): RefundOutcome {
  const { db } = deps;
  const row = db.select().from(payRefunds).where(eq(payRefunds.publicId, refund.outRefundNo)).get();
  const order = row && db.select().from(payOrders).where(eq(payOrders.id, row.orderId)).get();
  if (!row || !order) {
    refusedReport(db, 'UNKNOWN_REFUND', refund, meta, source);
    return { result: 'ignored', reason: 'UNKNOWN_REFUND' };
  }
  if (refund.outTradeNo !== order.outTradeNo || refund.refundFen !== row.amountFen) {
    refusedReport(db, 'MISMATCH', refund, meta, source);
    return { result: 'ignored', reason: 'MISMATCH' };
  }
  if (row.status !== 'processing') return { result: 'already_final' };
  switch (refund.status) {
    case 'SUCCESS':
      return finishRefund(db, row, 'succeeded', refund, meta)
        ? { result: 'succeeded' }
        : { result: 'already_final' };
    case 'CLOSED':
    case 'ABNORMAL':
      return finishRefund(db, row, 'failed', refund, meta, { wechatStatus: refund.status })
        ? { result: 'failed' }
        : { result: 'already_final' };
    default:
      db.update(payRefunds)
        .set({ refundId: refund.refundId, checkedAt: meta.now, updatedAt: meta.now })
        .where(and(eq(payRefunds.id, row.id), eq(payRefunds.status, 'processing')))
        .run();
      return { result: 'processing' };
  }
}

function refusedReport(db: Db, reason: string, refund: PayRefund, meta: RequestMeta, source: string): void {
  recordAudit(
    db,
    {
      actorUserId: null,
      action: 'payment.refund_report_refused',
      outcome: 'refused',
      targetType: 'pay_refund',
      targetId: refund.outRefundNo.slice(0, 64),
      details: { reason, source, reportedFen: refund.refundFen, status: refund.status },
    },
    meta,
  );
}

/**
 * Ends a processing refund, once (conditional UPDATE): `succeeded` posts the ledger's refund
 * (from WeChat Pay clearing, out of the donation's fund) in the same transaction. Should the fund
 * have been spent meanwhile (G7: no fund below zero), the refund is recorded as succeeded
 * without a posting and an alert is audited: the money did leave, finance must look.
 */
function finishRefund(
  db: Db,
  row: RefundRow,
  status: 'succeeded' | 'failed',
  refund: PayRefund | null,
  meta: RequestMeta,
  details: Record<string, string> = {},
): boolean {
  const finish = (post: boolean) =>
    db.transaction(
      (tx) => {
        const current = tx.select().from(payRefunds).where(eq(payRefunds.id, row.id)).get();
        if (current?.status !== 'processing') return false;
        const ledgerTxId = status === 'succeeded' && post ? postRefund(tx, row, refund, meta) : null;
        tx.update(payRefunds)
          .set({
            status,
            refundId: refund?.refundId ?? current.refundId,
            succeededAt: status === 'succeeded' ? (refund?.successTime ?? meta.now) : null,
            ledgerTxId,
            updatedAt: meta.now,
          })
          .where(and(eq(payRefunds.id, row.id), eq(payRefunds.status, 'processing')))
          .run();
        const unposted = status === 'succeeded' && ledgerTxId === null;
        recordAudit(
          tx,
          {
            actorUserId: null,
            action: unposted ? 'payment.refund_unposted' : `payment.refund_${status}`,
            outcome: unposted ? 'failed' : 'ok',
            targetType: 'pay_refund',
            targetId: row.publicId,
            details: { amountFen: row.amountFen, ...details },
          },
          meta,
        );
        return true;
      },
      { behavior: 'immediate' },
    );
  try {
    return finish(true);
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'FUND_INSUFFICIENT')) throw err;
    return finish(false);
  }
}

function postRefund(tx: Tx, row: RefundRow, refund: PayRefund | null, meta: RequestMeta): number {
  const order = tx.select().from(payOrders).where(eq(payOrders.id, row.orderId)).get() as OrderRow;
  const donation = tx
    .select()
    .from(ledgerTransactions)
    .where(eq(ledgerTransactions.id, order.ledgerTxId as number))
    .get();
  const posted = postTransaction(
    tx,
    {
      orgId: row.orgId,
      kind: 'refund',
      memo: row.reason,
      effectiveAt: Math.min(refund?.successTime ?? meta.now, meta.now),
      actorUserId: row.requestedBy,
      idempotencyKey: `wechatpay-refund:${row.publicId}`,
      postings: refundPostings(row.amountFen, fundOfOrder(tx, order), 'wechat_clearing'),
      refundOfId: order.ledgerTxId,
      campaignId: donation?.campaignId ?? null,
    },
    meta.now,
  );
  const title =
    order.wishId === null
      ? null
      : tx.select({ title: wishes.title }).from(wishes).where(eq(wishes.id, order.wishId)).get()?.title;
  const campaign =
    order.campaignId === null
      ? null
      : tx.select({ title: campaigns.title }).from(campaigns).where(eq(campaigns.id, order.campaignId)).get();
  notify(
    tx,
    {
      userId: order.donorUserId,
      kind: 'donation_refunded',
      vars: { wishTitle: title ?? campaign?.title ?? '机构', amountText: yuanText(row.amountFen) },
      link: null,
      dedupeKey: `refunded:${row.publicId}`,
    },
    meta.now,
  );
  return posted.id;
}

function markChecked(db: Db, id: number, now: number): void {
  db.update(payRefunds)
    .set({ checkedAt: now })
    .where(and(eq(payRefunds.id, id), eq(payRefunds.status, 'processing')))
    .run();
}

export function onlineRefundView(db: DbOrTx, refundPublicId: string): OnlineRefund {
  const row = db
    .select({
      refund: payRefunds,
      donationTx: sql<string>`(SELECT t.public_id FROM ledger_transactions t
        WHERE t.id = (SELECT o.ledger_tx_id FROM pay_orders o WHERE o.id = ${payRefunds.orderId}))`,
      ledgerTx: sql<
        string | null
      >`(SELECT t.public_id FROM ledger_transactions t WHERE t.id = ${payRefunds.ledgerTxId})`,
    })
    .from(payRefunds)
    .where(eq(payRefunds.publicId, refundPublicId))
    .get();
  if (!row) throw new Error(`refund ${refundPublicId} vanished`);
  const r = row.refund;
  return {
    id: r.publicId,
    status: r.status,
    amountFen: r.amountFen,
    reason: r.reason,
    donationTxId: row.donationTx,
    ledgerTxId: row.ledgerTx,
    requestedAt: iso(r.createdAt),
    succeededAt: r.succeededAt === null ? null : iso(r.succeededAt),
  };
}

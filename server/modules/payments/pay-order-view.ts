import { eq, sql, type SQL } from 'drizzle-orm';
import type { JsapiPayParams, PayOrder } from '../../../shared/schemas/payments';
import type { DbOrTx } from '../../db/tx';
import { campaigns, donations, organizations, payOrders, payRefunds, wishes } from '../../db/schema';
import { AppError, ForeignObjectError } from '../../app-error';

const iso = (ms: number) => new Date(ms).toISOString();

export type PayOrderRow = typeof payOrders.$inferSelect;

const viewColumns = {
  order: payOrders,
  organization: organizations.name,
  campaign: { id: campaigns.publicId, title: campaigns.title },
  wish: { id: wishes.publicId, title: wishes.title },
  receipt: { id: donations.receiptPublicId, receiptNo: donations.receiptNo },
  claimPublicId: sql<string | null>`(SELECT c.public_id FROM claims c WHERE c.id = ${payOrders.claimId})`,
  refundedFen: sql<number>`(SELECT coalesce(sum(r.amount_fen), 0) FROM ${payRefunds} r
    WHERE r.order_id = ${payOrders.id} AND r.status = 'succeeded')`,
};

/** Orders with what their view shows, matching `where`. */
export function payOrderRows(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(viewColumns)
    .from(payOrders)
    .innerJoin(organizations, eq(organizations.id, payOrders.orgId))
    .leftJoin(campaigns, eq(campaigns.id, payOrders.campaignId))
    .leftJoin(wishes, eq(wishes.id, payOrders.wishId))
    .leftJoin(donations, eq(donations.txId, payOrders.ledgerTxId))
    .where(where);
}
export type PayOrderViewRow = ReturnType<ReturnType<typeof payOrderRows>['all']>[number];

/** The donor's view of an order. `demo`: the local fake WeChat Pay can pay it (simulatePayment). */
export function payOrderView(row: PayOrderViewRow, now: number, demo: boolean): PayOrder {
  const o = row.order;
  const open = o.status === 'created' && o.expiresAt > now;
  let pay: PayOrder['pay'] = null;
  if (open && o.channel === 'jsapi' && o.payParams) {
    pay = { kind: 'jsapi', params: o.payParams as JsapiPayParams };
  } else if (open && o.channel === 'h5' && o.h5Url) {
    pay = { kind: 'h5', h5Url: o.h5Url };
  }
  const target: PayOrder['target'] =
    o.targetKind === 'wish'
      ? { kind: 'wish', id: row.wish?.id ?? '', title: row.wish?.title ?? '', shares: o.shares ?? 0 }
      : { kind: 'campaign', id: row.campaign?.id ?? '', title: row.campaign?.title ?? '' };
  return {
    id: o.publicId,
    status: o.status,
    amountFen: o.amountFen,
    refundedFen: row.refundedFen,
    target,
    organization: row.organization,
    channel: o.channel,
    donorDisplay: o.donorDisplay,
    donorName: o.donorName,
    createdAt: iso(o.createdAt),
    expiresAt: iso(o.expiresAt),
    paidAt: o.paidAt === null ? null : iso(o.paidAt),
    pay,
    receipt: row.receipt?.id ? { id: row.receipt.id, receiptNo: row.receipt.receiptNo } : null,
    claimId: row.claimPublicId,
    redirectedToFund: o.redirectedToFund === 1,
    demo,
  };
}

/**
 * The donor's own order, or 404. Someone else's answers exactly like a missing one, and the
 * refusal is audited (ForeignObjectError, recorded by the error handler).
 */
export function ownPayOrder(db: DbOrTx, userId: number, publicId: string): PayOrderViewRow {
  const row = payOrderRows(db, eq(payOrders.publicId, publicId)).get();
  if (!row) throw new AppError('PAY_ORDER_NOT_FOUND');
  if (row.order.donorUserId !== userId) {
    throw new ForeignObjectError('PAY_ORDER_NOT_FOUND', { type: 'pay_order', id: publicId });
  }
  return row;
}

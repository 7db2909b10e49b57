import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { DONOR_DISPLAYS } from '../../../shared/ledger';
import { PAY_CHANNELS, PAY_ORDER_STATUSES } from '../../../shared/schemas/payments';
import { campaigns } from './campaigns';
import { claims } from './claims';
import { oneOf } from './checks';
import { organizations, users } from './identity';
import { ledgerTransactions } from './ledger';
import { wishes } from './wishes';

export const PAY_TARGET_KINDS = ['campaign', 'wish'] as const;
/** A refund's state at WeChat Pay: `failed` is WeChat's CLOSED or ABNORMAL (the money stayed). */
export const PAY_REFUND_STATES = ['processing', 'succeeded', 'failed'] as const;

/**
 * A donor's online payment (WeChat Pay APIv3). The amount is always ours: the body's amount for
 * a campaign gift, the wish's price of `shares` for wish shares. A wish's shares are reserved by
 * the same conditional UPDATE as a claim while the order is open (`shares_held`), given back
 * when it closes unpaid, and become the donor's claim when it is paid. Paying is settled exactly
 * once: `created → paid` by a conditional UPDATE in the transaction that posts the donation.
 * Orders are never deleted, and what was agreed with WeChat Pay never changes (triggers, 0006).
 */
export const payOrders = sqliteTable(
  'pay_orders',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    /** Our order number at WeChat Pay (`out_trade_no`): 6–32 of [A-Za-z0-9_-]. */
    outTradeNo: text('out_trade_no').notNull().unique(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    donorUserId: integer('donor_user_id')
      .notNull()
      .references(() => users.id),
    targetKind: text('target_kind', { enum: PAY_TARGET_KINDS }).notNull(),
    /** The campaign given to, or the wish's campaign (null: the organization's general fund). */
    campaignId: integer('campaign_id').references(() => campaigns.id),
    wishId: integer('wish_id').references(() => wishes.id),
    shares: integer('shares'),
    /** 1 while the order holds its `shares` of the wish (reserved, not yet a claim nor released). */
    sharesHeld: integer('shares_held').notNull().default(0),
    amountFen: integer('amount_fen').notNull(),
    /** What the donor's WeChat Pay bill says (`description`, ≤ 127 characters). */
    description: text('description').notNull(),
    channel: text('channel', { enum: PAY_CHANNELS }).notNull(),
    /** JSAPI: the prepay id and the signed `requestPayment` parameters (JSON), made once. */
    prepayId: text('prepay_id'),
    payParams: text('pay_params', { mode: 'json' }).$type<Record<string, string>>(),
    h5Url: text('h5_url'),
    status: text('status', { enum: PAY_ORDER_STATUSES }).notNull(),
    donorDisplay: text('donor_display', { enum: DONOR_DISPLAYS }).notNull(),
    donorName: text('donor_name'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** When the sweeper last asked WeChat Pay about this open order. */
    checkedAt: integer('checked_at'),
    closedAt: integer('closed_at'),
    /** WeChat Pay's own number and time of the payment. */
    transactionId: text('transaction_id').unique(),
    paidAt: integer('paid_at'),
    /** The donation posted for the payment (exactly one). */
    ledgerTxId: integer('ledger_tx_id')
      .unique()
      .references(() => ledgerTransactions.id),
    /** Wish shares paid: the donor's claim they became. */
    claimId: integer('claim_id').references(() => claims.id),
    /** Paid for shares no longer there: posted to the fund instead (the charity was told). */
    redirectedToFund: integer('redirected_to_fund').notNull().default(0),
  },
  (t) => [
    index('pay_orders_donor_idx').on(t.donorUserId, t.id),
    /** The sweeper's scan: open orders by expiry. */
    index('pay_orders_open_idx')
      .on(t.expiresAt)
      .where(sql`status = 'created'`),
    index('pay_orders_claim_idx').on(t.claimId),
    index('pay_orders_paid_idx').on(t.orgId, t.paidAt),
    check('pay_orders_status_check', oneOf(t.status, PAY_ORDER_STATUSES)),
    check('pay_orders_channel_check', oneOf(t.channel, PAY_CHANNELS)),
    check('pay_orders_target_check', oneOf(t.targetKind, PAY_TARGET_KINDS)),
    check('pay_orders_display_check', oneOf(t.donorDisplay, DONOR_DISPLAYS)),
    check(
      'pay_orders_out_trade_no_check',
      sql`length(${t.outTradeNo}) BETWEEN 6 AND 32 AND ${t.outTradeNo} NOT GLOB '*[^A-Za-z0-9_-]*'`,
    ),
    // SQLite would quietly store 12.5 in an INTEGER column: money must be whole fen.
    check('pay_orders_amount_check', sql`typeof(${t.amountFen}) = 'integer' AND ${t.amountFen} > 0`),
    check(
      'pay_orders_wish_check',
      sql`(${t.targetKind} = 'wish') = (${t.wishId} IS NOT NULL AND typeof(${t.shares}) = 'integer' AND ${t.shares} >= 1)`,
    ),
    check(
      'pay_orders_campaign_target_check',
      sql`${t.targetKind} <> 'campaign' OR ${t.campaignId} IS NOT NULL`,
    ),
    check(
      'pay_orders_shares_held_check',
      sql`${t.sharesHeld} IN (0, 1) AND (${t.sharesHeld} = 0 OR ${t.wishId} IS NOT NULL)`,
    ),
    check(
      'pay_orders_paid_check',
      sql`(${t.status} = 'paid') = (${t.ledgerTxId} IS NOT NULL AND ${t.paidAt} IS NOT NULL AND ${t.transactionId} IS NOT NULL)`,
    ),
    check('pay_orders_held_open_check', sql`${t.sharesHeld} = 0 OR ${t.status} = 'created'`),
  ],
);

/**
 * A refund of a paid order through WeChat Pay (`out_refund_no` = `public_id`). The amount is
 * reserved against the donation while `processing`; it is posted to the ledger (once, by the
 * conditional UPDATE to `succeeded`) only when WeChat Pay reports the money back with the donor.
 */
export const payRefunds = sqliteTable(
  'pay_refunds',
  {
    id: integer('id').primaryKey(),
    /** Also our `out_refund_no`. */
    publicId: text('public_id').notNull().unique(),
    orderId: integer('order_id')
      .notNull()
      .references(() => payOrders.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    amountFen: integer('amount_fen').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: PAY_REFUND_STATES }).notNull(),
    /** WeChat Pay's refund number, once it accepted the refund. */
    refundId: text('refund_id'),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    checkedAt: integer('checked_at'),
    succeededAt: integer('succeeded_at'),
    ledgerTxId: integer('ledger_tx_id')
      .unique()
      .references(() => ledgerTransactions.id),
  },
  (t) => [
    index('pay_refunds_order_idx').on(t.orderId),
    index('pay_refunds_open_idx')
      .on(t.updatedAt)
      .where(sql`status = 'processing'`),
    check('pay_refunds_status_check', oneOf(t.status, PAY_REFUND_STATES)),
    check('pay_refunds_amount_check', sql`typeof(${t.amountFen}) = 'integer' AND ${t.amountFen} > 0`),
  ],
);

import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  blob,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { DONOR_DISPLAYS, LEDGER_TX_KINDS, LEDGER_UNITS } from '../../../shared/ledger';
import { campaigns } from './campaigns';
import { claims } from './claims';
import { oneOf } from './checks';
import { organizations, users } from './identity';
import { wishes } from './wishes';

/**
 * The double-entry ledger. Every table here but `ledger_balances` is append-only (triggers in
 * migration 0004): a mistake is corrected by a reversal transaction, never an edit. Each
 * transaction is one leaf of the Merkle log, in `leaf_index` order.
 */
export const ledgerTransactions = sqliteTable(
  'ledger_transactions',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    /** The leaf's position in the deployment's Merkle log: 0, 1, 2 … without gaps. */
    leafIndex: integer('leaf_index').notNull().unique(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind', { enum: LEDGER_TX_KINDS }).notNull(),
    /** Finance staff's note; private (never in a leaf or a report). */
    memo: text('memo'),
    effectiveAt: integer('effective_at').notNull(),
    recordedAt: integer('recorded_at').notNull(),
    /** Who recorded it; null when the system posted it as part of another change. */
    actorUserId: integer('actor_user_id').references(() => users.id),
    /** One transaction per business event (`handover:<claim>`, `user:<id>:<Idempotency-Key>` …). */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /** The transaction this one reverses; unique, so each is reversed at most once. */
    reversesId: integer('reverses_id')
      .unique()
      .references((): AnySQLiteColumn => ledgerTransactions.id),
    refundOfId: integer('refund_of_id').references((): AnySQLiteColumn => ledgerTransactions.id),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    wishId: integer('wish_id').references(() => wishes.id),
    claimId: integer('claim_id').references(() => claims.id),
    /** The canonical leaf (`leafText`), exactly as published; rebuilt from the rows by the verifier. */
    leaf: text('leaf').notNull(),
    /** SHA-256 leaf hash (RFC 9162, 0x00 prefix) of the canonical leaf. */
    leafHash: blob('leaf_hash', { mode: 'buffer' }).notNull(),
  },
  (t) => [
    index('ledger_tx_org_idx').on(t.orgId, t.effectiveAt),
    index('ledger_tx_refund_idx').on(t.refundOfId),
    index('ledger_tx_wish_idx').on(t.wishId),
    check('ledger_tx_kind_check', oneOf(t.kind, LEDGER_TX_KINDS)),
    check('ledger_tx_leaf_index_check', sql`typeof(${t.leafIndex}) = 'integer' AND ${t.leafIndex} >= 0`),
    check('ledger_tx_reversal_check', sql`(${t.kind} = 'reversal') = (${t.reversesId} IS NOT NULL)`),
  ],
);

/** One line of a transaction; amounts are signed integer fen (debit > 0, credit < 0). */
export const ledgerPostings = sqliteTable(
  'ledger_postings',
  {
    id: integer('id').primaryKey(),
    txId: integer('tx_id')
      .notNull()
      .references(() => ledgerTransactions.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    account: text('account').notNull(),
    unit: text('unit', { enum: LEDGER_UNITS }).notNull(),
    amountFen: integer('amount_fen').notNull(),
  },
  (t) => [
    index('ledger_postings_tx_idx').on(t.txId),
    index('ledger_postings_account_idx').on(t.orgId, t.account),
    check('ledger_postings_unit_check', oneOf(t.unit, LEDGER_UNITS)),
    check('ledger_postings_amount_check', sql`typeof(${t.amountFen}) = 'integer' AND ${t.amountFen} <> 0`),
  ],
);

/**
 * The private side of a donation (cash or in kind): who gave, how they want to appear, and the
 * receipt. The leaf carries only `donorCommitment(salt, donorName)`.
 */
export const donations = sqliteTable(
  'donations',
  {
    id: integer('id').primaryKey(),
    txId: integer('tx_id')
      .notNull()
      .unique()
      .references(() => ledgerTransactions.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    /** The receipt page's address: random, so only the donor's link finds it. */
    receiptPublicId: text('receipt_public_id').notNull().unique(),
    receiptYear: integer('receipt_year').notNull(),
    receiptNo: text('receipt_no').notNull(),
    channel: text('channel', { enum: ['bank', 'cash', 'wechat', 'inkind'] }).notNull(),
    donorName: text('donor_name'),
    donorDisplay: text('donor_display', { enum: DONOR_DISPLAYS }).notNull(),
    donorUserId: integer('donor_user_id').references(() => users.id),
    /** hex, 16 random bytes; printed on the receipt so the donor can open the commitment. */
    salt: text('salt').notNull(),
  },
  (t) => [
    uniqueIndex('donations_receipt_no_idx').on(t.orgId, t.receiptYear, t.receiptNo),
    index('donations_donor_idx').on(t.donorUserId),
    check('donations_display_check', oneOf(t.donorDisplay, DONOR_DISPLAYS)),
  ],
);

/**
 * Account balances, kept in step with the postings in the same transaction so a fund can be
 * checked without summing its history. Derived data: `npm run verify-ledger` replays the postings
 * and compares, and `--rebuild-balances` rewrites it from them.
 */
export const ledgerBalances = sqliteTable(
  'ledger_balances',
  {
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    account: text('account').notNull(),
    unit: text('unit', { enum: LEDGER_UNITS }).notNull(),
    balanceFen: integer('balance_fen').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.account, t.unit] })],
);

/**
 * The Merkle log's complete subtrees: node (level, idx) is the hash of leaves
 * [idx·2^level, (idx+1)·2^level). Written as leaves arrive, so a proof is O(log n) lookups.
 */
export const ledgerTreeNodes = sqliteTable(
  'ledger_tree_nodes',
  {
    level: integer('level').notNull(),
    idx: integer('idx').notNull(),
    hash: blob('hash', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] })],
);

/** Signed tree heads (C2SP tlog-checkpoint): one per size, never two roots for one size. */
export const ledgerCheckpoints = sqliteTable('ledger_checkpoints', {
  size: integer('size').primaryKey(),
  /** base64, as in the checkpoint's text. */
  rootHash: text('root_hash').notNull(),
  /** The signed note, exactly as published. */
  note: text('note').notNull(),
  createdAt: integer('created_at').notNull(),
  reason: text('reason', { enum: ['daily', 'report', 'manual'] }).notNull(),
});

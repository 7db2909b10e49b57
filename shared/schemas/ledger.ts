import * as z from 'zod/mini';
import { TEXT_LIMITS } from '../constants';
import { DONOR_DISPLAYS, LEDGER_TX_KINDS, LEDGER_UNITS, MONEY_ACCOUNTS } from '../ledger';
import { isoDateTimeSchema, pageOf, pageQuerySchema, publicIdSchema } from './common';
import { dateSchema } from './beneficiaries';
import { lineText, optionalText } from './text';

// The ledger as finance staff write and read it, and a donor's receipt.

/** ¥1,000,000 in fen: a larger single entry is almost certainly a typo. */
export const LEDGER_AMOUNT_MAX_FEN = 100_000_000;

export const ledgerAmountSchema = z
  .int('金额必须是以分为单位的整数')
  .check(z.positive('金额必须大于 0'), z.maximum(LEDGER_AMOUNT_MAX_FEN, '单笔金额最多 100 万元'));

/** 票据号: letters, digits and dashes, as printed on the receipt. */
export const receiptNoSchema = z
  .string()
  .check(z.trim(), z.regex(/^[A-Za-z0-9-]{1,32}$/, '票据号只能包含字母、数字和短横线，最多 32 位'));

export const txParamsSchema = z.strictObject({ txId: publicIdSchema });
export const receiptParamsSchema = z.strictObject({ receiptId: publicIdSchema });

/** Finance records a donation that arrived by bank transfer or in cash. */
export const recordDonationBodySchema = z.strictObject({
  amountFen: ledgerAmountSchema,
  /** The campaign whose restricted fund receives it; null for the unrestricted fund. */
  campaignId: z.nullable(publicIdSchema),
  channel: z.enum(MONEY_ACCOUNTS, '请选择收款方式'),
  donorName: z.optional(z.nullable(lineText(TEXT_LIMITS.donorName, '请填写捐赠人'))),
  donorDisplay: z.enum(DONOR_DISPLAYS, '请选择公示时如何显示捐赠人'),
  receiptNo: z.optional(z.nullable(receiptNoSchema)),
  /** The China date the money arrived. */
  receivedOn: dateSchema,
  memo: optionalText(TEXT_LIMITS.note),
});
export type RecordDonationBody = z.input<typeof recordDonationBodySchema>;

/** Finance pays for a wish's gift from a fund. */
export const recordPurchaseBodySchema = z.strictObject({
  wishId: publicIdSchema,
  amountFen: ledgerAmountSchema,
  campaignId: z.nullable(publicIdSchema),
  paidFrom: z.enum(MONEY_ACCOUNTS, '请选择付款方式'),
  paidOn: dateSchema,
  memo: optionalText(TEXT_LIMITS.note),
});
export type RecordPurchaseBody = z.input<typeof recordPurchaseBodySchema>;

export const refundBodySchema = z.strictObject({
  amountFen: ledgerAmountSchema,
  paidOn: dateSchema,
  reason: lineText(TEXT_LIMITS.reason, '请写明退款原因'),
});
export type RefundBody = z.input<typeof refundBodySchema>;

export const reverseBodySchema = z.strictObject({
  reason: lineText(TEXT_LIMITS.reason, '请写明冲正原因'),
});
export type ReverseBody = z.input<typeof reverseBodySchema>;

/** Finance enters the actual value of an in-kind gift: a reversal plus a new entry. */
export const revalueBodySchema = z.strictObject({
  valueFen: ledgerAmountSchema,
  reason: lineText(TEXT_LIMITS.reason, '请写明按什么核定的价值'),
});
export type RevalueBody = z.input<typeof revalueBodySchema>;

export const ledgerQuerySchema = z.object({
  ...pageQuerySchema.shape,
  kind: z.optional(z.enum(LEDGER_TX_KINDS)),
  campaignId: z.optional(publicIdSchema),
});
export type LedgerQuery = z.output<typeof ledgerQuerySchema>;

const postingSchema = z.object({
  account: z.string(),
  unit: z.enum(LEDGER_UNITS),
  amountFen: z.int(),
});

const refSchema = z.nullable(z.object({ id: z.string(), title: z.string() }));

/** A donation's private side, for finance staff. */
const staffDonationSchema = z.object({
  receiptNo: z.string(),
  receiptId: z.string(),
  channel: z.enum(['bank', 'cash', 'wechat', 'inkind']),
  donorName: z.nullable(z.string()),
  donorDisplay: z.enum(DONOR_DISPLAYS),
  /** How the donor appears in public reports. */
  publicName: z.string(),
});

export const ledgerTxSchema = z.object({
  id: z.string(),
  leafIndex: z.int(),
  kind: z.enum(LEDGER_TX_KINDS),
  memo: z.nullable(z.string()),
  effectiveAt: isoDateTimeSchema,
  recordedAt: isoDateTimeSchema,
  /** Who recorded it; null when the system posted it (an in-kind gift at hand-over). */
  recordedBy: z.nullable(z.string()),
  postings: z.array(postingSchema),
  campaign: refSchema,
  wish: refSchema,
  reverses: z.nullable(z.string()),
  reversedBy: z.nullable(z.string()),
  refundOf: z.nullable(z.string()),
  /** For a donation: how much has been refunded so far. */
  refundedFen: z.int(),
  donation: z.nullable(staffDonationSchema),
});
export type LedgerTx = z.infer<typeof ledgerTxSchema>;
export const ledgerPageSchema = pageOf(ledgerTxSchema);
export type LedgerPage = z.infer<typeof ledgerPageSchema>;

export const fundsSchema = z.object({
  funds: z.array(
    z.object({
      /** `general`, or the campaign's public id. */
      fund: z.string(),
      title: z.string(),
      balanceFen: z.int(),
    }),
  ),
  accounts: z.array(z.object({ account: z.string(), unit: z.enum(LEDGER_UNITS), balanceFen: z.int() })),
});
export type Funds = z.infer<typeof fundsSchema>;

/**
 * A donor's receipt, found by its unguessable id. It shows the donor's name as recorded and the
 * salt, so the donor can check that the public leaf's commitment is theirs.
 */
export const receiptSchema = z.object({
  receiptId: z.string(),
  receiptNo: z.string(),
  kind: z.enum(LEDGER_TX_KINDS),
  channel: z.enum(['bank', 'cash', 'wechat', 'inkind']),
  unit: z.enum(LEDGER_UNITS),
  amountFen: z.int(),
  effectiveAt: isoDateTimeSchema,
  organization: z.string(),
  campaign: z.nullable(z.string()),
  wish: z.nullable(z.string()),
  donorName: z.nullable(z.string()),
  publicName: z.string(),
  salt: z.string(),
  leafIndex: z.int(),
  /** The canonical leaf text, exactly as in the public log. */
  leaf: z.string(),
  refundedFen: z.int(),
  reversed: z.boolean(),
});
export type Receipt = z.infer<typeof receiptSchema>;

/** The signed-in donor's own receipts (in-kind gifts and money). */
export const myReceiptsSchema = z.object({ items: z.array(receiptSchema) });

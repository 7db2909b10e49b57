import * as z from 'zod/mini';
import { TEXT_LIMITS, WISH_SHARES_MAX } from '../constants';
import { DONOR_DISPLAYS } from '../ledger';
import { isoDateTimeSchema, pageOf, pageQuerySchema, publicIdSchema } from './common';
import { lineText } from './text';

// Money donations paid online with WeChat Pay: the donor's order, its payment and its receipt.

/** ¥1: WeChat Pay's own minimum is 1 fen, but a gift under a yuan is almost always a slip. */
export const PAY_AMOUNT_MIN_FEN = 100;
/** ¥50,000 for one online gift: more is for a bank transfer (and a conversation with the charity). */
export const PAY_AMOUNT_MAX_FEN = 5_000_000;

/** How the donor pays: JSAPI (mini-program, H5 inside WeChat) or H5 payment (other browsers). */
export const PAY_CHANNELS = ['jsapi', 'h5'] as const;
export type PayChannel = (typeof PAY_CHANNELS)[number];

/** created → paid | closed; a paid order may then be refunded in part or whole (`refundedFen`). */
export const PAY_ORDER_STATUSES = ['created', 'paid', 'closed'] as const;
export type PayOrderStatus = (typeof PAY_ORDER_STATUSES)[number];

export const payAmountSchema = z
  .int('金额必须是以分为单位的整数')
  .check(
    z.minimum(PAY_AMOUNT_MIN_FEN, '捐款金额至少 1 元'),
    z.maximum(PAY_AMOUNT_MAX_FEN, '单笔在线捐款最多 5 万元，更多请联系机构转账'),
  );

/** What the gift is for: a campaign's fund (any amount), or shares of a wish (priced by us). */
export const payTargetSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('campaign'), campaignId: publicIdSchema }),
    z.strictObject({
      kind: z.literal('wish'),
      wishId: publicIdSchema,
      shares: z
        .int('份数必须是整数')
        .check(z.positive('至少 1 份'), z.maximum(WISH_SHARES_MAX, `最多 ${WISH_SHARES_MAX} 份`)),
    }),
  ],
  { error: '请选择捐给哪个活动或心愿' },
);
export type PayTarget = z.output<typeof payTargetSchema>;

/**
 * A new order. `amountFen` is given for a campaign gift only: a wish's shares are priced from the
 * wish's own value on the server, so an amount sent with them is refused rather than trusted.
 * Sent with an `Idempotency-Key` header.
 */
export const createPayOrderBodySchema = z
  .strictObject({
    target: payTargetSchema,
    amountFen: z.optional(payAmountSchema),
    donorDisplay: z.enum(DONOR_DISPLAYS, '请选择公示时如何显示捐赠人'),
    donorName: z.optional(z.nullable(lineText(TEXT_LIMITS.donorName, '请填写捐赠人姓名'))),
    channel: z.enum(PAY_CHANNELS, '请选择支付方式'),
  })
  .check(
    z.refine((b) => b.target.kind !== 'campaign' || b.amountFen !== undefined, {
      message: '请填写捐款金额',
      path: ['amountFen'],
    }),
    z.refine((b) => b.target.kind !== 'wish' || b.amountFen === undefined, {
      message: '心愿的金额由心愿本身决定，请不要填写金额',
      path: ['amountFen'],
    }),
    z.refine((b) => b.donorDisplay === 'anonymous' || Boolean(b.donorName), {
      message: '请填写捐赠人姓名，或选择匿名',
      path: ['donorName'],
    }),
  );
export type CreatePayOrderBody = z.input<typeof createPayOrderBodySchema>;

export const payOrderParamsSchema = z.strictObject({ orderId: publicIdSchema });

/** What `Taro.requestPayment` needs, signed by the server with the merchant key. */
export const jsapiPayParamsSchema = z.object({
  /** Needed by WeixinJSBridge (H5 inside WeChat); the mini-program's own app id otherwise. */
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
});
export type JsapiPayParams = z.infer<typeof jsapiPayParamsSchema>;

/** How to pay a created order now; null once it is paid, closed or past its expiry. */
export const payActionSchema = z.nullable(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('jsapi'), params: jsapiPayParamsSchema }),
    /** Open in the browser; WeChat Pay sends the donor back after paying. */
    z.object({ kind: z.literal('h5'), h5Url: z.string() }),
  ]),
);
export type PayAction = z.infer<typeof payActionSchema>;

const payOrderTargetViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('campaign'), id: z.string(), title: z.string() }),
  z.object({ kind: z.literal('wish'), id: z.string(), title: z.string(), shares: z.int() }),
]);

/** A donor's own order, as the donor sees it. */
export const payOrderSchema = z.object({
  id: z.string(),
  status: z.enum(PAY_ORDER_STATUSES),
  amountFen: z.int(),
  /** How much of a paid order has been given back (refunds WeChat Pay confirmed). */
  refundedFen: z.int(),
  target: payOrderTargetViewSchema,
  /** The organization that receives the money. */
  organization: z.string(),
  channel: z.enum(PAY_CHANNELS),
  donorDisplay: z.enum(DONOR_DISPLAYS),
  donorName: z.nullable(z.string()),
  createdAt: isoDateTimeSchema,
  /** After this an unpaid order is closed (and a wish's reserved shares go back). */
  expiresAt: isoDateTimeSchema,
  paidAt: z.nullable(isoDateTimeSchema),
  pay: payActionSchema,
  /** The receipt of the paid donation (`GET /api/v1/receipts/:id` shows and verifies it). */
  receipt: z.nullable(z.object({ id: z.string(), receiptNo: z.string() })),
  /** For wish shares: the donor's claim, which the charity fulfils with the money. */
  claimId: z.nullable(z.string()),
  /**
   * Paid for wish shares that were no longer there (the order had expired and the shares were
   * taken): the money went to the fund instead, and the charity was told.
   */
  redirectedToFund: z.boolean(),
  /** Demo mode: no real money moves; `simulatePayment` pays the order. */
  demo: z.boolean(),
});
export type PayOrder = z.infer<typeof payOrderSchema>;

export const myPayOrdersQuerySchema = pageQuerySchema;
export const payOrderPageSchema = pageOf(payOrderSchema);
export type PayOrderPage = z.infer<typeof payOrderPageSchema>;

export const PAY_REFUND_STATUSES = ['processing', 'succeeded', 'failed'] as const;
export type PayRefundStatus = (typeof PAY_REFUND_STATUSES)[number];

/** Finance gives (part of) an online donation back through WeChat Pay (with an Idempotency-Key). */
export const onlineRefundBodySchema = z.strictObject({
  amountFen: payAmountSchema,
  reason: lineText(TEXT_LIMITS.reason, '请写明退款原因'),
});
export type OnlineRefundBody = z.input<typeof onlineRefundBodySchema>;

/**
 * A refund through WeChat Pay. It is `processing` until WeChat Pay reports the money back with
 * the donor; only then is it posted to the ledger (`ledgerTxId`).
 */
export const onlineRefundSchema = z.object({
  id: z.string(),
  status: z.enum(PAY_REFUND_STATUSES),
  amountFen: z.int(),
  reason: z.string(),
  /** The donation's ledger transaction. */
  donationTxId: z.string(),
  /** The refund's ledger transaction, once WeChat Pay confirmed it. */
  ledgerTxId: z.nullable(z.string()),
  requestedAt: isoDateTimeSchema,
  succeededAt: z.nullable(isoDateTimeSchema),
});
export type OnlineRefund = z.infer<typeof onlineRefundSchema>;

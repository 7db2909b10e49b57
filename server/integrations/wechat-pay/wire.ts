import { z } from 'zod';
import type { PayRefund, PayTransaction, RefundStatus, TradeState } from './types';

/**
 * WeChat Pay's JSON shapes (snake_case, amounts in fen, times RFC 3339 with an offset), as the
 * order query, the refund API and the decrypted callback resources carry them, and their
 * translation into the client's types. Unknown fields are ignored (WeChat adds fields).
 */

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 time as epoch ms. */
const rfc3339 = z
  .string()
  .regex(RFC3339)
  .transform((s, ctx) => {
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a time' });
      return z.NEVER;
    }
    return ms;
  });

const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const TRADE_STATES = [
  'SUCCESS',
  'REFUND',
  'NOTPAY',
  'CLOSED',
  'REVOKED',
  'USERPAYING',
  'PAYERROR',
] as const satisfies readonly TradeState[];

const REFUND_STATUSES = [
  'SUCCESS',
  'CLOSED',
  'PROCESSING',
  'ABNORMAL',
] as const satisfies readonly RefundStatus[];

/** The order query's answer and the `TRANSACTION.SUCCESS` resource. */
export const transactionWire = z
  .object({
    appid: z.string().min(1),
    mchid: z.string().min(1),
    out_trade_no: z.string().min(1),
    transaction_id: z.string().min(1).optional(),
    trade_state: z.enum(TRADE_STATES),
    success_time: rfc3339.optional(),
    attach: z.string().optional(),
    payer: z.object({ openid: z.string().optional() }).optional(),
    amount: z.object({ total: fen.optional() }).optional(),
  })
  .refine(
    (t) =>
      t.trade_state !== 'SUCCESS' ||
      (t.transaction_id !== undefined && t.success_time !== undefined && t.amount?.total !== undefined),
    'a paid transaction has its id, time and amount',
  );

export function transactionFromWire(t: z.infer<typeof transactionWire>): PayTransaction {
  return {
    appId: t.appid,
    mchId: t.mchid,
    outTradeNo: t.out_trade_no,
    transactionId: t.transaction_id ?? null,
    tradeState: t.trade_state,
    successTime: t.trade_state === 'SUCCESS' ? (t.success_time ?? null) : null,
    amountTotalFen: t.amount?.total ?? 0,
    payerOpenid: t.payer?.openid || null,
    attach: t.attach || null,
  };
}

/** The refund API's answer (create and query). */
export const refundWire = z.object({
  refund_id: z.string().min(1),
  out_refund_no: z.string().min(1),
  transaction_id: z.string().min(1),
  out_trade_no: z.string().min(1),
  status: z.enum(REFUND_STATUSES),
  success_time: rfc3339.optional(),
  amount: z.object({ total: fen, refund: fen }),
});

export function refundFromWire(r: z.infer<typeof refundWire>): PayRefund {
  return {
    outRefundNo: r.out_refund_no,
    refundId: r.refund_id,
    outTradeNo: r.out_trade_no,
    transactionId: r.transaction_id,
    status: r.status,
    refundFen: r.amount.refund,
    totalFen: r.amount.total,
    successTime: r.status === 'SUCCESS' ? (r.success_time ?? null) : null,
  };
}

/** The `REFUND.*` callback resource: the same facts, `refund_status` instead of `status`. */
export const refundNotifyWire = z.object({
  mchid: z.string().min(1),
  refund_id: z.string().min(1),
  out_refund_no: z.string().min(1),
  transaction_id: z.string().min(1),
  out_trade_no: z.string().min(1),
  refund_status: z.enum(REFUND_STATUSES),
  success_time: rfc3339.optional(),
  amount: z.object({ total: fen, refund: fen }),
});

export function refundFromNotifyWire(r: z.infer<typeof refundNotifyWire>): PayRefund {
  return refundFromWire({ ...r, status: r.refund_status });
}

/** WeChat Pay's error answer (`{code, message, detail?}`). */
export const errorWire = z.object({ code: z.string().min(1), message: z.string().optional() });

/** An instant as RFC 3339 in China time, as WeChat Pay writes them: `2026-05-01T12:00:00+08:00`. */
export function rfc3339China(ms: number): string {
  const t = new Date(Math.floor(ms / 1000) * 1000 + 8 * 60 * 60 * 1000);
  return `${t.toISOString().slice(0, 19)}+08:00`;
}

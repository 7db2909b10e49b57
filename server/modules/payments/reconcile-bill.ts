import { yuanText } from '../../../shared/payments';
import type { TradeBill } from '../../integrations/wechat-pay/types';

/**
 * What our books say reached or left WeChat Pay on one China day, per order and per refund: the
 * net of the ledger's `wechat_clearing` postings effective that day (a reversal counts against
 * what it reverses), with WeChat Pay's numbers where we have them.
 */
export interface LedgerDay {
  payments: { outTradeNo: string; transactionId: string | null; amountFen: number; ledgerTx: string }[];
  refunds: { outRefundNo: string; outTradeNo: string; amountFen: number; ledgerTx: string }[];
  /** Postings to WeChat Pay clearing that belong to no order or refund (entered by hand?). */
  unlinked: { ledgerTx: string; amountFen: number }[];
}

export type BillDifference =
  | { kind: 'payment_missing_in_ledger'; outTradeNo: string; transactionId: string; billFen: number }
  | { kind: 'payment_missing_in_bill'; outTradeNo: string; ledgerFen: number; ledgerTx: string }
  | {
      kind: 'payment_amount_differs';
      outTradeNo: string;
      billFen: number;
      ledgerFen: number;
      ledgerTx: string;
    }
  | { kind: 'transaction_id_differs'; outTradeNo: string; bill: string; ours: string | null }
  | { kind: 'refund_missing_in_ledger'; outRefundNo: string; outTradeNo: string; billFen: number }
  | { kind: 'refund_missing_in_bill'; outRefundNo: string; ledgerFen: number; ledgerTx: string }
  | {
      kind: 'refund_amount_differs';
      outRefundNo: string;
      billFen: number;
      ledgerFen: number;
      ledgerTx: string;
    }
  | { kind: 'unlinked_ledger_entry'; ledgerTx: string; ledgerFen: number }
  | {
      kind: 'bill_totals_inconsistent';
      field: 'count' | 'settlementFen' | 'refundFen';
      stated: number;
      rows: number;
    };

export interface Reconciliation {
  differences: BillDifference[];
  bill: { payments: number; paymentsFen: number; refunds: number; refundsFen: number; feeFen: number };
  ledger: { payments: number; paymentsFen: number; refunds: number; refundsFen: number };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Rows of one key summed (a bill may list an order twice; our side is already net). */
function byKey<T>(
  items: readonly T[],
  key: (t: T) => string,
  fen: (t: T) => number,
): Map<string, { fen: number; first: T }> {
  const out = new Map<string, { fen: number; first: T }>();
  for (const item of items) {
    const k = key(item);
    const seen = out.get(k);
    if (seen) seen.fen += fen(item);
    else out.set(k, { fen: fen(item), first: item });
  }
  return out;
}

/**
 * Every difference between WeChat Pay's trade bill for a day and our books for that day: payments
 * and refunds on one side only, amounts that differ, WeChat Pay's transaction number not the one
 * we recorded, ledger entries on the clearing account that belong to no payment, and a bill whose
 * summary line disagrees with its own rows. Empty when they agree. Pure; sorted for stable output.
 */
export function reconcileBill(bill: TradeBill, ledger: LedgerDay): Reconciliation {
  const differences: BillDifference[] = [];
  const billPayments = bill.rows.filter((r) => r.tradeState !== 'REFUND');
  const billRefunds = bill.rows.filter((r) => r.tradeState === 'REFUND');

  const paid = byKey(
    billPayments,
    (r) => r.outTradeNo,
    (r) => r.settlementFen,
  );
  const ours = byKey(
    ledger.payments,
    (p) => p.outTradeNo,
    (p) => p.amountFen,
  );
  for (const [no, b] of paid) {
    const o = ours.get(no);
    if (!o || o.fen === 0) {
      differences.push({
        kind: 'payment_missing_in_ledger',
        outTradeNo: no,
        transactionId: b.first.transactionId,
        billFen: b.fen,
      });
      continue;
    }
    if (o.fen !== b.fen) {
      differences.push({
        kind: 'payment_amount_differs',
        outTradeNo: no,
        billFen: b.fen,
        ledgerFen: o.fen,
        ledgerTx: o.first.ledgerTx,
      });
    }
    if (o.first.transactionId !== b.first.transactionId) {
      differences.push({
        kind: 'transaction_id_differs',
        outTradeNo: no,
        bill: b.first.transactionId,
        ours: o.first.transactionId,
      });
    }
  }
  for (const [no, o] of ours) {
    if (!paid.has(no) && o.fen !== 0) {
      differences.push({
        kind: 'payment_missing_in_bill',
        outTradeNo: no,
        ledgerFen: o.fen,
        ledgerTx: o.first.ledgerTx,
      });
    }
  }

  const refunded = byKey(
    billRefunds,
    (r) => r.outRefundNo ?? `?${r.outTradeNo}`,
    (r) => r.refundFen,
  );
  const ourRefunds = byKey(
    ledger.refunds,
    (r) => r.outRefundNo,
    (r) => r.amountFen,
  );
  for (const [no, b] of refunded) {
    const o = ourRefunds.get(no);
    if (!o || o.fen === 0) {
      differences.push({
        kind: 'refund_missing_in_ledger',
        outRefundNo: no,
        outTradeNo: b.first.outTradeNo,
        billFen: b.fen,
      });
    } else if (o.fen !== b.fen) {
      differences.push({
        kind: 'refund_amount_differs',
        outRefundNo: no,
        billFen: b.fen,
        ledgerFen: o.fen,
        ledgerTx: o.first.ledgerTx,
      });
    }
  }
  for (const [no, o] of ourRefunds) {
    if (!refunded.has(no) && o.fen !== 0) {
      differences.push({
        kind: 'refund_missing_in_bill',
        outRefundNo: no,
        ledgerFen: o.fen,
        ledgerTx: o.first.ledgerTx,
      });
    }
  }
  for (const u of ledger.unlinked) {
    differences.push({ kind: 'unlinked_ledger_entry', ledgerTx: u.ledgerTx, ledgerFen: u.amountFen });
  }

  const rowsFen = sum(billPayments.map((r) => r.settlementFen));
  const rowsRefundFen = sum(billRefunds.map((r) => r.refundFen));
  const checks = [
    ['count', bill.totals.count, bill.rows.length],
    ['settlementFen', bill.totals.settlementFen, rowsFen],
    ['refundFen', bill.totals.refundFen, rowsRefundFen],
  ] as const;
  for (const [field, stated, rows] of checks) {
    if (stated !== rows) differences.push({ kind: 'bill_totals_inconsistent', field, stated, rows });
  }

  differences.sort((a, b) => differenceKey(a).localeCompare(differenceKey(b)));
  return {
    differences,
    bill: {
      payments: paid.size,
      paymentsFen: rowsFen,
      refunds: refunded.size,
      refundsFen: rowsRefundFen,
      feeFen: bill.totals.feeFen,
    },
    ledger: {
      payments: [...ours.values()].filter((o) => o.fen !== 0).length,
      paymentsFen: sum([...ours.values()].map((o) => o.fen)),
      refunds: [...ourRefunds.values()].filter((o) => o.fen !== 0).length,
      refundsFen: sum([...ourRefunds.values()].map((o) => o.fen)),
    },
  };
}

function differenceKey(d: BillDifference): string {
  const id =
    'outTradeNo' in d
      ? d.outTradeNo
      : 'outRefundNo' in d
        ? d.outRefundNo
        : 'ledgerTx' in d
          ? d.ledgerTx
          : d.field;
  return `${d.kind}\u0000${id}`;
}

/** One line per difference, in words finance can act on. */
export function describeDifference(d: BillDifference): string {
  const y = yuanText;
  switch (d.kind) {
    case 'payment_missing_in_ledger':
      return `账单有、账本没有的收款：商户订单号 ${d.outTradeNo}（微信支付单号 ${d.transactionId}），${y(d.billFen)}`;
    case 'payment_missing_in_bill':
      return `账本有、账单没有的收款：商户订单号 ${d.outTradeNo}，${y(d.ledgerFen)}（账目 ${d.ledgerTx}）`;
    case 'payment_amount_differs':
      return `收款金额不一致：商户订单号 ${d.outTradeNo}，账单 ${y(d.billFen)}，账本 ${y(d.ledgerFen)}（账目 ${d.ledgerTx}）`;
    case 'transaction_id_differs':
      return `微信支付单号不一致：商户订单号 ${d.outTradeNo}，账单 ${d.bill}，我们记录的 ${d.ours ?? '无'}`;
    case 'refund_missing_in_ledger':
      return `账单有、账本没有的退款：商户退款单号 ${d.outRefundNo}（订单 ${d.outTradeNo}），${y(d.billFen)}`;
    case 'refund_missing_in_bill':
      return `账本有、账单没有的退款：商户退款单号 ${d.outRefundNo}，${y(d.ledgerFen)}（账目 ${d.ledgerTx}）`;
    case 'refund_amount_differs':
      return `退款金额不一致：商户退款单号 ${d.outRefundNo}，账单 ${y(d.billFen)}，账本 ${y(d.ledgerFen)}（账目 ${d.ledgerTx}）`;
    case 'unlinked_ledger_entry':
      return `微信支付待清算科目上有不属于任何在线订单的账目 ${d.ledgerTx}：${y(d.ledgerFen)}`;
    case 'bill_totals_inconsistent':
      return `账单汇总行与明细不符：${d.field} 汇总为 ${d.stated}，明细合计 ${d.rows}`;
  }
}

import { and, eq, gte, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { chinaDayEnd, chinaDayStart } from '../../../shared/china-date';
import type { Db } from '../../db/client';
import { ledgerPostings, ledgerTransactions, payOrders, payRefunds } from '../../db/schema';
import type { WechatPayClient } from '../../integrations/wechat-pay/types';
import { reconcileBill, type LedgerDay, type Reconciliation } from './reconcile-bill';

const original = alias(ledgerTransactions, 'original');
const order = alias(payOrders, 'order_paid');
const reversedOrder = alias(payOrders, 'order_reversed');
const refund = alias(payRefunds, 'refund_paid');
const reversedRefund = alias(payRefunds, 'refund_reversed');
const refundOrder = alias(payOrders, 'refund_order');
const reversedRefundOrder = alias(payOrders, 'reversed_refund_order');

/**
 * Our side of a China day: every posting to WeChat Pay clearing effective that day, by the
 * order or refund it belongs to (a reversal by the entry it reverses).
 */
export function ledgerDay(db: Db, date: string): LedgerDay {
  const rows = db
    .select({
      tx: ledgerTransactions.publicId,
      kind: ledgerTransactions.kind,
      amountFen: ledgerPostings.amountFen,
      order: { outTradeNo: order.outTradeNo, transactionId: order.transactionId },
      reversedOrder: { outTradeNo: reversedOrder.outTradeNo, transactionId: reversedOrder.transactionId },
      refund: { outRefundNo: refund.publicId, outTradeNo: refundOrder.outTradeNo },
      reversedRefund: { outRefundNo: reversedRefund.publicId, outTradeNo: reversedRefundOrder.outTradeNo },
    })
    .from(ledgerPostings)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerPostings.txId))
    .leftJoin(original, eq(original.id, ledgerTransactions.reversesId))
    .leftJoin(order, eq(order.ledgerTxId, ledgerTransactions.id))
    .leftJoin(reversedOrder, eq(reversedOrder.ledgerTxId, original.id))
    .leftJoin(refund, eq(refund.ledgerTxId, ledgerTransactions.id))
    .leftJoin(refundOrder, eq(refundOrder.id, refund.orderId))
    .leftJoin(reversedRefund, eq(reversedRefund.ledgerTxId, original.id))
    .leftJoin(reversedRefundOrder, eq(reversedRefundOrder.id, reversedRefund.orderId))
    .where(
      and(
        eq(ledgerPostings.account, 'wechat_clearing'),
        gte(ledgerTransactions.effectiveAt, chinaDayStart(date)),
        lt(ledgerTransactions.effectiveAt, chinaDayEnd(date)),
      ),
    )
    .orderBy(ledgerTransactions.leafIndex)
    .all();
  const day: LedgerDay = { payments: [], refunds: [], unlinked: [] };
  for (const r of rows) {
    const paid = r.order?.outTradeNo ? r.order : r.reversedOrder?.outTradeNo ? r.reversedOrder : null;
    const back = r.refund?.outRefundNo ? r.refund : r.reversedRefund?.outRefundNo ? r.reversedRefund : null;
    if (paid?.outTradeNo) {
      day.payments.push({
        outTradeNo: paid.outTradeNo,
        transactionId: paid.transactionId,
        amountFen: r.amountFen,
        ledgerTx: r.tx,
      });
    } else if (back?.outRefundNo) {
      day.refunds.push({
        outRefundNo: back.outRefundNo,
        outTradeNo: back.outTradeNo ?? '',
        amountFen: -r.amountFen,
        ledgerTx: r.tx,
      });
    } else {
      day.unlinked.push({ ledgerTx: r.tx, amountFen: r.amountFen });
    }
  }
  return day;
}

/** Downloads WeChat Pay's trade bill for `date` and compares it with our books for that day. */
export async function reconcileDay(
  db: Db,
  wechatPay: WechatPayClient,
  date: string,
): Promise<Reconciliation> {
  const bill = await wechatPay.downloadTradeBill(date);
  return reconcileBill(bill, ledgerDay(db, date));
}

import { describe, expect, it } from 'vitest';
import type { BillRow, TradeBill } from '../../server/integrations/wechat-pay/types';
import {
  describeDifference,
  reconcileBill,
  type LedgerDay,
} from '../../server/modules/payments/reconcile-bill';

const row = (over: Partial<BillRow>): BillRow => ({
  tradeTime: '2026-05-01 12:00:00',
  appId: 'wx1',
  mchId: '1900000001',
  transactionId: 'T1',
  outTradeNo: 'XY1',
  tradeState: 'SUCCESS',
  settlementFen: 0,
  refundFen: 0,
  outRefundNo: null,
  feeFen: 0,
  ...over,
});

function bill(rows: BillRow[], totals: Partial<TradeBill['totals']> = {}): TradeBill {
  const pay = rows.filter((r) => r.tradeState !== 'REFUND');
  const back = rows.filter((r) => r.tradeState === 'REFUND');
  return {
    rows,
    totals: {
      count: rows.length,
      settlementFen: pay.reduce((s, r) => s + r.settlementFen, 0),
      refundFen: back.reduce((s, r) => s + r.refundFen, 0),
      feeFen: rows.reduce((s, r) => s + r.feeFen, 0),
      ...totals,
    },
  };
}

/** A day on which three payments arrived and one was partly refunded — and the books say so. */
const agreed = {
  bill: bill([
    row({ outTradeNo: 'XY1', transactionId: 'T1', settlementFen: 5000, feeFen: 30 }),
    row({ outTradeNo: 'XY2', transactionId: 'T2', settlementFen: 10000, feeFen: 60 }),
    row({ outTradeNo: 'XY3', transactionId: 'T3', settlementFen: 100 }),
    row({ outTradeNo: 'XY1', transactionId: 'T1', tradeState: 'REFUND', refundFen: 2000, outRefundNo: 'R1' }),
  ]),
  ledger: {
    payments: [
      { outTradeNo: 'XY1', transactionId: 'T1', amountFen: 5000, ledgerTx: 'L1' },
      { outTradeNo: 'XY2', transactionId: 'T2', amountFen: 10000, ledgerTx: 'L2' },
      { outTradeNo: 'XY3', transactionId: 'T3', amountFen: 100, ledgerTx: 'L3' },
    ],
    refunds: [{ outRefundNo: 'R1', outTradeNo: 'XY1', amountFen: 2000, ledgerTx: 'L4' }],
    unlinked: [],
  } satisfies LedgerDay,
};

describe('reconcileBill', () => {
  it('finds nothing when the bill and the books agree, and sums both sides', () => {
    const r = reconcileBill(agreed.bill, agreed.ledger);
    expect(r.differences).toEqual([]);
    expect(r.bill).toEqual({ payments: 3, paymentsFen: 15100, refunds: 1, refundsFen: 2000, feeFen: 90 });
    expect(r.ledger).toEqual({ payments: 3, paymentsFen: 15100, refunds: 1, refundsFen: 2000 });
  });

  it('agrees with an empty day', () => {
    expect(reconcileBill(bill([]), { payments: [], refunds: [], unlinked: [] }).differences).toEqual([]);
  });

  it('lists a payment in the bill the books lack', () => {
    const b = bill([
      ...agreed.bill.rows,
      row({ outTradeNo: 'XY9', transactionId: 'T9', settlementFen: 700 }),
    ]);
    expect(reconcileBill(b, agreed.ledger).differences).toEqual([
      { kind: 'payment_missing_in_ledger', outTradeNo: 'XY9', transactionId: 'T9', billFen: 700 },
    ]);
  });

  it('lists a payment in the books the bill lacks', () => {
    const b = bill(agreed.bill.rows.filter((r) => r.outTradeNo !== 'XY2'));
    expect(reconcileBill(b, agreed.ledger).differences).toEqual([
      { kind: 'payment_missing_in_bill', outTradeNo: 'XY2', ledgerFen: 10000, ledgerTx: 'L2' },
    ]);
  });

  it('lists an amount that differs, and a transaction number that is not ours', () => {
    const b = bill(
      agreed.bill.rows.map((r) =>
        r.outTradeNo === 'XY3' ? { ...r, settlementFen: 90, transactionId: 'T3x' } : r,
      ),
    );
    expect(reconcileBill(b, agreed.ledger).differences).toEqual([
      { kind: 'payment_amount_differs', outTradeNo: 'XY3', billFen: 90, ledgerFen: 100, ledgerTx: 'L3' },
      { kind: 'transaction_id_differs', outTradeNo: 'XY3', bill: 'T3x', ours: 'T3' },
    ]);
  });

  it('counts a reversed payment as not in the books', () => {
    const ledger: LedgerDay = {
      ...agreed.ledger,
      payments: [
        ...agreed.ledger.payments,
        { outTradeNo: 'XY2', transactionId: 'T2', amountFen: -10000, ledgerTx: 'L5' },
      ],
    };
    expect(reconcileBill(agreed.bill, ledger).differences).toEqual([
      { kind: 'payment_missing_in_ledger', outTradeNo: 'XY2', transactionId: 'T2', billFen: 10000 },
    ]);
  });

  it('lists refund differences: in the bill only, in the books only, amounts', () => {
    const b = bill([
      ...agreed.bill.rows.map((r) => (r.outRefundNo === 'R1' ? { ...r, refundFen: 1500 } : r)),
      row({ outTradeNo: 'XY2', tradeState: 'REFUND', refundFen: 300, outRefundNo: 'R2' }),
    ]);
    const ledger: LedgerDay = {
      ...agreed.ledger,
      refunds: [
        ...agreed.ledger.refunds,
        { outRefundNo: 'R3', outTradeNo: 'XY3', amountFen: 100, ledgerTx: 'L6' },
      ],
    };
    expect(reconcileBill(b, ledger).differences).toEqual([
      { kind: 'refund_amount_differs', outRefundNo: 'R1', billFen: 1500, ledgerFen: 2000, ledgerTx: 'L4' },
      { kind: 'refund_missing_in_bill', outRefundNo: 'R3', ledgerFen: 100, ledgerTx: 'L6' },
      { kind: 'refund_missing_in_ledger', outRefundNo: 'R2', outTradeNo: 'XY2', billFen: 300 },
    ]);
  });

  it('lists clearing entries that belong to no payment, and a bill at odds with its own summary', () => {
    const b = bill(agreed.bill.rows, { settlementFen: 15000, count: 5 });
    const ledger: LedgerDay = { ...agreed.ledger, unlinked: [{ ledgerTx: 'L7', amountFen: 4200 }] };
    expect(reconcileBill(b, ledger).differences).toEqual([
      { kind: 'bill_totals_inconsistent', field: 'count', stated: 5, rows: 4 },
      { kind: 'bill_totals_inconsistent', field: 'settlementFen', stated: 15000, rows: 15100 },
      { kind: 'unlinked_ledger_entry', ledgerTx: 'L7', ledgerFen: 4200 },
    ]);
  });

  it('describes each kind of difference with its numbers, amounts in yuan', () => {
    expect(
      describeDifference({
        kind: 'payment_amount_differs',
        outTradeNo: 'XY3',
        billFen: 90,
        ledgerFen: 100,
        ledgerTx: 'L3',
      }),
    ).toBe('收款金额不一致：商户订单号 XY3，账单 ¥0.90，账本 ¥1.00（账目 L3）');
    expect(
      describeDifference({
        kind: 'refund_missing_in_bill',
        outRefundNo: 'R3',
        ledgerFen: 100,
        ledgerTx: 'L6',
      }),
    ).toContain('R3');
  });
});

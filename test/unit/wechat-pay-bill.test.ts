import { describe, expect, it } from 'vitest';
import {
  BillFormatError,
  billHash,
  fenToYuan,
  parseTradeBill,
  yuanToFen,
} from '../../server/integrations/wechat-pay/bill';

const HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,' +
  '应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,' +
  '手续费,费率,订单金额,申请退款金额,费率备注';
const SUMMARY =
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
const tick = (fields: string[]) => fields.map((f) => `\`${f}`).join(',');

// prettier-ignore
const PAYMENT = ['2026-03-15 09:00:00', 'wx2421b1c4370ec43b', '1900000109', '0', '', '4200000001202603150000000001',
  'XY0000000001', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'JSAPI', 'SUCCESS', 'OTHERS', 'CNY', '4.35', '0.00', '0', '0',
  '0.00', '0.00', '', '', '心愿基金, 春季', 'donation:1', '0.03000', '0.60%', '4.35', '0.00', ''];
// prettier-ignore
const REFUND = ['2026-03-15 10:00:00', 'wx2421b1c4370ec43b', '1900000109', '0', '', '4200000001202603150000000001',
  'XY0000000001', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', 'JSAPI', 'REFUND', 'OTHERS', 'CNY', '0.00', '0.00',
  '50000000382019052709732678859', 'RXY0000000001', '1.15', '0.00', 'ORIGINAL', 'SUCCESS', '心愿基金, 春季',
  'donation:1', '-0.01000', '0.60%', '0.00', '1.15', ''];

function bill(
  rows: string[][],
  summary = ['2', '4.35', '1.15', '0.00', '0.02000', '4.35', '1.15'],
  eol = '\r\n',
) {
  return [HEADER, ...rows.map(tick), SUMMARY, tick(summary)].join(eol) + eol;
}

describe('yuan in a bill → integer fen, by string arithmetic', () => {
  it.each([
    ['0.01', 1],
    ['0.10', 10],
    ['100.00', 10_000],
    ['12345.6', 1_234_560],
    ['100', 10_000],
    ['0', 0],
    ['0.00', 0],
    ['-0.01', -1],
    ['-0.00', 0],
    ['0.60000', 60],
    ['-0.01000', -1],
    // Values whose float × 100 is not a whole number: 4.35 * 100 = 434.99999999999994.
    ['4.35', 435],
    ['1.15', 115],
    ['0.29', 29],
    ['1.005', null],
    ['9999999999999.99', 999_999_999_999_999],
  ])('%s → %s fen', (text, fen) => {
    if (fen === null) expect(() => yuanToFen(text)).toThrowError(BillFormatError);
    else expect(yuanToFen(text)).toBe(fen);
  });

  it.each([
    '',
    '1,000.00',
    '1e3',
    '.5',
    '5.',
    '+1.00',
    '¥1.00',
    ' 1.00',
    '0x10',
    'NaN',
    '1.234567',
    '0.00500',
  ])('refuses %j', (text) => {
    expect(() => yuanToFen(text)).toThrowError(BillFormatError);
  });

  it('writes fen back as yuan with two decimals', () => {
    expect([1, 10, 100, 0, -1, -150, 1_234_560].map(fenToYuan)).toEqual([
      '0.01',
      '0.10',
      '1.00',
      '0.00',
      '-0.01',
      '-1.50',
      '12345.60',
    ]);
    for (const fen of [0, 1, 99, 435, 1_000_001]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});

describe('parsing the trade bill (bill_type ALL)', () => {
  it('reads payment and refund rows and the summary', () => {
    const b = parseTradeBill(bill([PAYMENT, REFUND]));
    expect(b.rows).toEqual([
      {
        tradeTime: '2026-03-15 09:00:00',
        appId: 'wx2421b1c4370ec43b',
        mchId: '1900000109',
        transactionId: '4200000001202603150000000001',
        outTradeNo: 'XY0000000001',
        tradeState: 'SUCCESS',
        settlementFen: 435,
        refundFen: 0,
        outRefundNo: null,
        feeFen: 3,
      },
      {
        tradeTime: '2026-03-15 10:00:00',
        appId: 'wx2421b1c4370ec43b',
        mchId: '1900000109',
        transactionId: '4200000001202603150000000001',
        outTradeNo: 'XY0000000001',
        tradeState: 'REFUND',
        settlementFen: 0,
        refundFen: 115,
        outRefundNo: 'RXY0000000001',
        feeFen: -1,
      },
    ]);
    expect(b.totals).toEqual({ count: 2, settlementFen: 435, refundFen: 115, feeFen: 2 });
  });

  it('takes a BOM, LF line ends and a trailing blank line', () => {
    const b = parseTradeBill(
      `\uFEFF${bill([PAYMENT], ['1', '4.35', '0.00', '0.00', '0.03000', '4.35', '0.00'], '\n')}\n`,
    );
    expect(b.rows).toHaveLength(1);
    expect(b.totals.count).toBe(1);
  });

  it('finds columns by name, not position (older bills lack 应结订单金额-era columns in other places)', () => {
    const names = HEADER.split(',');
    const order = names.map((_, i) => i).reverse();
    const reversed = [
      order.map((i) => names[i]).join(','),
      tick(order.map((i) => PAYMENT[i] ?? '')),
      SUMMARY,
      tick(['1', '4.35', '0.00', '0.00', '0.03000', '4.35', '0.00']),
    ].join('\r\n');
    expect(parseTradeBill(reversed).rows[0]).toMatchObject({
      outTradeNo: 'XY0000000001',
      settlementFen: 435,
      feeFen: 3,
    });
  });

  it('answers no rows for a bill with only its summary', () => {
    const b = parseTradeBill(bill([], ['0', '0.00', '0.00', '0.00', '0.00000', '0.00', '0.00']));
    expect(b).toEqual({ rows: [], totals: { count: 0, settlementFen: 0, refundFen: 0, feeFen: 0 } });
  });

  it.each([
    ['no summary', [HEADER, tick(PAYMENT)].join('\r\n')],
    ['a summary without values', [HEADER, tick(PAYMENT), SUMMARY].join('\r\n')],
    ['a header without 商户订单号', bill([PAYMENT]).replace('商户订单号', '订单号')],
    ['a row with a field too few', bill([PAYMENT.slice(1)])],
    [
      'a row without backticks',
      [HEADER, PAYMENT.join(','), SUMMARY, tick(['1', '0', '0', '0', '0', '0', '0'])].join('\r\n'),
    ],
    ['an amount in another format', bill([PAYMENT.map((f) => (f === '4.35' ? '4,35' : f))])],
    ['a fee below a fen', bill([PAYMENT.map((f) => (f === '0.03000' ? '0.02610' : f))])],
    [
      'a count that is not a number',
      bill([PAYMENT], ['one', '4.35', '0.00', '0.00', '0.03000', '4.35', '0.00']),
    ],
    ['lines after the summary', `${bill([PAYMENT])}${tick(PAYMENT)}\r\n`],
    ['nothing at all', ''],
  ])('refuses %s', (_name, text) => {
    expect(() => parseTradeBill(text)).toThrowError(BillFormatError);
  });

  it('hashes the file bytes with SHA1 as hash_value states it', () => {
    expect(billHash(Buffer.from('abc'))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(billHash(new Uint8Array())).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });
});

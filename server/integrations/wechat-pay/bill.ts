import { createHash } from 'node:crypto';
import type { BillRow, TradeBill } from './types';

/**
 * The trade bill (交易账单, `bill_type=ALL`) as WeChat Pay serves it: UTF-8 CSV (a BOM may lead),
 * lines ending in CRLF or LF. A header line of column names; one line per payment (交易状态
 * `SUCCESS`) or refund (`REFUND`), every field prefixed with a backtick so spreadsheets keep it
 * as text; then the summary header `总交易单数,应结订单总金额,退款总金额,充值券退款总金额,
 * 手续费总金额,订单总金额,申请退款总金额` and one line of summary values, backticked too.
 * Amounts are yuan with two decimals (the fee with five, `0.60000`); they become integer fen by
 * string arithmetic, never through a float. Columns are found by their header name: the
 * documented order differs between bill types and older merchants' bills lack some columns.
 */

export class BillFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BillFormatError';
  }
}

export const SUMMARY_HEADER = [
  '总交易单数',
  '应结订单总金额',
  '退款总金额',
  '充值券退款总金额',
  '手续费总金额',
  '订单总金额',
  '申请退款总金额',
] as const;

const COLUMNS = {
  tradeTime: '交易时间',
  appId: '公众账号ID',
  mchId: '商户号',
  transactionId: '微信订单号',
  outTradeNo: '商户订单号',
  tradeState: '交易状态',
  settlement: '应结订单金额',
  outRefundNo: '商户退款单号',
  refund: '退款金额',
  fee: '手续费',
} as const;

const YUAN = /^(-?)(\d{1,13})(?:\.(\d{1,5}))?$/;

/**
 * Yuan as written in a bill (`12.34`, `0.01`, `-0.01`, `100`, `12345.6`, `0.60000`) → integer
 * fen. Digits past the fen must be zeros (a bill never holds a fraction of a fen).
 */
export function yuanToFen(text: string): number {
  const m = YUAN.exec(text);
  if (!m) throw new BillFormatError(`not an amount in yuan: ${JSON.stringify(text.slice(0, 20))}`);
  const [, sign, whole = '0', fraction = ''] = m;
  if (/[1-9]/.test(fraction.slice(2))) {
    throw new BillFormatError(`an amount below one fen: ${text}`);
  }
  const fen = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new BillFormatError(`an amount out of range: ${text}`);
  return sign === '-' && fen !== 0 ? -fen : fen;
}

/** Integer fen → yuan with two decimals (`1` → `0.01`, `-150` → `-1.50`), by string arithmetic. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError('fen must be a safe integer');
  const sign = fen < 0 ? '-' : '';
  const digits = String(Math.abs(fen)).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** The fields of a backticked line: each starts with a backtick, which is dropped. */
function fields(line: string, lineNo: number): string[] {
  if (!line.startsWith('`')) throw new BillFormatError(`line ${lineNo} is not a backticked record`);
  return line.slice(1).split(',`');
}

/** The SHA1 of the downloaded bytes, lower-case hex, as `hash_value` states it. */
export function billHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

export function parseTradeBill(text: string): TradeBill {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trimEnd());
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const column = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, name]) => {
      const index = header.indexOf(name);
      if (index < 0) throw new BillFormatError(`the header has no ${name} column`);
      return [key, index];
    }),
  ) as Record<keyof typeof COLUMNS, number>;

  const summaryAt = lines.findIndex((l, i) => i > 0 && l.startsWith(SUMMARY_HEADER[0]));
  if (summaryAt < 0) throw new BillFormatError('the bill has no summary');
  const summaryHeader = (lines[summaryAt] ?? '').split(',').map((h) => h.trim());
  const summaryLine = lines[summaryAt + 1];
  if (summaryLine === undefined) throw new BillFormatError('the summary has no values');
  if (lines.length > summaryAt + 2) throw new BillFormatError('lines after the summary');
  const summary = fields(summaryLine, summaryAt + 2);
  if (summary.length !== summaryHeader.length) {
    throw new BillFormatError('the summary line does not match its header');
  }
  const total = (name: (typeof SUMMARY_HEADER)[number]): string => {
    const i = summaryHeader.indexOf(name);
    if (i < 0) throw new BillFormatError(`the summary has no ${name}`);
    return summary[i] ?? '';
  };

  const rows: BillRow[] = [];
  for (let i = 1; i < summaryAt; i++) {
    const f = fields(lines[i] ?? '', i + 1);
    if (f.length !== header.length) {
      throw new BillFormatError(`line ${i + 1} has ${f.length} fields, the header ${header.length}`);
    }
    const at = (key: keyof typeof COLUMNS): string => f[column[key]] ?? '';
    const tradeState = at('tradeState');
    const outRefundNo = at('outRefundNo');
    rows.push({
      tradeTime: at('tradeTime'),
      appId: at('appId'),
      mchId: at('mchId'),
      transactionId: at('transactionId'),
      outTradeNo: at('outTradeNo'),
      tradeState,
      settlementFen: yuanToFen(at('settlement')),
      refundFen: yuanToFen(at('refund')),
      outRefundNo: tradeState === 'REFUND' && outRefundNo !== '' && outRefundNo !== '0' ? outRefundNo : null,
      feeFen: yuanToFen(at('fee')),
    });
  }

  const countText = total('总交易单数');
  if (!/^\d{1,9}$/.test(countText)) throw new BillFormatError('the summary count is not a number');
  return {
    rows,
    totals: {
      count: Number(countText),
      settlementFen: yuanToFen(total('应结订单总金额')),
      refundFen: yuanToFen(total('退款总金额')),
      feeFen: yuanToFen(total('手续费总金额')),
    },
  };
}

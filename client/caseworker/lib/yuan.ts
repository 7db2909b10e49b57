import { WISH_VALUE_MAX_FEN } from '../../../shared/constants';

export type YuanParse = { ok: true; fen: number } | { ok: false; message: string };

/** What the amount is called in messages, and its ceiling (a wish's value by default). */
export interface YuanLimits {
  name: string;
  maxFen: number;
  tooMuch: string;
}

const WISH_VALUE: YuanLimits = {
  name: '预估金额',
  maxFen: WISH_VALUE_MAX_FEN,
  tooMuch: `单个心愿最多 ${(WISH_VALUE_MAX_FEN / 1_000_000).toString()} 万元`,
};

// Full-width digits and point (typed with a Chinese keyboard in full-width mode) mean the same
// number: they are read as ASCII rather than refused.
const FULL_WIDTH = /[\uff10-\uff19\uff0e]/g;
const AMOUNT = /^(\d+)(?:\.(\d*))?$/;

/**
 * What a caseworker (or a finance clerk) typed in 元 → integer fen, never through floating point:
 * '12.5' → 1250, '０.８' → 80. Refused with a message she can act on: more than two decimals,
 * negative, zero, not a number, over the maximum (a wish's value unless `limits` says otherwise).
 */
export function parseYuan(typed: string, limits: YuanLimits = WISH_VALUE): YuanParse {
  const text = typed
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  if (text === '') return { ok: false, message: `请填写${limits.name}` };
  if (text.startsWith('-')) return { ok: false, message: '金额不能是负数' };
  if (/[,，]/.test(text)) return { ok: false, message: '请不要加逗号，直接写数字，如 1200' };
  const m = AMOUNT.exec(text);
  if (!m) return { ok: false, message: '请只填数字，如 120 或 12.50' };
  const [, whole = '', decimals = ''] = m;
  if (decimals.length > 2) return { ok: false, message: '金额最多精确到分（小数点后两位）' };
  const maxYuan = limits.maxFen / 100;
  // Compare by length first: '000…' aside, a long digit string would overflow a safe integer.
  const wholeNumber = whole.replace(/^0+(?=\d)/, '');
  if (wholeNumber.length > String(maxYuan).length) return { ok: false, message: limits.tooMuch };
  const fen = Number(wholeNumber) * 100 + Number(decimals.padEnd(2, '0'));
  if (fen <= 0) return { ok: false, message: `${limits.name}必须大于 0` };
  if (fen > limits.maxFen) return { ok: false, message: limits.tooMuch };
  return { ok: true, fen };
}

/** Integer fen → what goes back into the input: 1250 → '12.5', 1200 → '12', 1205 → '12.05'. */
export function fenToYuanText(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  if (cents === 0) return String(whole);
  return `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/** What each donor pays when a wish is split into `shares` equal parts, or null when it does not divide into whole fen. */
export function perShareFen(totalFen: number, shares: number): number | null {
  return Number.isSafeInteger(shares) && shares > 0 && totalFen % shares === 0 ? totalFen / shares : null;
}

import { publicDonorName, type DonorDisplay } from '../../../shared/ledger';
import {
  createPayOrderBodySchema,
  PAY_AMOUNT_MAX_FEN,
  PAY_AMOUNT_MIN_FEN,
  type CreatePayOrderBody,
  type PayChannel,
  type PayTarget,
} from '../../../shared/schemas/payments';
import { parseYuan, type YuanLimits } from '../../caseworker/lib/yuan';
import { checkWith, type FieldErrors } from './field-errors';

/** The amounts offered for a campaign gift, in fen: 20, 50, 100, 200 元. */
export const AMOUNT_PRESETS_FEN = [2000, 5000, 10000, 20000] as const;

const PAY_AMOUNT: YuanLimits = {
  name: '捐款金额',
  maxFen: PAY_AMOUNT_MAX_FEN,
  tooMuch: '单笔在线捐款最多 5 万元，更多请联系机构转账',
};

export const DONOR_DISPLAY_OPTIONS: { value: DonorDisplay; label: string; hint: string }[] = [
  { value: 'named', label: '实名', hint: '公示时写全名' },
  { value: 'masked', label: '只显示姓', hint: '如“陈*”' },
  { value: 'anonymous', label: '匿名', hint: '不留名字' },
];

/** The donate form as typed. `amount`: a preset in fen, or 'custom' for what is typed in 元. */
export interface DonateForm {
  amount: number | 'custom';
  custom: string;
  shares: number;
  donorDisplay: DonorDisplay;
  donorName: string;
}

export const EMPTY_DONATE_FORM: DonateForm = {
  amount: 5000,
  custom: '',
  shares: 1,
  donorDisplay: 'masked',
  donorName: '',
};

/** The gift in fen for a campaign (a preset, or 元 typed → fen by string arithmetic), or why not. */
export function campaignAmount(form: DonateForm): { ok: true; fen: number } | { ok: false; message: string } {
  if (form.amount !== 'custom') return { ok: true, fen: form.amount };
  const parsed = parseYuan(form.custom, PAY_AMOUNT);
  if (parsed.ok && parsed.fen < PAY_AMOUNT_MIN_FEN) return { ok: false, message: '捐款金额至少 1 元' };
  return parsed;
}

/** How the donor will read in the 公示, as the server will print it; null until there is a name. */
export function publicNamePreview(form: Pick<DonateForm, 'donorName' | 'donorDisplay'>): string | null {
  const name = form.donorName.trim();
  if (!name && form.donorDisplay !== 'anonymous') return null;
  return publicDonorName(name || null, form.donorDisplay);
}

/**
 * The order to create, or what to fix field by field (the server's own checks, run first).
 * A wish's shares carry no amount: the server prices them from the wish.
 */
export function donateRequest(
  target: PayTarget,
  form: DonateForm,
  channel: PayChannel,
): { ok: true; body: CreatePayOrderBody } | { ok: false; errors: FieldErrors } {
  const name = form.donorName.trim();
  const amount = target.kind === 'campaign' ? campaignAmount(form) : null;
  const body: CreatePayOrderBody = {
    target: target.kind === 'wish' ? { ...target, shares: form.shares } : target,
    ...(amount && { amountFen: amount.ok ? amount.fen : PAY_AMOUNT_MIN_FEN }),
    donorDisplay: form.donorDisplay,
    // An anonymous donor may still put a name on their own receipt: the 公示 shows 匿名.
    donorName: name || null,
    channel,
  };
  const errors = checkWith(createPayOrderBodySchema, body);
  if (amount && !amount.ok) errors.amountFen = amount.message;
  if (!name && form.donorDisplay !== 'anonymous') {
    errors.donorName = '请填写捐赠人姓名；不想留名请选“匿名”';
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body };
}

interface WeixinBridge {
  invoke: (name: string, params: unknown, callback: (res: { err_msg?: string }) => void) => void;
}

/** WeChat's in-app browser gives H5 pages a bridge that pays JSAPI orders. */
export function weixinBridge(): WeixinBridge | null {
  const w = globalThis as { WeixinJSBridge?: WeixinBridge };
  return typeof w.WeixinJSBridge?.invoke === 'function' ? w.WeixinJSBridge : null;
}

/**
 * How this device pays: JSAPI in the mini-program and in WeChat's own browser, H5 payment
 * (WeChat's cashier page) in any other browser.
 */
export function payChannel(): PayChannel {
  if (process.env.TARO_ENV === 'weapp') return 'jsapi';
  return weixinBridge() ? 'jsapi' : 'h5';
}

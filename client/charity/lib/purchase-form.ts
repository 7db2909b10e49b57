import { chinaDate } from '../../../shared/china-date';
import type { MoneyAccount } from '../../../shared/ledger';
import { recordPurchaseBodySchema, type RecordPurchaseBody } from '../../../shared/schemas/ledger';
import { parseYuan } from '../../caseworker/lib/yuan';
import { ApiError } from '../../api/http';
import { formatFen } from '../../utils/money';
import { checkWith, fieldErrorsFromApi, type FieldErrors } from './field-errors';
import { LEDGER_AMOUNT } from './ledger-terms';

/** 登记采购 as typed. */
export interface PurchaseForm {
  wishId: string | null;
  amount: string;
  /** null: the unrestricted fund. */
  campaignId: string | null;
  paidFrom: MoneyAccount;
  paidOn: string;
  memo: string;
}

export function emptyPurchaseForm(now: number): PurchaseForm {
  return { wishId: null, amount: '', campaignId: null, paidFrom: 'bank', paidOn: chinaDate(now), memo: '' };
}

export function purchaseRequest(
  form: PurchaseForm,
  now: number,
): { ok: true; body: RecordPurchaseBody } | { ok: false; errors: FieldErrors } {
  const amount = parseYuan(form.amount, LEDGER_AMOUNT);
  const memo = form.memo.trim();
  const body: RecordPurchaseBody = {
    wishId: form.wishId ?? '',
    amountFen: amount.ok ? amount.fen : 1,
    campaignId: form.campaignId,
    paidFrom: form.paidFrom,
    paidOn: form.paidOn,
    ...(memo && { memo }),
  };
  const errors = checkWith(recordPurchaseBodySchema, body);
  if (!form.wishId) errors.wishId = '请选择为哪个心愿采购';
  if (!amount.ok) errors.amountFen = amount.message;
  if (!errors.paidOn && form.paidOn > chinaDate(now)) errors.paidOn = '付款日期不能晚于今天';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body };
}

/** The money a fund has left, from a FUND_INSUFFICIENT refusal's details. */
export function availableFen(e: unknown): number | null {
  if (!(e instanceof ApiError) || e.code !== 'FUND_INSUFFICIENT') return null;
  const d = e.details as { availableFen?: unknown } | undefined;
  return typeof d?.availableFen === 'number' && Number.isSafeInteger(d.availableFen) ? d.availableFen : null;
}

const PURCHASE_FIELDS = {
  FUND_INSUFFICIENT: 'amountFen',
  LEDGER_DATE_INVALID: 'paidOn',
  WISH_NOT_PURCHASABLE: 'wishId',
  WISH_NOT_FOUND: 'wishId',
  CAMPAIGN_NOT_FOUND: 'campaignId',
};
const PURCHASE_MESSAGES = {
  LEDGER_DATE_INVALID: '付款日期不能晚于今天',
  WISH_NOT_PURCHASABLE: '这个心愿已经转交或下架，不能再为它采购',
  WISH_NOT_FOUND: '没有找到这个心愿，请重新选择',
  CAMPAIGN_NOT_FOUND: '没有找到这个活动，请重新选择资金来源',
  FORBIDDEN: '只有财务人员可以登记采购',
};

/** A refused purchase → messages under the fields; an overdrawn fund says how much is left. */
export function purchaseRefusal(e: unknown, amountFen: number) {
  const left = availableFen(e);
  if (left !== null) {
    return {
      fields: {
        amountFen: `这笔资金只剩 ${formatFen(left)}，不够支出 ${formatFen(amountFen)}。请核对金额，或换一笔资金。`,
      },
      general: null,
    };
  }
  return fieldErrorsFromApi(e, PURCHASE_FIELDS, PURCHASE_MESSAGES);
}

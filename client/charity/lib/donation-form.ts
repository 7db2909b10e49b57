import { chinaDate } from '../../../shared/china-date';
import { publicDonorName, type DonorDisplay, type MoneyAccount } from '../../../shared/ledger';
import { recordDonationBodySchema, type RecordDonationBody } from '../../../shared/schemas/ledger';
import { parseYuan } from '../../caseworker/lib/yuan';
import { checkWith, fieldErrorsFromApi, type FieldErrors } from './field-errors';
import { LEDGER_AMOUNT } from './ledger-terms';

/** 登记捐赠 as typed. Errors are keyed by the body's field names, as the server's are. */
export interface DonationForm {
  amount: string;
  channel: MoneyAccount;
  /** null: the unrestricted fund. */
  campaignId: string | null;
  donorName: string;
  donorDisplay: DonorDisplay;
  receiptNo: string;
  receivedOn: string;
  memo: string;
}

export function emptyDonationForm(now: number): DonationForm {
  return {
    amount: '',
    channel: 'bank',
    campaignId: null,
    donorName: '',
    donorDisplay: 'masked',
    receiptNo: '',
    receivedOn: chinaDate(now),
    memo: '',
  };
}

/** How the donor will read in public reports, as the server will print it. */
export function donorPreview(form: Pick<DonationForm, 'donorName' | 'donorDisplay'>): string {
  return publicDonorName(form.donorName.trim() || null, form.donorDisplay);
}

/** The request, or what to fix field by field (the server's own checks, run before sending). */
export function donationRequest(
  form: DonationForm,
  now: number,
): { ok: true; body: RecordDonationBody } | { ok: false; errors: FieldErrors } {
  const amount = parseYuan(form.amount, LEDGER_AMOUNT);
  const donorName = form.donorName.trim();
  const receiptNo = form.receiptNo.trim();
  const memo = form.memo.trim();
  const body: RecordDonationBody = {
    amountFen: amount.ok ? amount.fen : 1,
    campaignId: form.campaignId,
    channel: form.channel,
    donorName: donorName || null,
    donorDisplay: form.donorDisplay,
    receiptNo: receiptNo || null,
    receivedOn: form.receivedOn,
    ...(memo && { memo }),
  };
  const errors = checkWith(recordDonationBodySchema, body);
  if (!amount.ok) errors.amountFen = amount.message;
  if (!donorName && form.donorDisplay !== 'anonymous') {
    errors.donorName = '实名或隐去名字公示时，请填写捐赠人；不想留名请选“匿名”';
  }
  if (!errors.receivedOn && form.receivedOn > chinaDate(now)) errors.receivedOn = '到账日期不能晚于今天';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body };
}

const DONATION_FIELDS = {
  RECEIPT_NO_TAKEN: 'receiptNo',
  LEDGER_DATE_INVALID: 'receivedOn',
  CAMPAIGN_NOT_FOUND: 'campaignId',
};
const DONATION_MESSAGES = {
  LEDGER_DATE_INVALID: '到账日期不能晚于今天',
  CAMPAIGN_NOT_FOUND: '没有找到这个活动，请重新选择资金去向',
  FORBIDDEN: '只有财务人员可以登记捐赠',
};

/** A refused donation → messages under the fields (a receipt number used this year, a future date). */
export function donationRefusal(e: unknown) {
  return fieldErrorsFromApi(e, DONATION_FIELDS, DONATION_MESSAGES);
}

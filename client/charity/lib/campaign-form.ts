import { chinaDate } from '../../../shared/china-date';
import { createCampaignBodySchema, type CreateCampaignBody } from '../../../shared/schemas/staff-wishes';
import { checkWith, type FieldErrors } from './field-errors';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The campaign form as typed: text fields stay text until sent. */
export interface CampaignForm {
  title: string;
  description: string;
  startsOn: string;
  endsOn: string;
  targetWishCount: string;
}

/** A new form: starts today (China time), runs a month, aims at 20 wishes. */
export function emptyCampaignForm(now: number): CampaignForm {
  return {
    title: '',
    description: '',
    startsOn: chinaDate(now),
    endsOn: chinaDate(now + 30 * DAY_MS),
    targetWishCount: '20',
  };
}

/** What the server receives: trimmed text, an empty description left out, the count as a number. */
export function campaignBody(form: CampaignForm): CreateCampaignBody {
  const description = form.description.trim();
  const count = form.targetWishCount.trim();
  return {
    title: form.title.trim(),
    ...(description && { description }),
    startsOn: form.startsOn,
    endsOn: form.endsOn,
    targetWishCount: /^\d+$/.test(count) ? Number(count) : Number.NaN,
  };
}

/** The server's own checks, run before sending, plus the date order it also enforces. */
export function checkCampaignForm(form: CampaignForm): FieldErrors {
  const errors = checkWith(createCampaignBodySchema, campaignBody(form));
  if (form.targetWishCount.trim() === '') errors.targetWishCount = '请填写目标心愿数';
  if (!errors.endsOn && !errors.startsOn && form.endsOn < form.startsOn) {
    errors.endsOn = '结束日期不能早于开始日期';
  }
  return errors;
}

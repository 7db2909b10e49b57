import type { WishKind } from '../../../shared/constants';
import {
  createWishBodySchema,
  updateWishBodySchema,
  type CreateWishBody,
  type StaffWish,
  type UpdateWishBody,
} from '../../../shared/schemas/staff-wishes';
import { checkWith, type FieldErrors } from './field-errors';
import { formatFen } from '../../utils/money';
import { fenToYuanText, parseYuan } from './yuan';

/** A wish as the form holds it: numbers as typed, so a half-typed value is never lost. */
export interface WishValues {
  title: string;
  description: string;
  kind: WishKind;
  quantity: string;
  value: string;
  shares: string;
  handoverSiteId: string;
  campaignId: string | null;
}

export function emptyWish(handoverSiteId = ''): WishValues {
  return {
    title: '',
    description: '',
    kind: 'item',
    quantity: '1',
    value: '',
    shares: '1',
    handoverSiteId,
    campaignId: null,
  };
}

export function wishToValues(w: StaffWish): WishValues {
  return {
    title: w.title,
    description: w.description,
    kind: w.kind,
    quantity: String(w.quantity),
    value: fenToYuanText(w.estimatedValueFen),
    shares: String(w.shares),
    handoverSiteId: w.handoverSite.id,
    campaignId: w.campaign?.id ?? null,
  };
}

/** '３' or ' 3 ' → 3; anything but a plain whole number → NaN, for the schema to name. */
function wholeNumber(typed: string): number {
  const text = typed.trim().replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
}

/** The body, or the messages under each field when something cannot be sent as it is. */
export function wishBody(v: WishValues): { body: CreateWishBody; errors: FieldErrors } {
  const value = parseYuan(v.value);
  const body: CreateWishBody = {
    title: v.title,
    description: v.description,
    kind: v.kind,
    quantity: wholeNumber(v.quantity),
    estimatedValueFen: value.ok ? value.fen : 0,
    shares: wholeNumber(v.shares),
    handoverSiteId: v.handoverSiteId,
    campaignId: v.campaignId,
  };
  const errors = checkWith(createWishBodySchema, body);
  if (!value.ok) errors.estimatedValueFen = value.message;
  if (Number.isNaN(body.quantity)) errors.quantity = '数量请填整数，如 1';
  if (Number.isNaN(body.shares)) errors.shares = '份数请填整数，如 1';
  if (!v.handoverSiteId) errors.handoverSiteId = '请选择转交点';
  // Each donor pays the same whole number of fen (the server refuses SHARES_UNEVEN).
  if (value.ok && body.shares > 1 && value.fen % body.shares !== 0) {
    errors.shares ??= `${formatFen(value.fen)} 不能平均分成 ${body.shares} 份，请调整金额或份数`;
  }
  return { body, errors };
}

/** An edit sends the whole wish again with the version it was made on (any field may have changed). */
export function wishUpdateBody(
  v: WishValues,
  version: number,
): { body: UpdateWishBody; errors: FieldErrors } {
  const { body, errors } = wishBody(v);
  const update: UpdateWishBody = { version, ...body };
  return { body: update, errors: { ...checkWith(updateWishBodySchema, update), ...errors } };
}

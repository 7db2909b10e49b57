import {
  CLAIM_STAGE_LABELS,
  RECEIVED_CONDITION_LABELS,
  SHIPPING_MODE_LABELS,
  type ClaimStage,
  type ReceivedCondition,
} from '../../../shared/constants';
import {
  receiveBodySchema,
  thankYouBodySchema,
  type Claim,
  type ReceiveBody,
  type TimelineEntry,
  type WishFulfilment,
} from '../../../shared/schemas/claims';
import { checkWith, type FieldErrors } from './field-errors';

/** The fulfilment page of a wish (inbox links point here too). */
export const fulfilmentUrl = (wishId: string) => `/caseworker/fulfilment/index?id=${wishId}`;

/** How the gift travels: '顺丰速运 SF1234567890', '亲自送到', or null before it is sent. */
export function shippingText(claim: Pick<Claim, 'shipping' | 'paidOnline'>): string | null {
  if (claim.paidOnline) return '在线出资，由机构代购';
  const { shipping } = claim;
  if (!shipping) return null;
  if (shipping.mode === 'in_person') return SHIPPING_MODE_LABELS.in_person;
  const parts = [shipping.carrier, shipping.trackingNumber].filter(Boolean);
  return parts.length ? parts.join(' ') : SHIPPING_MODE_LABELS.post;
}

/** How many items a claim should bring: its part of the wish's quantity, at least one. */
export function expectedQuantity(wish: Claim['wish'], shares: number): number {
  if (wish.shares <= 1) return wish.quantity;
  return Math.max(1, Math.round((wish.quantity * shares) / wish.shares));
}

/** Stages in which the donor still has a deadline to get the gift (again) to the hand-over point. */
export const awaitsGift = (claim: Pick<Claim, 'stage' | 'endedAt'>): boolean =>
  claim.endedAt === null && ['claimed', 'purchased', 'shipped', 'problem'].includes(claim.stage);

export type StageTone = 'ok' | 'warn' | 'danger' | 'brand' | '';
const STAGE_TONE: Partial<Record<ClaimStage, StageTone>> = {
  shipped: 'brand',
  problem: 'danger',
  received: 'warn',
  handed_over: 'ok',
  thanked: 'ok',
  confirmed: 'ok',
};
export const stageTone = (stage: ClaimStage): StageTone => STAGE_TONE[stage] ?? '';

export interface ReceiveValues {
  quantity: number;
  condition: ReceivedCondition | null;
  note: string;
}

/**
 * The receipt as a request, or what is wrong with it, field by field. Fewer items than expected
 * while "完好" is chosen is a contradiction the server would turn into a problem anyway: ask.
 */
export function receiveRequest(
  values: ReceiveValues,
  expected: number,
): { body: ReceiveBody | null; errors: FieldErrors } {
  const body = { quantity: values.quantity, condition: values.condition, note: values.note };
  const errors = checkWith(receiveBodySchema, body);
  if (!errors.quantity && values.condition === 'good' && values.quantity < expected) {
    errors.quantity = `比应到的 ${expected} 件少，请选“${RECEIVED_CONDITION_LABELS.short}”并写明`;
  }
  return Object.keys(errors).length ? { body: null, errors } : { body: body as ReceiveBody, errors };
}

/** The thank-you as a request, or its errors. */
export function thankYouRequest(text: string, photoId: string | null) {
  const body = { text, photoId };
  const errors = checkWith(thankYouBodySchema, body);
  return Object.keys(errors).length ? { body: null, errors } : { body, errors };
}

/** What the caseworker should do next, in one sentence (null when nothing is hers to do). */
export function nextStep(f: WishFulfilment): { tone: 'info' | 'warn' | 'ok'; message: string } | null {
  if (f.canHandOver)
    return { tone: 'warn', message: '礼物都已签收，转交给孩子后拍几张照片，在下面确认转交。' };
  if (f.canThank)
    return { tone: 'warn', message: '已经转交。请孩子说一句话或画一张画，写成感谢信发给爱心人士。' };
  if (f.claims.some((c) => c.stage === 'shipped'))
    return { tone: 'info', message: '礼物到了转交点后，核对数量和状况，在下面签收。' };
  if (f.claims.some((c) => c.stage === 'problem'))
    return { tone: 'info', message: '签收时发现的问题已经告诉爱心人士，等对方重新寄出。' };
  if (f.timeline.some((t) => t.kind === 'thanked'))
    return { tone: 'ok', message: '感谢信已送到爱心人士那里，谢谢你。' };
  if (f.claims.length === 0) return { tone: 'info', message: '还没有爱心人士认领这个心愿。' };
  if (f.sharesTaken < f.wish.shares)
    return {
      tone: 'info',
      message: `已认领 ${f.sharesTaken}/${f.wish.shares} 份，全部认领并签收后才能转交。`,
    };
  if (f.claims.some((c) => c.stage === 'claimed' || c.stage === 'purchased'))
    return { tone: 'info', message: '爱心人士正在准备礼物，寄出后会通知你。' };
  return null;
}

const ACTOR: Record<TimelineEntry['by'], string> = { donor: '爱心人士', staff: '工作人员', system: '系统' };

/** One line of the timeline: what happened, then its details. */
export function timelineText(t: TimelineEntry): { title: string; details: string[] } {
  const details: string[] = [];
  if (t.kind === 'shipped' && t.shippingMode) {
    details.push(
      t.shippingMode === 'in_person'
        ? SHIPPING_MODE_LABELS.in_person
        : [SHIPPING_MODE_LABELS.post, t.carrier, t.trackingNumber].filter(Boolean).join(' '),
    );
  }
  if (t.quantity !== null && t.condition) {
    details.push(`${t.quantity} 件 · ${RECEIVED_CONDITION_LABELS[t.condition]}`);
  }
  if (t.kind === 'claimed' && t.shares !== null && t.shares > 1) details.push(`${t.shares} 份`);
  if (t.note) details.push(t.note);
  if (t.text) details.push(t.text);
  // CLAIM_STAGE_LABELS speak for the donor ("已收到感谢"); here the caseworker wrote it.
  const label = t.kind === 'thanked' ? '写了感谢信' : CLAIM_STAGE_LABELS[t.kind];
  return { title: `${ACTOR[t.by]} · ${label}`, details };
}

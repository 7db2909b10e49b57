import * as z from 'zod/mini';
import {
  CLAIM_STAGES,
  RECEIVED_CONDITIONS,
  SHIPPING_MODES,
  TEXT_LIMITS,
  URGENCY_LEVELS,
  WISH_KINDS,
  WISH_QUANTITY_MAX,
  WISH_SHARES_MAX,
  WISH_STATUSES,
  HANDOVER_PHOTOS_MAX,
  HANDOVER_PHOTOS_MIN,
} from '../constants';
import { CLAIM_TRANSITIONS, type ClaimEvent } from '../claim-lifecycle';
import { isoDateTimeSchema, pageOf, pageQuerySchema, publicIdSchema } from './common';
import { photoSchema } from './media';
import { optionalText, paragraphText } from './text';

// Claims and their fulfilment, as the claiming donor and the organization's staff see them.

export const claimParamsSchema = z.strictObject({ claimId: publicIdSchema });

/** Claim a wish: how many of its shares (1 for a single-donor wish). */
export const claimBodySchema = z.strictObject({
  shares: z._default(
    z
      .int('份数必须是整数')
      .check(z.positive('至少认领 1 份'), z.maximum(WISH_SHARES_MAX, `最多 ${WISH_SHARES_MAX} 份`)),
    1,
  ),
});
export type ClaimBody = z.input<typeof claimBodySchema>;

export const purchaseBodySchema = z.strictObject({
  /** A photo of the receipt, uploaded with purpose `receipt` (optional). */
  receiptPhotoId: z.optional(z.nullable(publicIdSchema)),
  note: optionalText(TEXT_LIMITS.note),
});
export type PurchaseBody = z.input<typeof purchaseBodySchema>;

export const shipBodySchema = z
  .strictObject({
    mode: z.enum(SHIPPING_MODES, '请选择寄送方式'),
    carrier: optionalText(TEXT_LIMITS.carrier),
    trackingNumber: z.optional(
      z.nullable(
        z.string().check(z.trim(), z.regex(/^[A-Za-z0-9-]{0,40}$/, '快递单号只能包含字母、数字和 -')),
      ),
    ),
    note: optionalText(TEXT_LIMITS.note),
  })
  .check(
    z.refine((b) => b.mode !== 'post' || Boolean(b.carrier), {
      message: '请填写快递公司',
      path: ['carrier'],
    }),
    z.refine((b) => b.mode !== 'post' || Boolean(b.trackingNumber), {
      message: '请填写快递单号',
      path: ['trackingNumber'],
    }),
  );
export type ShipBody = z.input<typeof shipBodySchema>;

export const withdrawBodySchema = z.strictObject({ reason: optionalText(TEXT_LIMITS.reason) });
export type WithdrawBody = z.input<typeof withdrawBodySchema>;

/** What arrived at the hand-over point; anything but "good, all of it" goes back to the donor as a problem. */
export const receiveBodySchema = z
  .strictObject({
    quantity: z
      .int('数量必须是整数')
      .check(z.nonnegative('数量不能是负数'), z.maximum(WISH_QUANTITY_MAX, '数量太大了')),
    condition: z.enum(RECEIVED_CONDITIONS, '请选择物品状况'),
    note: optionalText(TEXT_LIMITS.note, true),
  })
  .check(
    z.refine((b) => b.condition === 'good' || Boolean(b.note), {
      message: '请写明有什么问题，爱心人士会看到',
      path: ['note'],
    }),
  );
export type ReceiveBody = z.input<typeof receiveBodySchema>;

export const handOverBodySchema = z.strictObject({
  photoIds: z.array(publicIdSchema).check(
    z.minLength(HANDOVER_PHOTOS_MIN, `请至少上传 ${HANDOVER_PHOTOS_MIN} 张转交照片`),
    z.maxLength(HANDOVER_PHOTOS_MAX, `最多 ${HANDOVER_PHOTOS_MAX} 张照片`),
    z.refine((ids) => new Set(ids).size === ids.length, '同一张照片不能重复添加'),
  ),
  note: optionalText(TEXT_LIMITS.note, true),
});
export type HandOverBody = z.input<typeof handOverBodySchema>;

export const thankYouBodySchema = z.strictObject({
  text: paragraphText(TEXT_LIMITS.thankYou, '请写下孩子想说的话'),
  /** A photo of the child's drawing or letter (purpose `thank_you`), optional. */
  photoId: z.optional(z.nullable(publicIdSchema)),
});
export type ThankYouBody = z.input<typeof thankYouBodySchema>;

const claimEvents = Object.keys(CLAIM_TRANSITIONS) as [ClaimEvent, ...ClaimEvent[]];

/** A claim as its donor and the organization's staff see it. */
export const claimSchema = z.object({
  id: publicIdSchema,
  wish: z.object({
    id: publicIdSchema,
    title: z.string(),
    pseudonym: z.string(),
    kind: z.enum(WISH_KINDS),
    urgency: z.enum(URGENCY_LEVELS),
    quantity: z.int(),
    estimatedValueFen: z.int(),
    shares: z.int(),
    status: z.enum(WISH_STATUSES),
  }),
  /** Shares this claim holds, and their value in fen. */
  shares: z.int(),
  valueFen: z.int(),
  stage: z.enum(CLAIM_STAGES),
  claimedAt: isoDateTimeSchema,
  deadlineAt: isoDateTimeSchema,
  endedAt: z.nullable(isoDateTimeSchema),
  shipping: z.nullable(
    z.object({
      mode: z.enum(SHIPPING_MODES),
      carrier: z.nullable(z.string()),
      trackingNumber: z.nullable(z.string()),
    }),
  ),
  /** Where to send or bring the gift: a public place of the organization, never a home. */
  handoverSite: z.object({
    name: z.string(),
    town: z.string(),
    organization: z.string(),
    address: z.nullable(z.string()),
    contactPhone: z.nullable(z.string()),
  }),
  /**
   * Shares paid for online (WeChat Pay): the organization has the money and buys the gift, so the
   * donor sends nothing; the claim starts at `received`.
   */
  paidOnline: z.boolean(),
  /** The steps the viewer may take now (buttons). */
  actions: z.array(z.enum(claimEvents)),
  /** The donor's name and phone: only staff of the organization see them. */
  donor: z.nullable(z.object({ name: z.string(), phone: z.nullable(z.string()) })),
});
export type Claim = z.infer<typeof claimSchema>;

/** One step of the timeline. Steps of the whole wish (hand-over, thank-you) have no claim. */
export const timelineEntrySchema = z.object({
  kind: z.enum(CLAIM_STAGES),
  at: isoDateTimeSchema,
  by: z.enum(['donor', 'staff', 'system']),
  /** The claim a step belongs to (null for steps of the whole wish). */
  claimId: z.nullable(publicIdSchema),
  shares: z.nullable(z.int()),
  shippingMode: z.nullable(z.enum(SHIPPING_MODES)),
  carrier: z.nullable(z.string()),
  trackingNumber: z.nullable(z.string()),
  quantity: z.nullable(z.int()),
  condition: z.nullable(z.enum(RECEIVED_CONDITIONS)),
  note: z.nullable(z.string()),
  text: z.nullable(z.string()),
  photos: z.array(photoSchema),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const claimDetailSchema = z.object({
  ...claimSchema.shape,
  timeline: z.array(timelineEntrySchema),
});
export type ClaimDetail = z.infer<typeof claimDetailSchema>;

/** "我的认领": what is still under way, or what has finished (handed over, withdrawn, released). */
export const myClaimsQuerySchema = z.extend(pageQuerySchema, {
  state: z._default(z.enum(['active', 'done'], '没有这种筛选'), 'active'),
});
export const claimPageSchema = pageOf(claimSchema);
export type ClaimPage = z.infer<typeof claimPageSchema>;

/** Staff: claims of the organization's wishes in the member's region, by stage. */
export const staffClaimsQuerySchema = z.extend(pageQuerySchema, {
  stage: z._default(z.enum(['incoming', 'received', 'problem', 'done', 'all'], '没有这种筛选'), 'incoming'),
});

/** Staff: a wish's fulfilment at once — its claims, its timeline, and what can be done next. */
export const wishFulfilmentSchema = z.object({
  wish: claimSchema.shape.wish,
  sharesTaken: z.int(),
  claims: z.array(claimSchema),
  timeline: z.array(timelineEntrySchema),
  canHandOver: z.boolean(),
  canThank: z.boolean(),
});
export type WishFulfilment = z.infer<typeof wishFulfilmentSchema>;

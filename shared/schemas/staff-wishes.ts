import * as z from 'zod/mini';
import {
  CONTENT_CHECKS,
  DIFFICULTY_CATEGORIES,
  GENDERS,
  TEXT_LIMITS,
  URGENCY_LEVELS,
  WISH_KINDS,
  WISH_QUANTITY_MAX,
  WISH_SHARES_MAX,
  WISH_STATUSES,
  WISH_VALUE_MAX_FEN,
} from '../constants';
import { dateSchema } from './beneficiaries';
import { isoDateTimeSchema, pageOf, pageQuerySchema, publicIdSchema } from './common';
import { lineText, optionalText, paragraphText } from './text';

// Wishes as staff see and write them: caseworkers draft and submit, reviewers approve or return.

const valueFenSchema = z
  .int('预估金额必须是以分为单位的整数')
  .check(z.positive('预估金额必须大于 0'), z.maximum(WISH_VALUE_MAX_FEN, '单个心愿最多 10 万元'));

const wishFields = {
  title: lineText(TEXT_LIMITS.title, '请填写心愿标题'),
  description: paragraphText(TEXT_LIMITS.description, '请写几句心愿的说明'),
  kind: z.enum(WISH_KINDS, '请选择心愿类型'),
  quantity: z
    .int('数量必须是整数')
    .check(z.positive('数量至少为 1'), z.maximum(WISH_QUANTITY_MAX, `数量最多 ${WISH_QUANTITY_MAX}`)),
  estimatedValueFen: valueFenSchema,
  shares: z
    .int('份数必须是整数')
    .check(z.positive('份数至少为 1'), z.maximum(WISH_SHARES_MAX, `最多拆成 ${WISH_SHARES_MAX} 份`)),
  handoverSiteId: publicIdSchema,
  campaignId: z.optional(z.nullable(publicIdSchema)),
};

export const createWishBodySchema = z.strictObject(wishFields);
export type CreateWishBody = z.input<typeof createWishBodySchema>;
export type CreateWishInput = z.output<typeof createWishBodySchema>;

export const updateWishBodySchema = z.strictObject({
  version: z.int().check(z.positive()),
  ...z.partial(z.object(wishFields)).shape,
});
export type UpdateWishBody = z.input<typeof updateWishBodySchema>;
export type UpdateWishInput = z.output<typeof updateWishBodySchema>;

export const returnWishBodySchema = z.strictObject({
  reason: lineText(TEXT_LIMITS.reason, '请写明退回的原因，方便社工修改'),
});
export const cancelWishBodySchema = z.strictObject({
  reason: z.optional(lineText(TEXT_LIMITS.reason)),
});

const placeSchema = z.object({ id: publicIdSchema, name: z.string() });

/** A wish as its caseworkers and reviewers see it (still no restricted field of the file). */
export const staffWishSchema = z.object({
  id: publicIdSchema,
  status: z.enum(WISH_STATUSES),
  title: z.string(),
  description: z.string(),
  kind: z.enum(WISH_KINDS),
  quantity: z.int(),
  estimatedValueFen: z.int(),
  shares: z.int(),
  beneficiary: z.object({
    id: publicIdSchema,
    pseudonym: z.string(),
    age: z.int(),
    gender: z.enum(GENDERS),
    category: z.enum(DIFFICULTY_CATEGORIES),
    urgency: z.enum(URGENCY_LEVELS),
    story: z.nullable(z.string()),
    consentGiven: z.boolean(),
  }),
  region: placeSchema,
  town: placeSchema,
  handoverSite: placeSchema,
  campaign: z.nullable(z.object({ id: publicIdSchema, title: z.string(), endsOn: z.string() })),
  /** What WeChat's automatic check said at submission; `review` asks the reviewer to look closely. */
  contentCheck: z.nullable(z.enum(CONTENT_CHECKS)),
  returnReason: z.nullable(z.string()),
  createdBy: z.string(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  submittedAt: z.nullable(isoDateTimeSchema),
  reviewedAt: z.nullable(isoDateTimeSchema),
  publishedAt: z.nullable(isoDateTimeSchema),
  version: z.int(),
});
export type StaffWish = z.infer<typeof staffWishSchema>;

export const staffWishListQuerySchema = z.extend(pageQuerySchema, {
  status: z.optional(z.enum(WISH_STATUSES, '没有这个状态')),
  beneficiaryId: z.optional(publicIdSchema),
});
export type StaffWishListQuery = z.input<typeof staffWishListQuerySchema>;
export const staffWishPageSchema = pageOf(staffWishSchema);
export const reviewQueueQuerySchema = pageQuerySchema;

/** Where gifts are handed over: an organization's sites (儿童之家, 未保站, the office). */
export const handoverSiteSchema = z.object({
  id: publicIdSchema,
  name: z.string(),
  region: placeSchema,
  /** Where donors send or bring gifts, and the site's office phone: shown to a claiming donor. */
  address: z.nullable(z.string()),
  contactPhone: z.nullable(z.string()),
});
export type HandoverSite = z.infer<typeof handoverSiteSchema>;
export const handoverSiteListSchema = z.object({ items: z.array(handoverSiteSchema) });
export const createHandoverSiteBodySchema = z.strictObject({
  name: lineText(TEXT_LIMITS.siteName, '请填写转交点名称，如 上坑村儿童之家'),
  regionId: publicIdSchema,
  address: optionalText(TEXT_LIMITS.siteAddress),
  contactPhone: z.optional(
    z.nullable(
      z.pipe(
        z.string().check(z.trim(), z.regex(/^(|[0-9][0-9-]{6,19})$/, '请填写办公电话，如 0599-6210001')),
        z.transform((s: string) => (s === '' ? null : s)),
      ),
    ),
  ),
});
export type CreateHandoverSiteBody = z.input<typeof createHandoverSiteBodySchema>;

/** A campaign (活动) as its organization's staff see it. */
export const campaignSchema = z.object({
  id: publicIdSchema,
  title: z.string(),
  description: z.nullable(z.string()),
  startsOn: z.string(),
  endsOn: z.string(),
  targetWishCount: z.int(),
  /** Wishes of the campaign that are published or further along. */
  publishedWishes: z.int(),
  state: z.enum(['upcoming', 'running', 'ended']),
});
export type Campaign = z.infer<typeof campaignSchema>;
export const campaignListSchema = z.object({ items: z.array(campaignSchema) });
export const createCampaignBodySchema = z.strictObject({
  title: lineText(TEXT_LIMITS.campaignTitle, '请填写活动主题'),
  description: z.optional(z.nullable(paragraphText(TEXT_LIMITS.campaignDescription))),
  startsOn: dateSchema,
  endsOn: dateSchema,
  targetWishCount: z
    .int('目标心愿数必须是整数')
    .check(z.positive('目标心愿数至少为 1'), z.maximum(100_000, '目标心愿数太大了')),
});
export type CreateCampaignBody = z.input<typeof createCampaignBodySchema>;
export type CreateCampaignInput = z.output<typeof createCampaignBodySchema>;

/** Privacy problems found in a wish's public text, per field (422 PRIVACY_FINDINGS details). */
export const privacyFindingsDetailSchema = z.array(
  z.object({
    field: z.string(),
    kind: z.string(),
    start: z.int(),
    end: z.int(),
    text: z.string(),
    message: z.string(),
  }),
);

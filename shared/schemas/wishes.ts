import * as z from 'zod/mini';
import {
  DIFFICULTY_CATEGORIES,
  GENDERS,
  PUBLIC_WISH_STATUSES,
  URGENCY_LEVELS,
  WISH_KINDS,
  WISH_SORTS,
  WISH_VALUE_MAX_FEN,
} from '../constants';
import { amountFenSchema, isoDateTimeSchema, pageOf, pageQuerySchema, publicIdSchema } from './common';

/**
 * An age as the public sees it: exact (min = max) or, when too few children of that town, age and
 * gender have published wishes to hide among, a band such as 6–9.
 */
export const publicAgeSchema = z.object({ min: z.int(), max: z.int() });
export type PublicAge = z.infer<typeof publicAgeSchema>;

/**
 * What anyone may see of a wish in the public feed. This is an allow-list: the server
 * serializes through it, so a field that is not named here never leaves the server.
 */
export const publicWishCardSchema = z.object({
  id: publicIdSchema,
  title: z.string(),
  kind: z.enum(WISH_KINDS),
  pseudonym: z.string(),
  age: publicAgeSchema,
  gender: z.enum(GENDERS),
  category: z.enum(DIFFICULTY_CATEGORIES),
  urgency: z.enum(URGENCY_LEVELS),
  estimatedValueFen: amountFenSchema,
  /** 1 for a single-donor wish; N when it is split into N equal shares. */
  shares: z.int(),
  sharesLeft: z.int(),
  town: z.string(),
  campaign: z.nullable(z.object({ id: publicIdSchema, title: z.string() })),
  status: z.enum(PUBLIC_WISH_STATUSES),
  publishedAt: isoDateTimeSchema,
});
export type PublicWishCard = z.infer<typeof publicWishCardSchema>;

/** The public detail page: the card plus the wish's description and (consent permitting) the story. */
export const publicWishDetailSchema = z.object({
  ...publicWishCardSchema.shape,
  description: z.string(),
  quantity: z.int(),
  /** The child's public story, only when the guardian agreed to publish it. */
  story: z.nullable(z.string()),
  /** Where the gift is handed over: the organization and its town — never a home address. */
  handover: z.object({ organization: z.string(), town: z.string() }),
  /** When the wish was fully claimed, handed over, and confirmed by its donors (dates only). */
  progress: z.object({
    claimedAt: z.nullable(isoDateTimeSchema),
    deliveredAt: z.nullable(isoDateTimeSchema),
    confirmedAt: z.nullable(isoDateTimeSchema),
  }),
});
export type PublicWishDetail = z.infer<typeof publicWishDetailSchema>;

/** `a,b,c` in a query string → a list of known values (unknown ones are refused, not ignored). */
function listOf<T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.optional(
    z.pipe(
      z.string().check(z.maxLength(200)),
      z.pipe(
        z.transform((s: string) => s.split(',').filter((v) => v !== '')),
        z.array(z.enum(values, message)).check(z.minLength(1, message)),
      ),
    ),
  );
}

const valueFenQuery = (label: string) =>
  z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,9}$/, `${label}必须是以分为单位的整数`)),
      z.pipe(z.transform(Number), z.int().check(z.maximum(WISH_VALUE_MAX_FEN, `${label}太大了`))),
    ),
  );

/** The donor feed's filters and order. Repeated parameters and unknown values are refused (400). */
export const wishFeedQuerySchema = z.extend(pageQuerySchema, {
  /** A region's public id: wishes in it or anywhere below it. */
  region: z.optional(publicIdSchema),
  category: listOf(DIFFICULTY_CATEGORIES, '没有这个困境类别'),
  urgency: listOf(URGENCY_LEVELS, '没有这个紧急程度'),
  kind: z.optional(z.enum(WISH_KINDS, '没有这种心愿类型')),
  campaign: z.optional(publicIdSchema),
  minValueFen: valueFenQuery('最低金额'),
  maxValueFen: valueFenQuery('最高金额'),
  sort: z._default(z.enum(WISH_SORTS, '没有这种排序方式'), 'urgent'),
});
export type WishFeedQuery = z.input<typeof wishFeedQuerySchema>;
export type WishFeedFilters = z.output<typeof wishFeedQuerySchema>;

export const wishFeedPageSchema = pageOf(publicWishCardSchema);
export type WishFeedPage = z.infer<typeof wishFeedPageSchema>;

export const wishParamsSchema = z.strictObject({ wishId: publicIdSchema });

/** Campaigns donors can filter by: those running now or about to start. */
export const publicCampaignSchema = z.object({
  id: publicIdSchema,
  title: z.string(),
  organization: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
});
export type PublicCampaign = z.infer<typeof publicCampaignSchema>;
export const publicCampaignListSchema = z.object({ items: z.array(publicCampaignSchema) });

/** Towns donors can filter the feed by: those with wishes waiting, and how many. */
export const wishTownListSchema = z.object({
  items: z.array(z.object({ id: publicIdSchema, name: z.string(), wishes: z.int() })),
});
export type WishTown = z.infer<typeof wishTownListSchema>['items'][number];

import * as z from 'zod/mini';
import { URGENCY_LEVELS, WISH_STATUSES } from '../constants';
import { dateSchema } from './beneficiaries';
import { isoDateTimeSchema, publicIdSchema } from './common';
import { fundsSchema } from './ledger';

// The charity dashboard (机构看板) and the wishes finance may buy for.

/**
 * `?from=&to=&campaignId=`: a period of China calendar dates, both days included (either end may
 * be left open), and optionally one campaign.
 */
export const dashboardQuerySchema = z
  .object({
    from: z.optional(dateSchema),
    to: z.optional(dateSchema),
    campaignId: z.optional(publicIdSchema),
  })
  .check(
    z.refine((q) => !q.from || !q.to || q.from <= q.to, {
      message: '开始日期不能晚于结束日期',
      path: ['to'],
    }),
  );
export type DashboardQuery = z.output<typeof dashboardQuerySchema>;

const urgencySchema = z.enum(URGENCY_LEVELS);

/**
 * How fast the wishes of one urgency published in the period were claimed and delivered, counted
 * from publication. The service promise: handed over within `promiseHours` of publication (red 48 h).
 */
const urgencyTimingSchema = z.object({
  urgency: urgencySchema,
  promiseHours: z.int(),
  /** Wishes fully claimed, and the median hours from publication to the last share claimed. */
  claimed: z.int(),
  medianClaimHours: z.nullable(z.number()),
  /** Wishes handed over, and the median hours from publication to hand-over. */
  delivered: z.int(),
  medianDeliverHours: z.nullable(z.number()),
  /** Wishes whose promise is decided: handed over, or still waiting past the promise. */
  promiseDue: z.int(),
  /** Of those, handed over within the promise. */
  promiseMet: z.int(),
});
export type UrgencyTiming = z.infer<typeof urgencyTimingSchema>;

/** A claim past its deadline with the gift not yet on its way, and who to call about it. */
const overdueClaimSchema = z.object({
  claimId: z.string(),
  wish: z.object({
    /** The wish's fulfilment page is `/caseworker/fulfilment/index?id=<id>`. */
    id: z.string(),
    title: z.string(),
    pseudonym: z.string(),
    urgency: urgencySchema,
  }),
  stage: z.enum(['claimed', 'purchased', 'problem']),
  shares: z.int(),
  claimedAt: isoDateTimeSchema,
  deadlineAt: isoDateTimeSchema,
  /** Staff only, as on staff claim views: the donor's name and phone to call. */
  donor: z.object({ name: z.nullable(z.string()), phone: z.nullable(z.string()) }),
});
export type OverdueClaim = z.infer<typeof overdueClaimSchema>;

export const dashboardSchema = z.object({
  period: z.object({ from: z.nullable(z.string()), to: z.nullable(z.string()) }),
  campaign: z.nullable(z.object({ id: z.string(), title: z.string() })),
  generatedAt: isoDateTimeSchema,
  /** Published wishes still waiting (not expired) now, by urgency, most urgent first. */
  openWishes: z.array(z.object({ urgency: urgencySchema, count: z.int(), shares: z.int() })),
  /** Over wishes published in the period: shares claimed of shares published. */
  claimRate: z.object({
    wishes: z.int(),
    publishedShares: z.int(),
    claimedShares: z.int(),
    /** claimed / published, 0–1; null when nothing was published. */
    rate: z.nullable(z.number()),
  }),
  timing: z.array(urgencyTimingSchema),
  overdueClaims: z.array(overdueClaimSchema),
  /** Fund balances now; null when the viewer does not keep or read the books. */
  funds: z.nullable(fundsSchema.shape.funds),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** A wish finance may record a purchase for: published or claimed, of the current organization. */
export const purchasableWishSchema = z.object({
  id: z.string(),
  title: z.string(),
  pseudonym: z.string(),
  urgency: urgencySchema,
  status: z.enum(WISH_STATUSES),
  estimatedValueFen: z.int(),
  campaign: z.nullable(z.object({ id: z.string(), title: z.string() })),
});
export type PurchasableWish = z.infer<typeof purchasableWishSchema>;
export const purchasableWishesSchema = z.object({ items: z.array(purchasableWishSchema) });

import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNull,
  lte,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { z } from 'zod';
import type { WishSort } from '../../../shared/constants';
import type { WishFeedFilters, WishFeedPage } from '../../../shared/schemas/wishes';
import type { Db } from '../../db/client';
import { campaigns, regions, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import { cursorId, cursorInt, cursorTime, decodeCursor, keysetPage } from '../../cursor';
import { pathWithin } from '../access/staff-scope';
import { publicWishCard, type PublicWishRow } from './public-wish-card';
import { publicAges } from './reidentification';

/**
 * Each feed order: its ORDER BY, how a row becomes a cursor, and the keyset condition that
 * continues after a cursor. Every order ends on the public id, so positions are total.
 */
export const FEED_ORDERS: Record<
  WishSort,
  {
    orderBy: SQL[];
    cursor: (r: PublicWishRow) => (string | number)[];
    shape: z.ZodTuple;
    after: (c: unknown[]) => SQL;
  }
> = {
  urgent: {
    orderBy: [asc(wishes.urgencyRank), asc(wishes.publishedAt), asc(wishes.publicId)],
    cursor: (r) => [r.urgencyRank, r.publishedAt ?? 0, r.publicId],
    shape: z.tuple([cursorInt.max(9), cursorTime, cursorId]),
    after: ([a, b, c]) =>
      sql`(${wishes.urgencyRank}, ${wishes.publishedAt}, ${wishes.publicId}) > (${a}, ${b}, ${c})`,
  },
  newest: {
    orderBy: [desc(wishes.publishedAt), desc(wishes.publicId)],
    cursor: (r) => [r.publishedAt ?? 0, r.publicId],
    shape: z.tuple([cursorTime, cursorId]),
    after: ([a, b]) => sql`(${wishes.publishedAt}, ${wishes.publicId}) < (${a}, ${b})`,
  },
  value_asc: {
    orderBy: [asc(wishes.estimatedValueFen), asc(wishes.publicId)],
    cursor: (r) => [r.estimatedValueFen, r.publicId],
    shape: z.tuple([cursorInt, cursorId]),
    after: ([a, b]) => sql`(${wishes.estimatedValueFen}, ${wishes.publicId}) > (${a}, ${b})`,
  },
  value_desc: {
    orderBy: [desc(wishes.estimatedValueFen), desc(wishes.publicId)],
    cursor: (r) => [r.estimatedValueFen, r.publicId],
    shape: z.tuple([cursorInt, cursorId]),
    after: ([a, b]) => sql`(${wishes.estimatedValueFen}, ${wishes.publicId}) < (${a}, ${b})`,
  },
};

/**
 * The donor feed: published wishes that have not expired, filtered, in one of four orders, with
 * keyset pagination — page 500 costs what page 1 costs. The cursor names its order, so a cursor
 * from one order cannot be replayed against another.
 */
export function listPublishedWishes(db: Db, filters: WishFeedFilters, now: number): WishFeedPage {
  const order = FEED_ORDERS[filters.sort];
  const after = filters.cursor
    ? (decodeCursor(
        filters.cursor,
        z.tuple([z.literal(filters.sort), ...order.shape.def.items] as never),
      ) as unknown[])
    : undefined;
  const rows = feedQuery(db, filters, now, after ? order.after(after.slice(1)) : undefined)
    .limit(filters.limit + 1)
    .all();

  const { page, nextCursor } = keysetPage(rows, filters.limit, (r) => [filters.sort, ...order.cursor(r)]);
  const ageOf = publicAges(db, page);
  return { items: page.map((r) => publicWishCard(r, ageOf(r))), nextCursor };
}

/** The feed's query, on its own so a test can check which index SQLite walks. */
export function feedQuery(db: Db, filters: Omit<WishFeedFilters, 'limit'>, now: number, after?: SQL) {
  return db
    .select({
      ...getTableColumns(wishes),
      townName: regions.name,
      campaignPublicId: campaigns.publicId,
      campaignTitle: campaigns.title,
    })
    .from(wishes)
    .innerJoin(regions, eq(regions.id, wishes.townId))
    .leftJoin(campaigns, eq(campaigns.id, wishes.campaignId))
    .where(and(eq(wishes.status, 'published'), ...filterConditions(db, filters, now), after))
    .orderBy(...FEED_ORDERS[filters.sort].orderBy);
}

function filterConditions(db: Db, f: Omit<WishFeedFilters, 'limit'>, now: number): (SQL | undefined)[] {
  let regionPath: string | undefined;
  if (f.region) {
    regionPath = db
      .select({ path: regions.path })
      .from(regions)
      .where(eq(regions.publicId, f.region))
      .get()?.path;
    if (!regionPath) throw new AppError('REGION_NOT_FOUND');
  }
  let campaignId: number | undefined;
  if (f.campaign) {
    campaignId = db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.publicId, f.campaign))
      .get()?.id;
    if (campaignId === undefined) throw new AppError('CAMPAIGN_NOT_FOUND');
  }
  return [
    or(isNull(wishes.expiresAt), sql`${wishes.expiresAt} > ${now}`),
    regionPath === undefined ? undefined : sql`(${pathWithin(wishes.regionPath, [regionPath])})`,
    f.category ? inArray(wishes.category, f.category) : undefined,
    f.urgency ? inArray(wishes.urgency, f.urgency) : undefined,
    f.kind ? eq(wishes.kind, f.kind) : undefined,
    campaignId === undefined ? undefined : eq(wishes.campaignId, campaignId),
    f.minValueFen === undefined ? undefined : gte(wishes.estimatedValueFen, f.minValueFen),
    f.maxValueFen === undefined ? undefined : lte(wishes.estimatedValueFen, f.maxValueFen),
  ];
}

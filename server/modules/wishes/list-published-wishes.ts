import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNull,
  lte,
  or,
  sql,
  type Placeholder,
  type SQL,
} from 'drizzle-orm';
import { z } from 'zod';
import type { WishSort } from '../../../shared/constants';
import type { WishFeedFilters, WishFeedPage } from '../../../shared/schemas/wishes';
import type { Db } from '../../db/client';
import { campaigns, regions, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import { cursorId, cursorInt, cursorTime, decodeCursor, keysetPage } from '../../cursor';
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

/** The filters a request uses, by position: the feed's query has one compiled form per shape. */
type V<T> = T | Placeholder;
type Item<K extends keyof WishFeedFilters> = NonNullable<WishFeedFilters[K]>;
interface FeedValues {
  now: V<number>;
  regionPath?: V<string> | undefined;
  category?: V<Item<'category'>[number]>[] | undefined;
  urgency?: V<Item<'urgency'>[number]>[] | undefined;
  kind?: V<Item<'kind'>> | undefined;
  campaignId?: V<number> | undefined;
  minValueFen?: V<number> | undefined;
  maxValueFen?: V<number> | undefined;
}

/**
 * The donor feed: published wishes that have not expired, filtered, in one of four orders, with
 * keyset pagination — page 500 costs what page 1 costs. The cursor names its order, so a cursor
 * from one order cannot be replayed against another. The query is compiled once per connection
 * and shape of request (which filters, a cursor or not) and run with this request's values.
 */
export function listPublishedWishes(db: Db, filters: WishFeedFilters, now: number): WishFeedPage {
  const order = FEED_ORDERS[filters.sort];
  const after = filters.cursor
    ? (
        decodeCursor(
          filters.cursor,
          z.tuple([z.literal(filters.sort), ...order.shape.def.items] as never),
        ) as unknown[]
      ).slice(1)
    : undefined;
  const values: FeedValues = { now, ...resolveFilters(db, filters) };
  const params: Record<string, unknown> = { limit: filters.limit + 1 };
  const placeholders = placeholdersFor(values, params);
  after?.forEach((v, i) => (params[`after${i}`] = v));
  const shape = JSON.stringify([
    filters.sort,
    after?.length ?? 0,
    ...Object.entries(placeholders).map(([k, v]) => `${k}:${Array.isArray(v) ? v.length : 1}`),
  ]);
  const rows = compiledFeed(db, shape, () =>
    feedSelect(
      db,
      filters.sort,
      placeholders,
      after ? order.after(after.map((_, i) => sql.placeholder(`after${i}`))) : undefined,
    )
      .limit(sql.placeholder('limit'))
      .prepare(),
  ).all(params);

  const { page, nextCursor } = keysetPage(rows, filters.limit, (r) => [filters.sort, ...order.cursor(r)]);
  const ageOf = publicAges(db, page);
  return { items: page.map((r) => publicWishCard(r, ageOf(r))), nextCursor };
}

/** The feed's query with the values inline, on its own so a test can check which index SQLite walks. */
export function feedQuery(db: Db, filters: Omit<WishFeedFilters, 'limit'>, now: number, after?: SQL) {
  return feedSelect(db, filters.sort, { now, ...resolveFilters(db, filters) }, after);
}

/** The columns a feed card needs (reading all of a wish's would double the query's cost). */
const CARD_COLUMNS = {
  publicId: wishes.publicId,
  title: wishes.title,
  kind: wishes.kind,
  pseudonym: wishes.pseudonym,
  age: wishes.age,
  gender: wishes.gender,
  category: wishes.category,
  urgency: wishes.urgency,
  urgencyRank: wishes.urgencyRank,
  estimatedValueFen: wishes.estimatedValueFen,
  shares: wishes.shares,
  sharesTaken: wishes.sharesTaken,
  townId: wishes.townId,
  status: wishes.status,
  publishedAt: wishes.publishedAt,
  createdAt: wishes.createdAt,
  townName: regions.name,
  campaignPublicId: campaigns.publicId,
  campaignTitle: campaigns.title,
} satisfies Record<keyof PublicWishRow, unknown>;

function feedSelect(db: Db, sort: WishSort, v: FeedValues, after?: SQL) {
  return db
    .select(CARD_COLUMNS)
    .from(wishes)
    .innerJoin(regions, eq(regions.id, wishes.townId))
    .leftJoin(campaigns, eq(campaigns.id, wishes.campaignId))
    .where(and(eq(wishes.status, 'published'), ...feedConditions(v), after))
    .orderBy(...FEED_ORDERS[sort].orderBy);
}

function feedConditions(v: FeedValues): (SQL | undefined)[] {
  return [
    or(isNull(wishes.expiresAt), sql`${wishes.expiresAt} > ${v.now}`),
    // The file's region path starts with the region's (a prefix: the region or anywhere below it).
    v.regionPath === undefined
      ? undefined
      : sql`substr(${wishes.regionPath}, 1, length(${v.regionPath})) = ${v.regionPath}`,
    v.category ? inArray(wishes.category, v.category) : undefined,
    v.urgency ? inArray(wishes.urgency, v.urgency) : undefined,
    v.kind === undefined ? undefined : eq(wishes.kind, v.kind),
    v.campaignId === undefined ? undefined : eq(wishes.campaignId, v.campaignId),
    v.minValueFen === undefined ? undefined : gte(wishes.estimatedValueFen, v.minValueFen),
    v.maxValueFen === undefined ? undefined : lte(wishes.estimatedValueFen, v.maxValueFen),
  ];
}

/** Each value of `values` as a named placeholder (arrays item by item), its value put in `params`. */
function placeholdersFor(values: FeedValues, params: Record<string, unknown>): FeedValues {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      out[k] = v.map((item, i) => {
        params[`${k}${i}`] = item;
        return sql.placeholder(`${k}${i}`);
      });
    } else {
      params[k] = v;
      out[k] = sql.placeholder(k);
    }
  }
  return out as unknown as FeedValues;
}

type CompiledFeed = { all(params: Record<string, unknown>): PublicWishRow[] };
const compiledFeeds = new WeakMap<Db, Map<string, CompiledFeed>>();
/** Shapes are few (sorts × filters used); a bound keeps odd requests from growing it forever. */
const MAX_FEED_SHAPES = 256;

function compiledFeed(db: Db, shape: string, compile: () => CompiledFeed): CompiledFeed {
  let byShape = compiledFeeds.get(db);
  if (!byShape) compiledFeeds.set(db, (byShape = new Map()));
  let feed = byShape.get(shape);
  if (!feed) {
    if (byShape.size >= MAX_FEED_SHAPES) byShape.clear();
    feed = compile();
    byShape.set(shape, feed);
  }
  return feed;
}

/** The region's path and the campaign's id a request filters by (404 when they do not exist). */
function resolveFilters(db: Db, f: Omit<WishFeedFilters, 'limit'>): Omit<FeedValues, 'now'> {
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
  return {
    regionPath,
    category: f.category,
    urgency: f.urgency,
    kind: f.kind,
    campaignId,
    minValueFen: f.minValueFen,
    maxValueFen: f.maxValueFen,
  };
}

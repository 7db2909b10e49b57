import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { WishFeedPage } from '../../../shared/schemas/wishes';
import type { Db } from '../../db/client';
import { regions, wishes } from '../../db/schema';
import { decodeFeedCursor, encodeFeedCursor, type FeedPosition } from './feed-cursor';
import { publicWishCard } from './public-wish-card';

export interface ListPublishedWishesInput {
  limit: number;
  cursor?: string | undefined;
}

/**
 * The donor feed: published wishes, most urgent first, then those waiting longest.
 * Keyset pagination on the feed index, so page 500 costs what page 1 costs.
 */
export function listPublishedWishes(db: Db, input: ListPublishedWishesInput): WishFeedPage {
  const after = input.cursor === undefined ? undefined : decodeFeedCursor(input.cursor);
  const rows = feedQuery(db, after, input.limit + 1).all();

  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > input.limit && last
      ? encodeFeedCursor({
          urgencyRank: last.urgencyRank,
          publishedAt: last.publishedAt ?? 0,
          publicId: last.publicId,
        })
      : null;
  return { items: page.map(publicWishCard), nextCursor };
}

/** The feed's query, on its own so a test can check that SQLite walks the feed index. */
export function feedQuery(db: Db, after: FeedPosition | undefined, limit: number) {
  return db
    .select({ ...getTableColumns(wishes), townName: regions.name })
    .from(wishes)
    .innerJoin(regions, eq(regions.id, wishes.townId))
    .where(
      and(
        eq(wishes.status, 'published'),
        after &&
          sql`(${wishes.urgencyRank}, ${wishes.publishedAt}, ${wishes.publicId}) > (${after.urgencyRank}, ${after.publishedAt}, ${after.publicId})`,
      ),
    )
    .orderBy(asc(wishes.urgencyRank), asc(wishes.publishedAt), asc(wishes.publicId))
    .limit(limit);
}

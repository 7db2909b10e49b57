import { and, asc, count, eq, isNull, or, sql } from 'drizzle-orm';
import type { WishTown } from '../../../shared/schemas/wishes';
import type { Db } from '../../db/client';
import { regions, wishes } from '../../db/schema';

/** Towns with published, unexpired wishes, by name, with how many each has (for the feed's filter). */
export function listWishTowns(db: Db, now: number): { items: WishTown[] } {
  const rows = db
    .select({ id: regions.publicId, name: regions.name, wishes: count() })
    .from(wishes)
    .innerJoin(regions, eq(regions.id, wishes.townId))
    .where(
      and(eq(wishes.status, 'published'), or(isNull(wishes.expiresAt), sql`${wishes.expiresAt} > ${now}`)),
    )
    .groupBy(regions.id)
    .orderBy(asc(regions.name))
    .all();
  return { items: rows };
}

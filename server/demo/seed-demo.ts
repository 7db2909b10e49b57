import { count } from 'drizzle-orm';
import type { Db } from '../db/client';
import { regions, wishes } from '../db/schema';
import { newPublicId } from '../ids';
import { DEMO_COUNTY, DEMO_TOWNS } from './regions';
import { DEMO_WISHES } from './wishes';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Loads the demo region tree and wishes into an empty database, all in one transaction.
 * Returns false (and writes nothing) when the database already has data.
 */
export function seedDemoData(db: Db, now: number): boolean {
  return db.transaction(
    (tx) => {
      const existing = tx.select({ n: count() }).from(regions).get();
      if ((existing?.n ?? 0) > 0) return false;

      const county = tx
        .insert(regions)
        .values({ publicId: newPublicId(), level: 'county', name: DEMO_COUNTY })
        .returning({ id: regions.id })
        .get();
      const townIds = new Map<string, number>();
      for (const [town, villages] of Object.entries(DEMO_TOWNS)) {
        const { id } = tx
          .insert(regions)
          .values({ publicId: newPublicId(), parentId: county.id, level: 'town', name: town })
          .returning({ id: regions.id })
          .get();
        townIds.set(town, id);
        tx.insert(regions)
          .values(
            villages.map((name) => ({
              publicId: newPublicId(),
              parentId: id,
              level: 'village' as const,
              name,
            })),
          )
          .run();
      }

      tx.insert(wishes)
        .values(
          DEMO_WISHES.map((w, i) => {
            const townId = townIds.get(w.town);
            if (townId === undefined) throw new Error(`demo wish in unknown town ${w.town}`);
            // Spread within the day too, so no two wishes share a publication time.
            const publishedAt = now - w.waitedDays * DAY_MS - (i % 12) * HOUR_MS - i * 60_000;
            const status = w.status ?? 'published';
            return {
              publicId: newPublicId(),
              title: w.title,
              pseudonym: w.pseudonym,
              age: w.age,
              gender: w.gender,
              category: w.category,
              urgency: w.urgency,
              estimatedValueFen: w.valueFen,
              townId,
              status,
              createdAt: publishedAt - 2 * DAY_MS,
              publishedAt: status === 'draft' || status === 'in_review' ? null : publishedAt,
            };
          }),
        )
        .run();
      return true;
    },
    { behavior: 'immediate' },
  );
}

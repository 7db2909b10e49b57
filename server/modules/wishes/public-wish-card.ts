import type { PublicWishCard } from '../../../shared/schemas/wishes';
import type { wishes } from '../../db/schema';

type WishRow = typeof wishes.$inferSelect;

/**
 * A wish row as the public may see it. The response schema is the real allow-list; this
 * only reshapes (ids, ISO dates, the town's name).
 */
export function publicWishCard(row: WishRow & { townName: string }): PublicWishCard {
  return {
    id: row.publicId,
    title: row.title,
    pseudonym: row.pseudonym,
    age: row.age,
    gender: row.gender,
    category: row.category,
    urgency: row.urgency,
    estimatedValueFen: row.estimatedValueFen,
    town: row.townName,
    status: row.status,
    createdAt: new Date(row.createdAt).toISOString(),
    publishedAt: new Date(row.publishedAt ?? row.createdAt).toISOString(),
  };
}

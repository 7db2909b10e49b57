import type { PublicWishCard } from '../../../shared/schemas/wishes';
import type { PUBLIC_WISH_STATUSES } from '../../../shared/constants';
import type { wishes } from '../../db/schema';

type WishRow = typeof wishes.$inferSelect;
/** What a card shows of a wish (and the feed's cursor and age guard read). */
export type PublicWishRow = Pick<
  WishRow,
  | 'publicId'
  | 'title'
  | 'kind'
  | 'pseudonym'
  | 'age'
  | 'gender'
  | 'category'
  | 'urgency'
  | 'urgencyRank'
  | 'estimatedValueFen'
  | 'shares'
  | 'sharesTaken'
  | 'townId'
  | 'status'
  | 'publishedAt'
  | 'createdAt'
> & {
  townName: string;
  campaignPublicId: string | null;
  campaignTitle: string | null;
};

/**
 * A wish row as the public may see it. The response schema is the real allow-list; this only
 * reshapes (ids, ISO dates, names) and takes the age already passed through the re-identification guard.
 */
export function publicWishCard(row: PublicWishRow, age: { min: number; max: number }): PublicWishCard {
  return {
    id: row.publicId,
    title: row.title,
    kind: row.kind,
    pseudonym: row.pseudonym,
    age,
    gender: row.gender,
    category: row.category,
    urgency: row.urgency,
    estimatedValueFen: row.estimatedValueFen,
    shares: row.shares,
    sharesLeft: row.shares - row.sharesTaken,
    town: row.townName,
    campaign:
      row.campaignPublicId && row.campaignTitle
        ? { id: row.campaignPublicId, title: row.campaignTitle }
        : null,
    status: row.status as (typeof PUBLIC_WISH_STATUSES)[number],
    publishedAt: new Date(row.publishedAt ?? row.createdAt).toISOString(),
  };
}

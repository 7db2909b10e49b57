import { and, eq, getTableColumns, inArray } from 'drizzle-orm';
import { PUBLIC_WISH_STATUSES } from '../../../shared/constants';
import type { PublicWishDetail } from '../../../shared/schemas/wishes';
import type { Db } from '../../db/client';
import { campaigns, organizations, regions, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import { consentInForce } from '../beneficiaries/find-file';
import { publicWishCard } from './public-wish-card';
import { publicAges } from './reidentification';

/**
 * A wish's public page. Only wishes the public may see (published or further along); the story
 * only while the guardian's consent to publish it is in force. Of its fulfilment, the public sees
 * the dates only: who claimed it, photos and notes stay with the donors and the organization.
 */
export function getPublicWish(db: Db, publicId: string): PublicWishDetail {
  const row = db
    .select({
      ...getTableColumns(wishes),
      townName: regions.name,
      campaignPublicId: campaigns.publicId,
      campaignTitle: campaigns.title,
      organization: organizations.name,
    })
    .from(wishes)
    .innerJoin(regions, eq(regions.id, wishes.townId))
    .innerJoin(organizations, eq(organizations.id, wishes.orgId))
    .leftJoin(campaigns, eq(campaigns.id, wishes.campaignId))
    .where(and(eq(wishes.publicId, publicId), inArray(wishes.status, PUBLIC_WISH_STATUSES)))
    .get();
  if (!row) throw new AppError('WISH_NOT_FOUND');
  const consent = consentInForce(db, row.beneficiaryId);
  return {
    ...publicWishCard(row, publicAges(db, [row])(row)),
    description: row.description,
    quantity: row.quantity,
    story: consent?.publishStory ? row.story : null,
    handover: { organization: row.organization, town: row.townName },
    progress: {
      claimedAt: isoOrNull(row.claimedAt),
      deliveredAt: isoOrNull(row.deliveredAt),
      confirmedAt: isoOrNull(row.confirmedAt),
    },
  };
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/tx';
import { campaigns, handoverSites } from '../../db/schema';
import { AppError } from '../../app-error';

/** A hand-over site of the wish's organization. */
export function siteOf(tx: Tx, orgId: number, publicId: string): number {
  const site = tx
    .select({ id: handoverSites.id })
    .from(handoverSites)
    .where(and(eq(handoverSites.publicId, publicId), eq(handoverSites.orgId, orgId)))
    .get();
  if (!site) throw new AppError('HANDOVER_SITE_NOT_FOUND');
  return site.id;
}

/** A campaign of the wish's organization that has not ended; its end becomes the wish's expiry. */
export function campaignOf(tx: Tx, orgId: number, publicId: string, now: number) {
  const campaign = tx
    .select({ id: campaigns.id, endsAt: campaigns.endsAt })
    .from(campaigns)
    .where(and(eq(campaigns.publicId, publicId), eq(campaigns.orgId, orgId)))
    .get();
  if (!campaign) throw new AppError('CAMPAIGN_NOT_FOUND');
  if (campaign.endsAt <= now) throw new AppError('CAMPAIGN_ENDED');
  return campaign;
}

/** A wish split into N shares must split into whole fen: each donor pays the same amount. */
export function assertEvenShares(valueFen: number, shares: number): void {
  if (valueFen % shares !== 0) throw new AppError('SHARES_UNEVEN');
}

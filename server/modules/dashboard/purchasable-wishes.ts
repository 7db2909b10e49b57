import { and, asc, eq, inArray } from 'drizzle-orm';
import type { UrgencyLevel } from '../../../shared/constants';
import type { PurchasableWish } from '../../../shared/schemas/dashboard';
import type { Db } from '../../db/client';
import { campaigns, wishes } from '../../db/schema';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import { currentOrgId } from '../access/staff-scope';
import type { RequestMeta } from '../audit/record-audit';

/** The same statuses record-purchase accepts. */
const PURCHASABLE = ['published', 'claimed'] as const;
const LIMIT = 200;

/**
 * Wishes of the current organization finance may record a purchase for (published or claimed),
 * most urgent first, then the longest waiting: the 登记采购 form's picker. Finance reads no
 * beneficiary files, so the staff wish list (beneficiary.read) is not theirs to call; this shows
 * only the wish's public side.
 */
export function listPurchasableWishes(db: Db, actor: Actor, meta: RequestMeta): { items: PurchasableWish[] } {
  const orgId = currentOrgId(actor);
  assertCan(db, actor, 'ledger.write', { orgId }, meta, { type: 'ledger', id: String(orgId) });
  const rows = db
    .select({
      wish: wishes,
      campaign: { id: campaigns.publicId, title: campaigns.title },
    })
    .from(wishes)
    .leftJoin(campaigns, eq(campaigns.id, wishes.campaignId))
    .where(and(eq(wishes.orgId, orgId), inArray(wishes.status, PURCHASABLE)))
    .orderBy(asc(wishes.urgencyRank), asc(wishes.publishedAt), asc(wishes.publicId))
    .limit(LIMIT)
    .all();
  return {
    items: rows.map(({ wish: w, campaign }) => ({
      id: w.publicId,
      title: w.title,
      pseudonym: w.pseudonym,
      urgency: w.urgency as UrgencyLevel,
      status: w.status,
      estimatedValueFen: w.estimatedValueFen,
      campaign: campaign?.id ? { id: campaign.id, title: campaign.title } : null,
    })),
  };
}

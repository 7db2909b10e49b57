import { eq } from 'drizzle-orm';
import { inKindPostings } from '../../../shared/ledger';
import type { Tx } from '../../db/tx';
import { users } from '../../db/schema';
import { sharesValueFen } from '../claims/claim-rules';
import { isPaidOnlineClaim } from '../payments/wish-shares';
import { postTransaction } from './post-transaction';

interface HandedOverWish {
  id: number;
  orgId: number;
  campaignId: number | null;
  estimatedValueFen: number;
  shares: number;
}

interface GivingClaim {
  id: number;
  publicId: string;
  donorUserId: number;
  shares: number;
}

/**
 * At hand-over each donor's gift enters the books in kind, at its share of the wish's estimated
 * value (finance may enter the actual value later: a revaluation), with a receipt for the donor.
 * Runs inside the hand-over's transaction; the key `handover:<claim>` posts each gift once.
 */
export function postInKindGifts(
  tx: Tx,
  wish: HandedOverWish,
  gifts: readonly GivingClaim[],
  now: number,
): void {
  for (const claim of gifts) {
    // Shares paid online are already in the books as money (the charity bought the gift with it).
    if (isPaidOnlineClaim(tx, claim.id)) continue;
    const donor = tx
      .select({ name: users.displayName })
      .from(users)
      .where(eq(users.id, claim.donorUserId))
      .get();
    postTransaction(
      tx,
      {
        orgId: wish.orgId,
        kind: 'inkind_donation',
        effectiveAt: now,
        actorUserId: null,
        idempotencyKey: `handover:${claim.publicId}`,
        postings: inKindPostings(sharesValueFen(wish.estimatedValueFen, wish.shares, claim.shares)),
        campaignId: wish.campaignId,
        wishId: wish.id,
        claimId: claim.id,
        donation: {
          channel: 'inkind',
          donorName: donor?.name ?? null,
          donorDisplay: 'masked',
          donorUserId: claim.donorUserId,
        },
      },
      now,
    );
  }
}

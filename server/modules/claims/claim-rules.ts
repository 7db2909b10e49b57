import type { WishStatus } from '../../../shared/constants';
import type { ErrorCode } from '../../../shared/errors';

export interface ClaimableWish {
  status: WishStatus;
  shares: number;
  sharesTaken: number;
  expiresAt: number | null;
}

/**
 * Why a donor may not claim `shares` of a wish now, or null when they may. The database makes
 * the final decision (a conditional UPDATE); this gives the refusal its precise reason.
 */
export function claimRefusal(
  wish: ClaimableWish,
  shares: number,
  donor: { activeClaims: number; maxActive: number; holdsClaim: boolean },
  now: number,
): ErrorCode | null {
  if (donor.holdsClaim) return 'ALREADY_CLAIMED_BY_YOU';
  if (wish.status === 'claimed') return wish.shares === 1 ? 'WISH_ALREADY_CLAIMED' : 'NO_SHARES_LEFT';
  if (wish.status !== 'published' || (wish.expiresAt !== null && wish.expiresAt <= now)) {
    return 'WISH_NOT_CLAIMABLE';
  }
  if (shares > wish.shares - wish.sharesTaken) {
    return wish.shares === 1 ? 'WISH_ALREADY_CLAIMED' : 'NO_SHARES_LEFT';
  }
  if (donor.activeClaims >= donor.maxActive) return 'CLAIM_LIMIT_REACHED';
  return null;
}

/** The value of `shares` of a wish, in fen (the wish's value divides evenly into its shares). */
export function sharesValueFen(estimatedValueFen: number, wishShares: number, shares: number): number {
  return (estimatedValueFen / wishShares) * shares;
}

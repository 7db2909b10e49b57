import type { ClaimStage, WishStatus } from '../../../shared/constants';
import type { ErrorCode } from '../../../shared/errors';

/**
 * Why a wish cannot be handed over now, or null when it can: every share claimed and every
 * active claim's gift received, and no share still held by an online order waiting for its
 * payment. Without any claim, or a second time, the lifecycle refuses.
 */
export function handOverRefusal(
  wish: { status: WishStatus; sharesTaken: number },
  activeStages: readonly ClaimStage[],
  sharesAwaitingPayment = 0,
): ErrorCode | null {
  if (wish.status === 'claimed') {
    return sharesAwaitingPayment === 0 &&
      activeStages.length > 0 &&
      activeStages.every((s) => s === 'received')
      ? null
      : 'HANDOVER_NOT_READY';
  }
  if (wish.status === 'published' && wish.sharesTaken > 0) return 'HANDOVER_NOT_READY';
  return 'WISH_TRANSITION_REFUSED';
}

/** A thank-you is written once, after the hand-over. */
export function canThank(wishStatus: WishStatus, alreadyThanked: boolean): boolean {
  return (wishStatus === 'delivered' || wishStatus === 'confirmed') && !alreadyThanked;
}

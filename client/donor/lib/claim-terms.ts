import { chinaDateTimeText } from '../../../shared/china-date';
import { claimDeadline } from '../../../shared/claim-deadline';
import { CLAIM_DEADLINE_HOURS, type UrgencyLevel } from '../../../shared/constants';
import { ApiError } from '../../api/http';

/** `48 小时内`, `3 天内`: how long a claim of this urgency gives the donor. */
export function deadlineWindow(urgency: UrgencyLevel): string {
  const hours = CLAIM_DEADLINE_HOURS[urgency];
  return hours <= 48 ? `${hours} 小时内` : `${hours / 24} 天内`;
}

/** What the donor commits to when claiming now: `请在 11月25日 20:00 前（48 小时内）…`. */
export function deadlineSentence(urgency: UrgencyLevel, now: number): string {
  const at = chinaDateTimeText(claimDeadline(urgency, now), now);
  return `请在 ${at} 前（${deadlineWindow(urgency)}）把礼物寄到或送到转交点`;
}

/**
 * After a failed claim, may the next tap send the same Idempotency-Key? Yes when nobody knows
 * whether the server got the request (no answer, a 5xx) or it was not looked at (401, 429):
 * a retry then continues that same claim. No after a real answer (400/404/409/422): that claim
 * was refused, and the next tap is a new decision.
 */
export function keepKeyAfter(e: unknown): boolean {
  if (!(e instanceof ApiError)) return true;
  return e.status === 0 || e.status >= 500 || e.status === 401 || e.status === 429;
}

/** A refusal that means the wish on screen is out of date (taken, fewer shares, off the pool). */
export function wishChanged(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 409 || e.status === 422);
}

/** Refusals where the answer is in 我的认领 (the donor already holds this wish, or too many). */
export const SEE_MY_CLAIMS = ['ALREADY_CLAIMED_BY_YOU', 'CLAIM_LIMIT_REACHED'];

import type { StaffWish } from '../../../shared/schemas/staff-wishes';
import { AppError } from '../../app-error';
import type { Db } from '../../db/client';
import type { Actor } from '../access/actor';
import type { RequestMeta } from '../audit/record-audit';
import { moveWish } from './move-wish';

/**
 * The caseworker withdraws a wish (no longer needed, or posted by mistake) — not while donors
 * hold shares of it: their claims would be left on a wish that can never be handed over.
 */
export function cancelWish(
  db: Db,
  actor: Actor,
  publicId: string,
  reason: string | undefined,
  meta: RequestMeta,
): StaffWish {
  return moveWish(db, actor, publicId, meta, {
    action: 'wish.write',
    event: 'cancel',
    audit: 'wish.cancelled',
    changes: (_tx, wish) => {
      if (wish.sharesTaken > 0) {
        throw new AppError('WISH_HAS_CLAIMS', { details: { sharesTaken: wish.sharesTaken } });
      }
      return { returnReason: reason ?? null };
    },
  });
}

import type { StaffWish } from '../../../shared/schemas/staff-wishes';
import type { Db } from '../../db/client';
import type { Actor } from '../access/actor';
import type { RequestMeta } from '../audit/record-audit';
import { moveWish } from './move-wish';

/** The caseworker withdraws a wish (no longer needed, or posted by mistake). */
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
    changes: () => ({ returnReason: reason ?? null }),
  });
}

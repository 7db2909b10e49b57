import { eq } from 'drizzle-orm';
import type { StaffWish } from '../../../shared/schemas/staff-wishes';
import type { Db } from '../../db/client';
import { wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { findWishFor, transition } from './find-wish';
import { staffWishById } from './staff-wish-view';

/** The caseworker withdraws a wish (no longer needed, or posted by mistake). */
export function cancelWish(
  db: Db,
  actor: Actor,
  publicId: string,
  reason: string | undefined,
  meta: RequestMeta,
): StaffWish {
  const found = findWishFor(db, actor, publicId, 'wish.write', meta);
  return db.transaction(
    (tx) => {
      const wish = tx.select().from(wishes).where(eq(wishes.id, found.id)).get();
      if (!wish) throw new AppError('WISH_NOT_FOUND');
      const to = transition(wish.status, 'cancel');
      tx.update(wishes)
        .set({ status: to, returnReason: reason ?? null, updatedAt: meta.now, version: wish.version + 1 })
        .where(eq(wishes.id, wish.id))
        .run();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'wish.cancelled',
          outcome: 'ok',
          targetType: 'wish',
          targetId: publicId,
        },
        meta,
      );
      return staffWishById(tx, wish.id);
    },
    { behavior: 'immediate' },
  );
}

import { eq } from 'drizzle-orm';
import type { StaffWish } from '../../../shared/schemas/staff-wishes';
import type { WishEvent } from '../../../shared/wish-lifecycle';
import type { Db } from '../../db/client';
import type { Tx } from '../../db/tx';
import { wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import type { StaffAction } from '../access/policy';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { findWishFor, transition, type WishRow } from './find-wish';
import { staffWishById } from './staff-wish-view';

/**
 * One step of a wish's lifecycle by a member of staff: the actor may take `action` on the wish,
 * the event is allowed from the wish's status as read inside the write transaction, `changes`
 * (which may refuse) says what else the step writes, and the status change, the version bump and
 * the audit event commit together.
 */
export function moveWish(
  db: Db,
  actor: Actor,
  publicId: string,
  meta: RequestMeta,
  step: {
    action: StaffAction;
    event: WishEvent;
    audit: string;
    changes?: (tx: Tx, wish: WishRow) => Partial<typeof wishes.$inferInsert>;
  },
): StaffWish {
  const found = findWishFor(db, actor, publicId, step.action, meta);
  return db.transaction(
    (tx) => {
      const wish = tx.select().from(wishes).where(eq(wishes.id, found.id)).get();
      if (!wish) throw new AppError('WISH_NOT_FOUND');
      const status = transition(wish.status, step.event);
      tx.update(wishes)
        .set({ ...step.changes?.(tx, wish), status, updatedAt: meta.now, version: wish.version + 1 })
        .where(eq(wishes.id, wish.id))
        .run();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: step.audit,
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

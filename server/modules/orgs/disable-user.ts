import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { sessions, users } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';

/** Platform admin: disables an account and ends every one of its sessions, in one transaction. */
export function disableUser(db: Db, actor: Actor, userPublicId: string, meta: RequestMeta) {
  return db.transaction(
    (tx) => {
      const user = tx.select().from(users).where(eq(users.publicId, userPublicId)).get();
      if (!user) throw new AppError('USER_NOT_FOUND');
      if (user.id === actor.userId) throw new AppError('CANNOT_DISABLE_SELF');
      tx.update(users).set({ status: 'disabled' }).where(eq(users.id, user.id)).run();
      const ended = tx
        .update(sessions)
        .set({ revokedAt: meta.now })
        .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)))
        .run().changes;
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'user.disabled',
          outcome: 'ok',
          targetType: 'user',
          targetId: userPublicId,
          details: { sessionsEnded: ended },
        },
        meta,
      );
      return { id: userPublicId, status: 'disabled' as const, sessionsEnded: ended };
    },
    { behavior: 'immediate' },
  );
}

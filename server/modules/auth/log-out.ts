import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { sessions } from '../../db/schema';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';

/** Ends the caller's session; the token stops working at once. */
export function logOut(db: Db, actor: Actor, meta: RequestMeta): { ok: true } {
  db.transaction(
    (tx) => {
      tx.update(sessions).set({ revokedAt: meta.now }).where(eq(sessions.id, actor.sessionId)).run();
      recordAudit(tx, { actorUserId: actor.userId, action: 'auth.logout', outcome: 'ok' }, meta);
    },
    { behavior: 'immediate' },
  );
  return { ok: true };
}

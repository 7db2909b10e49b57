import { eq } from 'drizzle-orm';
import type { Me } from '../../../shared/schemas/auth';
import type { Db } from '../../db/client';
import { organizations, sessions } from '../../db/schema';
import { AppError, ForeignObjectError } from '../../app-error';
import type { Actor } from '../access/actor';
import { getMe } from './get-me';

/** Makes one of the caller's organizations the current one for this session. */
export function switchOrg(db: Db, actor: Actor, orgPublicId: string): Me {
  return db.transaction(
    (tx) => {
      const org = tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.publicId, orgPublicId))
        .get();
      if (!org) throw new AppError('NOT_A_MEMBER');
      if (!actor.memberships.some((m) => m.orgId === org.id)) {
        throw new ForeignObjectError('NOT_A_MEMBER', { type: 'organization', id: orgPublicId });
      }
      tx.update(sessions).set({ currentOrgId: org.id }).where(eq(sessions.id, actor.sessionId)).run();
      return getMe(tx, actor.userId, org.id);
    },
    { behavior: 'immediate' },
  );
}

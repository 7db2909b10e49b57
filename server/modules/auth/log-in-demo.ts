import { eq } from 'drizzle-orm';
import type { DemoPersona } from '../../../shared/constants';
import type { Session } from '../../../shared/schemas/auth';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { AppError } from '../../app-error';
import type { RequestMeta } from '../audit/record-audit';
import { getMe } from '../me/get-me';
import { startSession } from './start-session';

/** Demo mode only (the route exists only then): log in as a seeded persona. */
export function logInDemo(db: Db, persona: DemoPersona, meta: RequestMeta): Session {
  return db.transaction(
    (tx) => {
      const user = tx.select().from(users).where(eq(users.demoPersona, persona)).get();
      if (!user) throw new AppError('PERSONA_NOT_FOUND');
      if (user.status !== 'active') throw new AppError('USER_DISABLED');
      const token = startSession(tx, user.id, 'demo', meta);
      return { token, me: getMe(tx, user.id, null) };
    },
    { behavior: 'immediate' },
  );
}

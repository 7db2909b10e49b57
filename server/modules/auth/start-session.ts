import type { Tx } from '../../db/tx';
import { sessions } from '../../db/schema';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { newSessionToken, SESSION_MAX_MS } from './session-rules';

/**
 * Opens a session for a user who has just proved who they are, inside the login's transaction,
 * with its audit event. Returns the token: the only time it exists outside a hash.
 */
export function startSession(tx: Tx, userId: number, method: string, meta: RequestMeta): string {
  const { token, hash } = newSessionToken();
  tx.insert(sessions)
    .values({
      tokenHash: hash,
      userId,
      createdAt: meta.now,
      lastSeenAt: meta.now,
      expiresAt: meta.now + SESSION_MAX_MS,
    })
    .run();
  recordAudit(tx, { actorUserId: userId, action: 'auth.login', outcome: 'ok', details: { method } }, meta);
  return token;
}

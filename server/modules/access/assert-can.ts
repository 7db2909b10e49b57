import type { Db } from '../../db/client';
import { AppError } from '../../app-error';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import type { Actor } from './actor';
import { can, type Action, type Scope } from './policy';

/**
 * Refuses (403) and audits an action the actor may not take. Call it before the use case's write
 * transaction: a refusal recorded inside a transaction that then rolls back would be lost.
 */
export function assertCan(
  db: Db,
  actor: Actor | null,
  action: Action,
  scope: Scope | undefined,
  meta: RequestMeta,
  target?: { type: string; id: string },
): void {
  if (can(actor, action, scope)) return;
  recordRefusal(db, actor, action, meta, target);
  throw new AppError('FORBIDDEN');
}

/** Records that `actor` was refused `action` (outside any transaction that will roll back). */
export function recordRefusal(
  db: Db,
  actor: Actor | null,
  action: Action,
  meta: RequestMeta,
  target?: { type: string; id: string },
): void {
  recordAudit(
    db,
    {
      actorUserId: actor?.userId ?? null,
      action: 'access.refused',
      outcome: 'refused',
      targetType: target?.type,
      targetId: target?.id,
      details: { action },
    },
    meta,
  );
}

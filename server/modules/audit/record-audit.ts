import type { DbOrTx } from '../../db/tx';
import { auditEvents } from '../../db/schema';

export interface AuditEntry {
  actorUserId: number | null;
  /** What happened, as `area.verb`: `auth.login`, `access.refused`, `beneficiary.read_restricted` … */
  action: string;
  outcome: 'ok' | 'refused' | 'failed';
  targetType?: string;
  targetId?: string;
  /** Never a token, a code, a phone number or a child's data. */
  details?: Record<string, string | number | boolean | null>;
}

/** Where a request came from, for the audit trail. */
export interface RequestMeta {
  ip: string;
  requestId: string;
  now: number;
}

/** Appends one audit event; call it inside the use case's transaction so both commit together. */
export function recordAudit(db: DbOrTx, entry: AuditEntry, meta: RequestMeta): void {
  db.insert(auditEvents)
    .values({
      at: meta.now,
      actorUserId: entry.actorUserId,
      action: entry.action,
      outcome: entry.outcome,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: meta.ip,
      requestId: meta.requestId,
      details: entry.details ?? null,
    })
    .run();
}

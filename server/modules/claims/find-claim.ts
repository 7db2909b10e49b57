import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { claims } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { claimRows, type ClaimRow, type ClaimViewer } from './claim-view';

/**
 * A claim by public id, with how the actor relates to it: its donor, or staff of the wish's
 * organization and region allowed `staffAction`. Anyone else gets 404 — another donor's claim is
 * not confirmed to exist — and the refusal is audited.
 */
export function findClaimFor(
  db: Db,
  actor: Actor,
  publicId: string,
  meta: RequestMeta,
  allow: { donor: boolean; staffAction: 'fulfilment.read' | 'handover.write' | null },
): { row: ClaimRow; viewer: ClaimViewer } {
  const row = claimRows(db, eq(claims.publicId, publicId)).get();
  if (row) {
    if (allow.donor && row.claim.donorUserId === actor.userId) return { row, viewer: 'donor' };
    const scope = { orgId: row.wish.orgId, regionPath: row.wish.regionPath };
    if (allow.staffAction && can(actor, allow.staffAction, scope)) return { row, viewer: 'staff' };
    recordAudit(
      db,
      {
        actorUserId: actor.userId,
        action: 'access.refused',
        outcome: 'refused',
        targetType: 'claim',
        targetId: publicId,
        details: { action: allow.staffAction ?? 'claim.donor' },
      },
      meta,
    );
  }
  throw new AppError('CLAIM_NOT_FOUND');
}

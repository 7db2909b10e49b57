import { and, eq, sql } from 'drizzle-orm';
import { nextClaimStage, type ClaimEvent } from '../../../shared/claim-lifecycle';
import type { ClaimStage } from '../../../shared/constants';
import type { Db } from '../../db/client';
import type { Tx } from '../../db/tx';
import { claims, fulfilmentEvents, type FulfilmentDetails } from '../../db/schema';
import { AppError } from '../../app-error';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { claimRows, type ClaimRow } from './claim-view';

/** Where `event` takes a claim at `stage`, or 422 CLAIM_STEP_REFUSED naming both. */
export function claimStep(stage: ClaimStage, event: ClaimEvent): ClaimStage {
  const next = nextClaimStage(stage, event);
  if (!next) throw new AppError('CLAIM_STEP_REFUSED', { details: { stage, event } });
  return next;
}

export interface ClaimStepSpec {
  event: ClaimEvent;
  audit: string;
  /** The sweeper acts as nobody. */
  actorUserId: number | null;
  details?: FulfilmentDetails;
  /** More columns of the claim this step sets (shipping, end time). */
  changes?: Partial<typeof claims.$inferInsert>;
  /** What else the step writes in the same transaction (shares, photos, inbox), given its event. */
  after?: (tx: Tx, row: ClaimRow, eventId: number) => void;
}

/**
 * One step of a claim inside a transaction: allowed from the stage as read now, written only if
 * the stage is still that one (so two racing steps cannot both succeed), with its timeline entry
 * and audit event. Returns false when the claim moved on meanwhile.
 */
export function applyClaimStep(tx: Tx, claimId: number, step: ClaimStepSpec, meta: RequestMeta): boolean {
  const row = claimRows(tx, eq(claims.id, claimId)).get();
  if (!row) throw new AppError('CLAIM_NOT_FOUND');
  const stage = claimStep(row.claim.stage, step.event);
  const moved = tx
    .update(claims)
    .set({ ...step.changes, stage, updatedAt: meta.now, version: sql`${claims.version} + 1` })
    .where(and(eq(claims.id, claimId), eq(claims.stage, row.claim.stage)))
    .run();
  if (moved.changes !== 1) return false;
  const event = tx
    .insert(fulfilmentEvents)
    .values({
      wishId: row.wish.id,
      claimId,
      kind: stage,
      actorUserId: step.actorUserId,
      at: meta.now,
      details: step.details ?? null,
    })
    .returning({ id: fulfilmentEvents.id })
    .get();
  step.after?.(tx, row, event.id);
  recordAudit(
    tx,
    {
      actorUserId: step.actorUserId,
      action: step.audit,
      outcome: 'ok',
      targetType: 'claim',
      targetId: row.claim.publicId,
      details: { from: row.claim.stage, to: stage },
    },
    meta,
  );
  return true;
}

/** A claim step by a person, in its own immediate transaction. */
export function moveClaim(db: Db, claimId: number, step: ClaimStepSpec, meta: RequestMeta): void {
  db.transaction(
    (tx) => {
      if (!applyClaimStep(tx, claimId, step, meta)) {
        throw new AppError('CLAIM_STEP_REFUSED', { details: { event: step.event } });
      }
    },
    { behavior: 'immediate' },
  );
}

import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import { CLAIM_REMINDER_HOURS, OVERDUE_CLAIM_STAGES } from '../../../shared/constants';
import type { Db } from '../../db/client';
import { claims } from '../../db/schema';
import { AppError } from '../../app-error';
import { links, notify } from '../notifications/notify';
import { claimRows } from './claim-view';
import { tellCaseworker } from './donor-steps';
import { applyClaimStep } from './move-claim';
import { releaseShares } from './release-shares';

const HOUR_MS = 3_600_000;
const BATCH = 200;

/**
 * Releases claims whose deadline has passed with nothing sent yet, and reminds donors 24 h and
 * 2 h before their deadline. Each claim is handled in its own transaction with a conditional
 * UPDATE, so two sweepers (two processes, or the timer and the command) release and remind each
 * claim exactly once; the inbox's dedupe keys make doubly sure nobody hears it twice.
 */
export function sweepClaims(db: Db, now: number): { released: number; reminded: number } {
  let released = 0;
  for (;;) {
    const overdue = db
      .select({ id: claims.id })
      .from(claims)
      .where(and(inArray(claims.stage, OVERDUE_CLAIM_STAGES), lte(claims.deadlineAt, now)))
      .limit(BATCH)
      .all();
    for (const { id } of overdue) {
      if (releaseOverdue(db, id, now)) released += 1;
    }
    // Released claims (by us or a concurrent sweeper) no longer match: the loop ends.
    if (overdue.length < BATCH) break;
  }
  return { released, reminded: remind(db, now) };
}

/** One overdue claim released, or false when someone (another sweeper, the donor) moved it first. */
function releaseOverdue(db: Db, id: number, now: number): boolean {
  try {
    return db.transaction(
      (tx) =>
        applyClaimStep(
          tx,
          id,
          {
            event: 'expire',
            audit: 'claim.release_overdue',
            actorUserId: null,
            changes: { endedAt: now },
            after: (t, row) => {
              releaseShares(t, row, now);
              notify(
                t,
                {
                  userId: row.claim.donorUserId,
                  kind: 'claim_released',
                  vars: { wishTitle: row.wish.title },
                  link: links.claim(row.claim.publicId),
                  wishId: row.wish.id,
                  claimId: row.claim.id,
                  dedupeKey: `claim:${row.claim.publicId}:released`,
                },
                now,
              );
              tellCaseworker(
                t,
                row,
                'claim_released',
                now,
                {},
                `claim:${row.claim.publicId}:released:caseworker`,
              );
            },
          },
          { ip: 'sweeper', requestId: 'sweeper', now },
        ),
      { behavior: 'immediate' },
    );
  } catch (err) {
    if (err instanceof AppError && err.code === 'CLAIM_STEP_REFUSED') return false;
    throw err;
  }
}

/** Deadline reminders: the nearest one due (a 2 h reminder makes the 24 h one moot). */
function remind(db: Db, now: number): number {
  const [far, near] = CLAIM_REMINDER_HOURS;
  let reminded = 0;
  const due = db
    .select({
      id: claims.id,
      deadlineAt: claims.deadlineAt,
      r24: claims.remindedAt24h,
      r2: claims.remindedAt2h,
    })
    .from(claims)
    .where(and(inArray(claims.stage, OVERDUE_CLAIM_STAGES), lte(claims.deadlineAt, now + far * HOUR_MS)))
    .limit(BATCH)
    .all();
  for (const c of due) {
    if (c.deadlineAt <= now) continue;
    const nearDue = c.deadlineAt <= now + near * HOUR_MS;
    if (nearDue ? c.r2 !== null : c.r24 !== null) continue;
    const column = nearDue ? claims.remindedAt2h : claims.remindedAt24h;
    const sent = db.transaction(
      (tx) => {
        const marked = tx
          .update(claims)
          .set(nearDue ? { remindedAt2h: now, remindedAt24h: c.r24 ?? now } : { remindedAt24h: now })
          .where(and(eq(claims.id, c.id), isNull(column), inArray(claims.stage, OVERDUE_CLAIM_STAGES)))
          .run();
        if (marked.changes !== 1) return false;
        const row = claimRows(tx, eq(claims.id, c.id)).get();
        if (!row) return false;
        const kind = nearDue ? 'deadline_2h' : 'deadline_24h';
        notify(
          tx,
          {
            userId: row.claim.donorUserId,
            kind,
            vars: { wishTitle: row.wish.title, deadlineAt: row.claim.deadlineAt },
            link: links.claim(row.claim.publicId),
            wishId: row.wish.id,
            claimId: row.claim.id,
            dedupeKey: `claim:${row.claim.publicId}:${kind}`,
          },
          now,
        );
        return true;
      },
      { behavior: 'immediate' },
    );
    if (sent) reminded += 1;
  }
  return reminded;
}

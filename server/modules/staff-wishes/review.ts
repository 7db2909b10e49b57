import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { StaffWish } from '../../../shared/schemas/staff-wishes';
import type { Db } from '../../db/client';
import { campaigns, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import { cursorId, cursorInt, cursorTime, decodeCursor, keysetPage } from '../../cursor';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import { currentOrgId, pathWithin, regionPathsFor } from '../access/staff-scope';
import type { RequestMeta } from '../audit/record-audit';
import { moveWish } from './move-wish';
import { assertPublishable } from './public-text';
import { staffWishQuery, toStaffWish } from './staff-wish-view';

const queueCursor = z.tuple([cursorInt.max(9), cursorTime, cursorId]);

/** Wishes waiting for this reviewer: urgent on top, then the oldest submission first. */
export function reviewQueue(
  db: Db,
  actor: Actor,
  query: { limit: number; cursor?: string | undefined },
  meta: RequestMeta,
): { items: StaffWish[]; nextCursor: string | null } {
  const orgId = currentOrgId(actor);
  assertCan(db, actor, 'wish.review', { orgId }, meta);
  const after = query.cursor ? decodeCursor(query.cursor, queueCursor) : undefined;
  const rows = staffWishQuery(
    db,
    and(
      eq(wishes.orgId, orgId),
      eq(wishes.status, 'in_review'),
      sql`(${pathWithin(wishes.regionPath, regionPathsFor(actor, orgId, 'wish.review'))})`,
      after &&
        sql`(${wishes.urgencyRank}, ${wishes.submittedAt}, ${wishes.publicId}) > (${after[0]}, ${after[1]}, ${after[2]})`,
    ),
  )
    .orderBy(asc(wishes.urgencyRank), asc(wishes.submittedAt), asc(wishes.publicId))
    .limit(query.limit + 1)
    .all();
  const { page, nextCursor } = keysetPage(rows, query.limit, ({ wish: w }) => [
    w.urgencyRank,
    w.submittedAt ?? 0,
    w.publicId,
  ]);
  return { items: page.map(toStaffWish), nextCursor };
}

/** Publishes a wish in review, if its file still has consent and its text is still clean. */
export function approveWish(db: Db, actor: Actor, publicId: string, meta: RequestMeta): StaffWish {
  return moveWish(db, actor, publicId, meta, {
    action: 'wish.review',
    event: 'approve',
    audit: 'wish.approved',
    changes: (tx, wish) => {
      assertPublishable(tx, wish);
      let expiresAt: number | null = null;
      if (wish.campaignId !== null) {
        const campaign = tx.select().from(campaigns).where(eq(campaigns.id, wish.campaignId)).get();
        if (!campaign || campaign.endsAt <= meta.now) throw new AppError('CAMPAIGN_ENDED');
        expiresAt = campaign.endsAt;
      }
      return {
        reviewedBy: actor.userId,
        reviewedAt: meta.now,
        publishedAt: meta.now,
        expiresAt,
        returnReason: null,
      };
    },
  });
}

/** Sends a wish back to its caseworker with the reason. */
export function returnWish(
  db: Db,
  actor: Actor,
  publicId: string,
  reason: string,
  meta: RequestMeta,
): StaffWish {
  return moveWish(db, actor, publicId, meta, {
    action: 'wish.review',
    event: 'return',
    audit: 'wish.returned',
    changes: () => ({ returnReason: reason, reviewedBy: actor.userId, reviewedAt: meta.now }),
  });
}

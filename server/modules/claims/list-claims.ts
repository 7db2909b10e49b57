import { and, desc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ClaimStage } from '../../../shared/constants';
import type { ClaimPage } from '../../../shared/schemas/claims';
import type { Db } from '../../db/client';
import { claims, wishes } from '../../db/schema';
import { cursorId, cursorTime, decodeCursor, keysetPage } from '../../cursor';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import { currentOrgId, pathWithin, regionPathsFor } from '../access/staff-scope';
import type { RequestMeta } from '../audit/record-audit';
import { claimRows, claimView, type ClaimViewer } from './claim-view';

const cursorShape = z.tuple([cursorTime, cursorId]);
const FINISHED: ClaimStage[] = ['confirmed', 'withdrawn', 'overdue'];

/** Staff list tabs → claim stages. */
const STAFF_TABS: Record<string, ClaimStage[] | null> = {
  incoming: ['claimed', 'purchased', 'shipped'],
  received: ['received'],
  problem: ['problem'],
  done: ['handed_over', 'thanked', 'confirmed', 'withdrawn', 'overdue'],
  all: null,
};

function page(
  db: Db,
  where: SQL | undefined,
  q: { limit: number; cursor?: string | undefined },
  viewer: ClaimViewer,
): ClaimPage {
  const after = q.cursor ? decodeCursor(q.cursor, cursorShape) : undefined;
  const rows = claimRows(
    db,
    and(where, after && sql`(${claims.claimedAt}, ${claims.publicId}) < (${after[0]}, ${after[1]})`),
  )
    .orderBy(desc(claims.claimedAt), desc(claims.publicId))
    .limit(q.limit + 1)
    .all();
  const { page: items, nextCursor } = keysetPage(rows, q.limit, (r) => [r.claim.claimedAt, r.claim.publicId]);
  return { items: items.map((r) => claimView(r, viewer)), nextCursor };
}

/** "我的认领": under way (until the donor confirms) or finished, newest first. */
export function listMyClaims(
  db: Db,
  actor: Actor,
  q: { state: 'active' | 'done'; limit: number; cursor?: string | undefined },
): ClaimPage {
  const stage = q.state === 'done' ? inArray(claims.stage, FINISHED) : notInArray(claims.stage, FINISHED);
  return page(db, and(eq(claims.donorUserId, actor.userId), stage), q, 'donor');
}

/** Claims of the current organization's wishes in the actor's regions, by tab. */
export function listStaffClaims(
  db: Db,
  actor: Actor,
  q: { stage: string; limit: number; cursor?: string | undefined },
  meta: RequestMeta,
): ClaimPage {
  const orgId = currentOrgId(actor);
  assertCan(db, actor, 'fulfilment.read', { orgId }, meta);
  const stages = STAFF_TABS[q.stage];
  return page(
    db,
    and(
      eq(wishes.orgId, orgId),
      sql`(${pathWithin(wishes.regionPath, regionPathsFor(actor, orgId, 'fulfilment.read'))})`,
      stages ? inArray(claims.stage, stages) : undefined,
    ),
    q,
    'staff',
  );
}

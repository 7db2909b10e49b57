import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { WishStatus } from '../../../shared/constants';
import type { StaffWish } from '../../../shared/schemas/staff-wishes';
import type { Db } from '../../db/client';
import { beneficiaries, wishes } from '../../db/schema';
import { cursorId, cursorTime, decodeCursor, keysetPage } from '../../cursor';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import { currentOrgId, pathWithin, regionPathsFor } from '../access/staff-scope';
import type { RequestMeta } from '../audit/record-audit';
import { findWishFor } from './find-wish';
import { staffWishById, staffWishQuery, toStaffWish } from './staff-wish-view';

const cursorShape = z.tuple([cursorTime, cursorId]);

/** Wishes of the current organization in the actor's regions, most recently changed first. */
export function listStaffWishes(
  db: Db,
  actor: Actor,
  query: {
    limit: number;
    cursor?: string | undefined;
    status?: WishStatus | undefined;
    beneficiaryId?: string | undefined;
  },
  meta: RequestMeta,
): { items: StaffWish[]; nextCursor: string | null } {
  const orgId = currentOrgId(actor);
  assertCan(db, actor, 'beneficiary.read', { orgId }, meta);
  const after = query.cursor ? decodeCursor(query.cursor, cursorShape) : undefined;
  const rows = staffWishQuery(
    db,
    and(
      eq(wishes.orgId, orgId),
      sql`(${pathWithin(wishes.regionPath, regionPathsFor(actor, orgId, 'beneficiary.read'))})`,
      query.status ? eq(wishes.status, query.status) : undefined,
      query.beneficiaryId ? eq(beneficiaries.publicId, query.beneficiaryId) : undefined,
      after && sql`(${wishes.updatedAt}, ${wishes.publicId}) < (${after[0]}, ${after[1]})`,
    ),
  )
    .orderBy(desc(wishes.updatedAt), desc(wishes.publicId))
    .limit(query.limit + 1)
    .all();
  const { page, nextCursor } = keysetPage(rows, query.limit, ({ wish: w }) => [w.updatedAt, w.publicId]);
  return { items: page.map(toStaffWish), nextCursor };
}

export function getStaffWish(db: Db, actor: Actor, publicId: string, meta: RequestMeta): StaffWish {
  return staffWishById(db, findWishFor(db, actor, publicId, 'beneficiary.read', meta).id);
}

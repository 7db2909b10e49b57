import { and, eq, sql } from 'drizzle-orm';
import type { BeneficiaryListQuery, BeneficiarySummary } from '../../../shared/schemas/beneficiaries';
import type { Db } from '../../db/client';
import { beneficiaries, regions } from '../../db/schema';
import { z } from 'zod';
import { cursorId, cursorTime, decodeCursor, keysetPage } from '../../cursor';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import { currentOrgId, pathWithin, regionPathsFor } from '../access/staff-scope';
import type { RequestMeta } from '../audit/record-audit';
import { summaryQuery, toSummary } from './file-view';

const cursorShape = z.tuple([cursorTime, cursorId]);

/**
 * Files of the actor's current organization inside the regions they cover, most recently
 * changed first. Public side only: listing is not reading the restricted side.
 */
export function listFiles(
  db: Db,
  actor: Actor,
  query: Omit<BeneficiaryListQuery, 'limit'> & { limit: number },
  meta: RequestMeta,
): { items: BeneficiarySummary[]; nextCursor: string | null } {
  const orgId = currentOrgId(actor);
  assertCan(db, actor, 'beneficiary.read', { orgId }, meta);
  const paths = regionPathsFor(actor, orgId, 'beneficiary.read');

  let regionPath: string | undefined;
  if (query.regionId) {
    const region = db.select().from(regions).where(eq(regions.publicId, query.regionId)).get();
    if (!region) return { items: [], nextCursor: null };
    regionPath = region.path;
  }
  const after = query.cursor ? decodeCursor(query.cursor, cursorShape) : undefined;
  const q = query.q?.trim();
  const rows = summaryQuery(
    db,
    and(
      eq(beneficiaries.orgId, orgId),
      sql`(${pathWithin(beneficiaries.regionPath, paths)})`,
      regionPath ? sql`(${pathWithin(beneficiaries.regionPath, [regionPath])})` : undefined,
      q ? sql`instr(${beneficiaries.pseudonym}, ${q}) > 0` : undefined,
      query.category ? eq(beneficiaries.category, query.category) : undefined,
      query.urgency ? eq(beneficiaries.urgency, query.urgency) : undefined,
      after && sql`(${beneficiaries.updatedAt}, ${beneficiaries.publicId}) < (${after[0]}, ${after[1]})`,
    ),
  )
    .limit(query.limit + 1)
    .all();
  const { page, nextCursor } = keysetPage(rows, query.limit, (r) => [r.updatedAt, r.id]);
  return { items: page.map((r) => toSummary(r, meta.now)), nextCursor };
}

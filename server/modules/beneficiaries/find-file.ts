import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { DbOrTx } from '../../db/tx';
import { beneficiaries, beneficiaryConsents } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import type { StaffAction } from '../access/policy';
import type { RequestMeta } from '../audit/record-audit';

export type FileRow = typeof beneficiaries.$inferSelect;

/**
 * A file by its public id, once the actor is known to be allowed `action` on it (its organization
 * and region). Unknown → 404; known but out of reach → 403, audited.
 */
export function findFileFor(
  db: Db,
  actor: Actor,
  publicId: string,
  action: StaffAction,
  meta: RequestMeta,
): FileRow {
  const file = db.select().from(beneficiaries).where(eq(beneficiaries.publicId, publicId)).get();
  if (!file) throw new AppError('BENEFICIARY_NOT_FOUND');
  assertCan(db, actor, action, { orgId: file.orgId, regionPath: file.regionPath }, meta, {
    type: 'beneficiary',
    id: publicId,
  });
  return file;
}

/** The guardian consent in force for a file, or undefined. */
export function consentInForce(db: DbOrTx, beneficiaryId: number) {
  return db
    .select()
    .from(beneficiaryConsents)
    .where(and(eq(beneficiaryConsents.beneficiaryId, beneficiaryId), isNull(beneficiaryConsents.withdrawnAt)))
    .orderBy(desc(beneficiaryConsents.recordedAt), desc(beneficiaryConsents.id))
    .get();
}

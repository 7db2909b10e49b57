import { and, eq } from 'drizzle-orm';
import type { BeneficiaryFile, UpdateBeneficiaryInput } from '../../../shared/schemas/beneficiaries';
import type { Db } from '../../db/client';
import { beneficiaries, beneficiaryRestricted, beneficiaryRevisions } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { assertBirthDateMatches } from './create-file';
import { fullFile } from './file-view';
import { assertNoPrivacyFindings } from './privacy';
import { findFileFor } from './find-file';
import { refreshWishSnapshots, resolveFileRegion } from './file-snapshot';

const PUBLIC_FIELDS = ['pseudonym', 'birthYear', 'gender', 'category', 'urgency', 'story'] as const;

/**
 * Edits a file made at `version`; a stale version is refused (409) rather than overwriting a
 * colleague's edit. The changes (before → after) go to the file's history, its unpublished
 * wishes take the new public side.
 */
export function updateFile(
  db: Db,
  actor: Actor,
  publicId: string,
  input: UpdateBeneficiaryInput,
  meta: RequestMeta,
): BeneficiaryFile {
  const file = findFileFor(db, actor, publicId, 'beneficiary.write', meta);
  return db.transaction(
    (tx) => {
      const current = tx.select().from(beneficiaries).where(eq(beneficiaries.id, file.id)).get();
      const restricted = tx
        .select()
        .from(beneficiaryRestricted)
        .where(eq(beneficiaryRestricted.beneficiaryId, file.id))
        .get();
      if (!current || !restricted) throw new AppError('BENEFICIARY_NOT_FOUND');
      if (current.version !== input.version) throw new AppError('EDIT_CONFLICT');

      const changes: Record<string, [unknown, unknown]> = {};
      const publicSet: Partial<typeof beneficiaries.$inferInsert> = {};
      for (const field of PUBLIC_FIELDS) {
        const value = input[field];
        if (value !== undefined && value !== current[field]) {
          changes[field] = [current[field], value];
          Object.assign(publicSet, { [field]: value });
        }
      }
      if (input.regionId !== undefined) {
        const place = resolveFileRegion(tx, input.regionId);
        if (place.regionPath !== current.regionPath) {
          if (!can(actor, 'beneficiary.write', { orgId: current.orgId, regionPath: place.regionPath })) {
            throw new AppError('REGION_OUTSIDE_SCOPE');
          }
          changes.region = [current.regionPath, place.regionPath];
          Object.assign(publicSet, place);
        }
      }
      const restrictedSet: Partial<typeof beneficiaryRestricted.$inferInsert> = {};
      for (const [field, value] of Object.entries(input.restricted ?? {})) {
        const key = field as keyof typeof restricted;
        if (value !== undefined && value !== restricted[key]) {
          changes[`restricted.${field}`] = [restricted[key], value];
          Object.assign(restrictedSet, { [field]: value });
        }
      }
      assertBirthDateMatches(
        publicSet.birthYear ?? current.birthYear,
        restrictedSet.birthDate !== undefined ? restrictedSet.birthDate : restricted.birthDate,
      );
      if (Object.keys(changes).length === 0) return fullFile(tx, file.id, meta.now);
      // The public side is checked against the restricted side as it will be after this edit.
      const after = { ...current, ...publicSet };
      assertNoPrivacyFindings(
        [
          ['pseudonym', after.pseudonym],
          ['story', after.story],
        ],
        { ...restricted, ...restrictedSet },
      );

      const version = current.version + 1;
      const updated = tx
        .update(beneficiaries)
        .set({ ...publicSet, version, updatedAt: meta.now })
        .where(and(eq(beneficiaries.id, file.id), eq(beneficiaries.version, current.version)))
        .returning()
        .get();
      if (!updated) throw new AppError('EDIT_CONFLICT');
      if (Object.keys(restrictedSet).length > 0) {
        tx.update(beneficiaryRestricted)
          .set(restrictedSet)
          .where(eq(beneficiaryRestricted.beneficiaryId, file.id))
          .run();
      }
      tx.insert(beneficiaryRevisions)
        .values({ beneficiaryId: file.id, version, editedBy: actor.userId, editedAt: meta.now, changes })
        .run();
      refreshWishSnapshots(tx, updated, meta.now);
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'beneficiary.updated',
          outcome: 'ok',
          targetType: 'beneficiary',
          targetId: publicId,
          details: { version },
        },
        meta,
      );
      return fullFile(tx, file.id, meta.now);
    },
    { behavior: 'immediate' },
  );
}

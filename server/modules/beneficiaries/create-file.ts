import type { BeneficiaryFile, CreateBeneficiaryInput } from '../../../shared/schemas/beneficiaries';
import type { Db } from '../../db/client';
import { beneficiaries, beneficiaryConsents, beneficiaryRestricted } from '../../db/schema';
import { AppError } from '../../app-error';
import { newPublicId } from '../../ids';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import { can } from '../access/policy';
import { currentOrgId } from '../access/staff-scope';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { fullFile } from './file-view';
import { assertConsentDate } from './consents';
import { assertNoPrivacyFindings } from './privacy';
import { resolveFileRegion } from './file-snapshot';

/** The birth date, when given, must fall in the birth year shown publicly. */
export function assertBirthDateMatches(birthYear: number, birthDate: string | null | undefined): void {
  if (birthDate && Number(birthDate.slice(0, 4)) !== birthYear) throw new AppError('BIRTH_DATE_MISMATCH');
}

/** A new file in the caseworker's current organization, in a region she covers. */
export function createFile(
  db: Db,
  actor: Actor,
  input: CreateBeneficiaryInput,
  meta: RequestMeta,
): BeneficiaryFile {
  const orgId = currentOrgId(actor);
  assertCan(db, actor, 'beneficiary.write', { orgId }, meta);
  assertBirthDateMatches(input.birthYear, input.restricted.birthDate);
  if (input.consent) assertConsentDate(input.consent.consentedOn, meta.now);
  assertNoPrivacyFindings(
    [
      ['pseudonym', input.pseudonym],
      ['story', input.story],
    ],
    {
      realName: input.restricted.realName,
      guardianName: input.restricted.guardianName ?? null,
      school: input.restricted.school ?? null,
    },
  );
  return db.transaction(
    (tx) => {
      const place = resolveFileRegion(tx, input.regionId);
      if (!can(actor, 'beneficiary.write', { orgId, regionPath: place.regionPath })) {
        throw new AppError('REGION_OUTSIDE_SCOPE');
      }
      const publicId = newPublicId();
      const { id } = tx
        .insert(beneficiaries)
        .values({
          publicId,
          orgId,
          ...place,
          pseudonym: input.pseudonym,
          birthYear: input.birthYear,
          gender: input.gender,
          category: input.category,
          urgency: input.urgency,
          story: input.story ?? null,
          createdBy: actor.userId,
          createdAt: meta.now,
          updatedAt: meta.now,
        })
        .returning({ id: beneficiaries.id })
        .get();
      tx.insert(beneficiaryRestricted)
        .values({ beneficiaryId: id, ...input.restricted })
        .run();
      if (input.consent) {
        tx.insert(beneficiaryConsents)
          .values({
            publicId: newPublicId(),
            beneficiaryId: id,
            ...input.consent,
            recordedBy: actor.userId,
            recordedAt: meta.now,
          })
          .run();
      }
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'beneficiary.created',
          outcome: 'ok',
          targetType: 'beneficiary',
          targetId: publicId,
          details: { consent: Boolean(input.consent) },
        },
        meta,
      );
      return fullFile(tx, id, meta.now);
    },
    { behavior: 'immediate' },
  );
}

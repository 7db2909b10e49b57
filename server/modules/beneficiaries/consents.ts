import { and, eq, isNull } from 'drizzle-orm';
import { chinaDate } from '../../../shared/china-date';
import type { BeneficiaryFile, ConsentInput } from '../../../shared/schemas/beneficiaries';
import type { Db } from '../../db/client';
import { beneficiaryConsents, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import { newPublicId } from '../../ids';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { fullFile } from './file-view';
import { findFileFor } from './find-file';

/** A guardian cannot have agreed on a day that has not come yet (China date). */
export function assertConsentDate(consentedOn: string, now: number): void {
  if (consentedOn > chinaDate(now)) throw new AppError('CONSENT_DATE_INVALID', { details: { consentedOn } });
}

/** Records a guardian's consent; the newest consent is the one in force. */
export function recordConsent(
  db: Db,
  actor: Actor,
  publicId: string,
  input: ConsentInput,
  meta: RequestMeta,
): BeneficiaryFile {
  const file = findFileFor(db, actor, publicId, 'beneficiary.write', meta);
  assertConsentDate(input.consentedOn, meta.now);
  return db.transaction(
    (tx) => {
      tx.insert(beneficiaryConsents)
        .values({
          publicId: newPublicId(),
          beneficiaryId: file.id,
          ...input,
          recordedBy: actor.userId,
          recordedAt: meta.now,
        })
        .run();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'beneficiary.consent_recorded',
          outcome: 'ok',
          targetType: 'beneficiary',
          targetId: publicId,
          details: { publishStory: input.publishStory, publishPhotos: input.publishPhotos },
        },
        meta,
      );
      return fullFile(tx, file.id, meta.now);
    },
    { behavior: 'immediate' },
  );
}

/**
 * The guardian takes consent back. In the same transaction the file's wishes leave public view:
 * published ones are cancelled, ones in review go back to the caseworker.
 */
export function withdrawConsent(db: Db, actor: Actor, publicId: string, meta: RequestMeta): BeneficiaryFile {
  const file = findFileFor(db, actor, publicId, 'beneficiary.write', meta);
  return db.transaction(
    (tx) => {
      tx.update(beneficiaryConsents)
        .set({ withdrawnAt: meta.now })
        .where(and(eq(beneficiaryConsents.beneficiaryId, file.id), isNull(beneficiaryConsents.withdrawnAt)))
        .run();
      const cancelled = tx
        .update(wishes)
        .set({ status: 'cancelled', updatedAt: meta.now })
        .where(and(eq(wishes.beneficiaryId, file.id), eq(wishes.status, 'published')))
        .returning({ id: wishes.id })
        .all();
      tx.update(wishes)
        .set({
          status: 'returned',
          returnReason: '监护人已撤回同意，请重新登记同意后再提交',
          updatedAt: meta.now,
        })
        .where(and(eq(wishes.beneficiaryId, file.id), eq(wishes.status, 'in_review')))
        .run();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'beneficiary.consent_withdrawn',
          outcome: 'ok',
          targetType: 'beneficiary',
          targetId: publicId,
          details: { wishesCancelled: cancelled.length },
        },
        meta,
      );
      return fullFile(tx, file.id, meta.now);
    },
    { behavior: 'immediate' },
  );
}

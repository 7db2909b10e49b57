import type { CreateWishInput, StaffWish } from '../../../shared/schemas/staff-wishes';
import type { Db } from '../../db/client';
import { wishes } from '../../db/schema';
import { newPublicId } from '../../ids';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { fileSnapshot } from '../beneficiaries/file-snapshot';
import { findFileFor } from '../beneficiaries/find-file';
import { staffWishById } from './staff-wish-view';
import { assertEvenShares, campaignOf, siteOf } from './wish-refs';

/** A new draft wish for a file the caseworker keeps. */
export function createWish(
  db: Db,
  actor: Actor,
  filePublicId: string,
  input: CreateWishInput,
  meta: RequestMeta,
): StaffWish {
  const file = findFileFor(db, actor, filePublicId, 'wish.write', meta);
  assertEvenShares(input.estimatedValueFen, input.shares);
  return db.transaction(
    (tx) => {
      const campaign = input.campaignId ? campaignOf(tx, file.orgId, input.campaignId, meta.now) : null;
      const publicId = newPublicId();
      const { id } = tx
        .insert(wishes)
        .values({
          publicId,
          orgId: file.orgId,
          beneficiaryId: file.id,
          title: input.title,
          description: input.description,
          kind: input.kind,
          quantity: input.quantity,
          estimatedValueFen: input.estimatedValueFen,
          shares: input.shares,
          handoverSiteId: siteOf(tx, file.orgId, input.handoverSiteId),
          campaignId: campaign?.id ?? null,
          ...fileSnapshot(file, meta.now),
          status: 'draft',
          createdBy: actor.userId,
          createdAt: meta.now,
          updatedAt: meta.now,
        })
        .returning({ id: wishes.id })
        .get();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'wish.created',
          outcome: 'ok',
          targetType: 'wish',
          targetId: publicId,
        },
        meta,
      );
      return staffWishById(tx, id);
    },
    { behavior: 'immediate' },
  );
}

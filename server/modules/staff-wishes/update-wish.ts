import { and, eq } from 'drizzle-orm';
import { isWishEditable } from '../../../shared/wish-lifecycle';
import type { StaffWish, UpdateWishInput } from '../../../shared/schemas/staff-wishes';
import type { Db } from '../../db/client';
import { beneficiaries, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { fileSnapshot } from '../beneficiaries/file-snapshot';
import { findWishFor } from './find-wish';
import { staffWishById } from './staff-wish-view';
import { assertEvenShares, campaignOf, siteOf } from './wish-refs';

/** Edits a draft or returned wish made at `version` (a stale version → 409 EDIT_CONFLICT). */
export function updateWish(
  db: Db,
  actor: Actor,
  publicId: string,
  input: UpdateWishInput,
  meta: RequestMeta,
): StaffWish {
  const found = findWishFor(db, actor, publicId, 'wish.write', meta);
  return db.transaction(
    (tx) => {
      const wish = tx.select().from(wishes).where(eq(wishes.id, found.id)).get();
      if (!wish) throw new AppError('WISH_NOT_FOUND');
      if (wish.version !== input.version) throw new AppError('EDIT_CONFLICT');
      if (!isWishEditable(wish.status)) throw new AppError('WISH_NOT_EDITABLE');
      const file = tx.select().from(beneficiaries).where(eq(beneficiaries.id, wish.beneficiaryId)).get();
      if (!file) throw new Error(`wish ${wish.id} has no file`);

      const { version, handoverSiteId, campaignId, ...fields } = input;
      assertEvenShares(fields.estimatedValueFen ?? wish.estimatedValueFen, fields.shares ?? wish.shares);
      const campaign =
        campaignId === undefined
          ? undefined
          : campaignId === null
            ? null
            : campaignOf(tx, wish.orgId, campaignId, meta.now);
      tx.update(wishes)
        .set({
          ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
          ...(handoverSiteId !== undefined && { handoverSiteId: siteOf(tx, wish.orgId, handoverSiteId) }),
          ...(campaign !== undefined && { campaignId: campaign?.id ?? null }),
          ...fileSnapshot(file, meta.now),
          version: version + 1,
          updatedAt: meta.now,
        })
        .where(and(eq(wishes.id, wish.id), eq(wishes.version, version)))
        .run();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'wish.updated',
          outcome: 'ok',
          targetType: 'wish',
          targetId: publicId,
        },
        meta,
      );
      return staffWishById(tx, wish.id);
    },
    { behavior: 'immediate' },
  );
}

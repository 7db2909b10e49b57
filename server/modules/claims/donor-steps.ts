import type { PurchaseBody, ShipBody, WithdrawBody } from '../../../shared/schemas/claims';
import type { Db } from '../../db/client';
import type { Tx } from '../../db/tx';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { claims, wishes } from '../../db/schema';
import { nextWishStatus } from '../../../shared/wish-lifecycle';
import type { Actor } from '../access/actor';
import type { RequestMeta } from '../audit/record-audit';
import { attachStepPhotos } from '../fulfilment/step-photos';
import { links, notify } from '../notifications/notify';
import type { ClaimRow } from './claim-view';
import { moveClaim } from './move-claim';
import { releaseShares } from './release-shares';

// The donor's steps of a claim. The route has already checked the claim is the actor's own.

export function markPurchased(
  db: Db,
  actor: Actor,
  row: ClaimRow,
  body: PurchaseBody,
  meta: RequestMeta,
): void {
  moveClaim(
    db,
    row.claim.id,
    {
      event: 'purchase',
      audit: 'claim.purchase',
      actorUserId: actor.userId,
      details: body.note ? { note: body.note } : undefined,
      after: (tx, r, eventId) => {
        if (body.receiptPhotoId) {
          attachStepPhotos(tx, [body.receiptPhotoId], { userId: actor.userId, orgId: null }, 'receipt', {
            wishId: r.wish.id,
            claimId: r.claim.id,
            eventId,
          });
        }
      },
    },
    meta,
  );
}

export function markShipped(db: Db, actor: Actor, row: ClaimRow, body: ShipBody, meta: RequestMeta): void {
  const post = body.mode === 'post';
  const shipping = {
    shippingMode: body.mode,
    carrier: post ? (body.carrier ?? null) : null,
    trackingNumber: post ? (body.trackingNumber ?? null) : null,
  };
  moveClaim(
    db,
    row.claim.id,
    {
      event: 'ship',
      audit: 'claim.ship',
      actorUserId: actor.userId,
      changes: shipping,
      details: {
        shippingMode: body.mode,
        ...(shipping.carrier && { carrier: shipping.carrier }),
        ...(shipping.trackingNumber && { trackingNumber: shipping.trackingNumber }),
        ...(body.note && { note: body.note }),
      },
      after: (tx, r) =>
        tellCaseworker(tx, r, 'item_shipped', meta.now, {
          shippingMode: body.mode,
          carrier: shipping.carrier,
        }),
    },
    meta,
  );
}

export function withdrawClaim(
  db: Db,
  actor: Actor,
  row: ClaimRow,
  body: WithdrawBody,
  meta: RequestMeta,
): void {
  moveClaim(
    db,
    row.claim.id,
    {
      event: 'withdraw',
      audit: 'claim.withdraw',
      actorUserId: actor.userId,
      changes: { endedAt: meta.now },
      details: body.reason ? { reason: body.reason } : undefined,
      after: (tx, r) => {
        releaseShares(tx, r, meta.now);
        tellCaseworker(tx, r, 'claim_withdrawn', meta.now);
      },
    },
    meta,
  );
}

export function confirmClaim(db: Db, actor: Actor, row: ClaimRow, meta: RequestMeta): void {
  moveClaim(
    db,
    row.claim.id,
    {
      event: 'confirm',
      audit: 'claim.confirm',
      actorUserId: actor.userId,
      changes: { endedAt: meta.now },
      after: (tx, r) => confirmWishWhenAllConfirmed(tx, r.wish.id, meta.now),
    },
    meta,
  );
}

/** The wish is confirmed once every donor who saw it through has confirmed. */
function confirmWishWhenAllConfirmed(tx: Tx, wishId: number, now: number): void {
  const waiting = tx
    .select({ id: claims.id })
    .from(claims)
    .where(and(eq(claims.wishId, wishId), notInArray(claims.stage, ['confirmed', 'withdrawn', 'overdue'])))
    .get();
  if (waiting) return;
  const wish = tx.select({ status: wishes.status }).from(wishes).where(eq(wishes.id, wishId)).get();
  const confirmed = wish && nextWishStatus(wish.status, 'confirm');
  if (!confirmed) return;
  tx.update(wishes)
    .set({ status: confirmed, confirmedAt: now, updatedAt: now, version: sql`${wishes.version} + 1` })
    .where(and(eq(wishes.id, wishId), inArray(wishes.status, ['delivered'])))
    .run();
}

/** The caseworker who posted the wish hears about its claim. */
export function tellCaseworker(
  tx: Tx,
  row: ClaimRow,
  kind: 'item_shipped' | 'claim_withdrawn' | 'claim_released',
  now: number,
  vars: { shippingMode?: ShipBody['mode']; carrier?: string | null } = {},
  dedupeKey?: string,
): void {
  notify(
    tx,
    {
      userId: row.wish.createdBy,
      kind,
      vars: { wishTitle: row.wish.title, ...vars },
      link: links.fulfilment(row.wish.publicId),
      wishId: row.wish.id,
      claimId: row.claim.id,
      ...(dedupeKey && { dedupeKey }),
    },
    now,
  );
}

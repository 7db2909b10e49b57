import { and, eq, inArray, sql } from 'drizzle-orm';
import { ACTIVE_CLAIM_STAGES, type NotificationKind } from '../../../shared/constants';
import type { HandOverBody, ThankYouBody } from '../../../shared/schemas/claims';
import type { Db } from '../../db/client';
import type { Tx } from '../../db/tx';
import {
  beneficiaryRestricted,
  claims,
  fulfilmentEvents,
  wishes,
  type FulfilmentDetails,
} from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { assertNoPrivacyFindings } from '../beneficiaries/privacy';
import { claimStep } from '../claims/move-claim';
import { postInKindGifts } from '../ledger/inkind-gifts';
import { sharesAwaitingPayment } from '../payments/wish-shares';
import { links, notify } from '../notifications/notify';
import { findWishFor, transition, type WishRow } from '../staff-wishes/find-wish';
import { canThank, handOverRefusal } from './fulfilment-rules';
import { attachStepPhotos } from './step-photos';

// Steps of the whole wish, taken by its caseworker: the hand-over and the child's thank-you.

/** Hands the gift to the child, with 1–6 photos: the wish is delivered, each claim handed over. */
export function handOverWish(
  db: Db,
  actor: Actor,
  publicId: string,
  body: HandOverBody,
  meta: RequestMeta,
): number {
  const found = findWishFor(db, actor, publicId, 'handover.write', meta);
  return db.transaction(
    (tx) => {
      const wish = rereadWish(tx, found.id);
      const active = activeClaims(tx, wish.id);
      const refusal = handOverRefusal(
        wish,
        active.map((c) => c.stage),
        sharesAwaitingPayment(tx, wish.id),
      );
      if (refusal) throw new AppError(refusal, { details: { status: wish.status, event: 'deliver' } });
      tx.update(wishes)
        .set({
          status: transition(wish.status, 'deliver'),
          deliveredAt: meta.now,
          updatedAt: meta.now,
          version: sql`${wishes.version} + 1`,
        })
        .where(eq(wishes.id, wish.id))
        .run();
      const eventId = wishEvent(tx, wish, 'handed_over', actor, meta, body.note ? { note: body.note } : null);
      attachStepPhotos(tx, body.photoIds, { userId: actor.userId, orgId: wish.orgId }, 'handover', {
        wishId: wish.id,
        claimId: null,
        eventId,
      });
      for (const c of active) {
        tx.update(claims)
          .set({
            stage: claimStep(c.stage, 'hand_over'),
            updatedAt: meta.now,
            version: sql`${claims.version} + 1`,
          })
          .where(eq(claims.id, c.id))
          .run();
      }
      postInKindGifts(tx, wish, active, meta.now);
      tellDonors(tx, wish, active, 'handed_over', meta.now);
      audit(tx, actor, 'wish.hand_over', wish, meta, { photos: body.photoIds.length });
      return wish.id;
    },
    { behavior: 'immediate' },
  );
}

/** The child's thank-you (text, optional photo of a drawing or letter), once, to every donor. */
export function thankDonors(
  db: Db,
  actor: Actor,
  publicId: string,
  body: ThankYouBody,
  meta: RequestMeta,
): number {
  const found = findWishFor(db, actor, publicId, 'handover.write', meta);
  return db.transaction(
    (tx) => {
      const wish = rereadWish(tx, found.id);
      if (!canThank(wish.status, alreadyThanked(tx, wish.id))) {
        throw new AppError('CLAIM_STEP_REFUSED', { details: { status: wish.status, event: 'thank' } });
      }
      // Donors are not the public, but they must not learn who the child is either.
      const restricted = tx
        .select()
        .from(beneficiaryRestricted)
        .where(eq(beneficiaryRestricted.beneficiaryId, wish.beneficiaryId))
        .get();
      if (restricted) assertNoPrivacyFindings([['text', body.text]], restricted);
      const eventId = wishEvent(tx, wish, 'thanked', actor, meta, { text: body.text });
      if (body.photoId) {
        attachStepPhotos(tx, [body.photoId], { userId: actor.userId, orgId: wish.orgId }, 'thank_you', {
          wishId: wish.id,
          claimId: null,
          eventId,
        });
      }
      const handedOver = tx
        .select({
          id: claims.id,
          stage: claims.stage,
          donorUserId: claims.donorUserId,
          publicId: claims.publicId,
        })
        .from(claims)
        .where(
          and(eq(claims.wishId, wish.id), inArray(claims.stage, ['handed_over', 'thanked', 'confirmed'])),
        )
        .all();
      tx.update(claims)
        .set({ stage: 'thanked', updatedAt: meta.now, version: sql`${claims.version} + 1` })
        .where(and(eq(claims.wishId, wish.id), eq(claims.stage, 'handed_over')))
        .run();
      tellDonors(tx, wish, handedOver, 'thank_you', meta.now);
      audit(tx, actor, 'wish.thank_you', wish, meta, { photo: Boolean(body.photoId) });
      return wish.id;
    },
    { behavior: 'immediate' },
  );
}

export function alreadyThanked(tx: Db | Tx, wishId: number): boolean {
  return Boolean(
    tx
      .select({ id: fulfilmentEvents.id })
      .from(fulfilmentEvents)
      .where(and(eq(fulfilmentEvents.wishId, wishId), eq(fulfilmentEvents.kind, 'thanked')))
      .get(),
  );
}

function rereadWish(tx: Tx, id: number): WishRow {
  const wish = tx.select().from(wishes).where(eq(wishes.id, id)).get();
  if (!wish) throw new AppError('WISH_NOT_FOUND');
  return wish;
}

function activeClaims(tx: Tx, wishId: number) {
  return tx
    .select({
      id: claims.id,
      stage: claims.stage,
      donorUserId: claims.donorUserId,
      publicId: claims.publicId,
      shares: claims.shares,
    })
    .from(claims)
    .where(and(eq(claims.wishId, wishId), inArray(claims.stage, ACTIVE_CLAIM_STAGES)))
    .all();
}

function wishEvent(
  tx: Tx,
  wish: WishRow,
  kind: 'handed_over' | 'thanked',
  actor: Actor,
  meta: RequestMeta,
  details: FulfilmentDetails | null,
): number {
  return tx
    .insert(fulfilmentEvents)
    .values({ wishId: wish.id, claimId: null, kind, actorUserId: actor.userId, at: meta.now, details })
    .returning({ id: fulfilmentEvents.id })
    .get().id;
}

function tellDonors(
  tx: Tx,
  wish: WishRow,
  to: { id: number; donorUserId: number; publicId: string }[],
  kind: NotificationKind,
  now: number,
): void {
  for (const c of to) {
    notify(
      tx,
      {
        userId: c.donorUserId,
        kind,
        vars: { wishTitle: wish.title },
        link: links.claim(c.publicId),
        wishId: wish.id,
        claimId: c.id,
      },
      now,
    );
  }
}

function audit(
  tx: Tx,
  actor: Actor,
  action: string,
  wish: WishRow,
  meta: RequestMeta,
  details: Record<string, number | boolean>,
): void {
  recordAudit(
    tx,
    {
      actorUserId: actor.userId,
      action,
      outcome: 'ok',
      targetType: 'wish',
      targetId: wish.publicId,
      details,
    },
    meta,
  );
}

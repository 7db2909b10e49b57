import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { route } from '../../route';
import type { Actor } from '../access/actor';
import type { RequestMeta } from '../audit/record-audit';
import type { Services } from '../../services';
import { eventPhotosFrom } from '../fulfilment/step-photos';
import { claimDetail } from './claim-view';
import { claimWishDurably } from './claim-wish';
import { confirmClaim, markPurchased, markShipped, withdrawClaim } from './donor-steps';
import { findClaimFor } from './find-claim';
import { idempotencyKeyOf } from './idempotency';
import { listMyClaims } from './list-claims';

export function claimRoutes(app: FastifyInstance, deps: AppDeps, services: Services): void {
  const { db, config } = deps;
  const signer = services.mediaSigner;
  const detail = (claimId: number, viewer: 'donor' | 'staff', userId: number, now: number) =>
    claimDetail(db, claimId, viewer, eventPhotosFrom(db, signer, userId, now));

  route(
    app,
    contract.claimWish,
    ({ actor, params, body, request, meta }) =>
      claimWishDurably(
        db,
        actor,
        {
          wishId: params.wishId,
          shares: body.shares,
          idempotencyKey: idempotencyKeyOf(request),
          maxActive: config.claims.maxActive,
        },
        meta,
      ),
    { status: 201 },
  );
  route(app, contract.listMyClaims, ({ actor, query }) => listMyClaims(db, actor, query));
  route(app, contract.getClaim, ({ actor, params, meta }) => {
    const { row, viewer } = findClaimFor(db, actor, params.claimId, meta, {
      donor: true,
      staffAction: 'fulfilment.read',
    });
    return detail(row.claim.id, viewer, actor.userId, meta.now);
  });

  // The donor's own steps: the claim must be theirs; the answer is the claim as it is now.
  const own = (actor: Actor, claimId: string, meta: RequestMeta) =>
    findClaimFor(db, actor, claimId, meta, { donor: true, staffAction: null }).row;
  route(app, contract.markPurchased, ({ actor, params, body, meta }) => {
    const row = own(actor, params.claimId, meta);
    markPurchased(db, actor, row, body, meta);
    return detail(row.claim.id, 'donor', actor.userId, meta.now);
  });
  route(app, contract.markShipped, ({ actor, params, body, meta }) => {
    const row = own(actor, params.claimId, meta);
    markShipped(db, actor, row, body, meta);
    return detail(row.claim.id, 'donor', actor.userId, meta.now);
  });
  route(app, contract.withdrawClaim, ({ actor, params, body, meta }) => {
    const row = own(actor, params.claimId, meta);
    withdrawClaim(db, actor, row, body, meta);
    return detail(row.claim.id, 'donor', actor.userId, meta.now);
  });
  route(app, contract.confirmClaim, ({ actor, params, meta }) => {
    const row = own(actor, params.claimId, meta);
    confirmClaim(db, actor, row, meta);
    return detail(row.claim.id, 'donor', actor.userId, meta.now);
  });
}

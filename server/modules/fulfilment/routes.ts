import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { route } from '../../route';
import type { Services } from '../../services';
import { claimDetail } from '../claims/claim-view';
import { findClaimFor } from '../claims/find-claim';
import { listStaffClaims } from '../claims/list-claims';
import { findWishFor } from '../staff-wishes/find-wish';
import { receiveClaim } from './receive-claim';
import { eventPhotosFrom } from './step-photos';
import { wishFulfilment } from './wish-fulfilment';
import { handOverWish, thankDonors } from './wish-steps';

export function fulfilmentRoutes(app: FastifyInstance, deps: AppDeps, services: Services): void {
  const { db } = deps;
  const signer = services.mediaSigner;
  const fulfilment = (wishId: number, userId: number, now: number) =>
    wishFulfilment(db, wishId, eventPhotosFrom(db, signer, userId, now));

  route(app, contract.listStaffClaims, ({ actor, query, meta }) => listStaffClaims(db, actor, query, meta));
  route(app, contract.receiveClaim, ({ actor, params, body, meta }) => {
    const { row } = findClaimFor(db, actor, params.claimId, meta, {
      donor: false,
      staffAction: 'handover.write',
    });
    receiveClaim(db, actor, row, body, meta);
    return claimDetail(db, row.claim.id, 'staff', eventPhotosFrom(db, signer, actor.userId, meta.now));
  });
  route(app, contract.getWishFulfilment, ({ actor, params, meta }) => {
    const wish = findWishFor(db, actor, params.wishId, 'fulfilment.read', meta);
    return fulfilment(wish.id, actor.userId, meta.now);
  });
  route(app, contract.handOverWish, ({ actor, params, body, meta }) =>
    fulfilment(handOverWish(db, actor, params.wishId, body, meta), actor.userId, meta.now),
  );
  route(app, contract.thankDonors, ({ actor, params, body, meta }) =>
    fulfilment(thankDonors(db, actor, params.wishId, body, meta), actor.userId, meta.now),
  );
}

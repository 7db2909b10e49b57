import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import type { ContentChecker } from '../../integrations/wechat/msg-sec-check';
import { route } from '../../route';
import { createCampaign, listStaffCampaigns } from './campaigns';
import { cancelWish } from './cancel-wish';
import { getStaffWish, listStaffWishes } from './list-staff-wishes';
import { approveWish, returnWish, reviewQueue } from './review';
import { createSite, listSites } from './sites';
import { submitWish } from './submit-wish';
import { updateWish } from './update-wish';

export function staffWishRoutes(
  app: FastifyInstance,
  { db }: AppDeps,
  contentChecker: ContentChecker | null,
): void {
  route(app, contract.listStaffWishes, ({ actor, query, meta }) => listStaffWishes(db, actor, query, meta));
  route(app, contract.getStaffWish, ({ actor, params, meta }) =>
    getStaffWish(db, actor, params.wishId, meta),
  );
  route(app, contract.updateWish, ({ actor, params, body, meta }) =>
    updateWish(db, actor, params.wishId, body, meta),
  );
  route(app, contract.submitWish, ({ actor, params, meta }) =>
    submitWish(db, contentChecker, actor, params.wishId, meta),
  );
  route(app, contract.cancelWish, ({ actor, params, body, meta }) =>
    cancelWish(db, actor, params.wishId, body.reason, meta),
  );
  route(app, contract.reviewQueue, ({ actor, query, meta }) => reviewQueue(db, actor, query, meta));
  route(app, contract.approveWish, ({ actor, params, meta }) => approveWish(db, actor, params.wishId, meta));
  route(app, contract.returnWish, ({ actor, params, body, meta }) =>
    returnWish(db, actor, params.wishId, body.reason, meta),
  );
  route(app, contract.listHandoverSites, ({ actor, meta }) => listSites(db, actor, meta));
  route(app, contract.createHandoverSite, ({ actor, body, meta }) => createSite(db, actor, body, meta), {
    status: 201,
  });
  route(app, contract.listStaffCampaigns, ({ actor, meta }) => listStaffCampaigns(db, actor, meta));
  route(app, contract.createCampaign, ({ actor, body, meta }) => createCampaign(db, actor, body, meta), {
    status: 201,
  });
}

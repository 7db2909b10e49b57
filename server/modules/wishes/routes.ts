import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { route } from '../../route';
import { listPublicCampaigns } from '../staff-wishes/campaigns';
import { getPublicWish } from './get-public-wish';
import { listPublishedWishes } from './list-published-wishes';
import { listWishTowns } from './list-wish-towns';

export function wishRoutes(app: FastifyInstance, deps: AppDeps): void {
  route(app, contract.listWishes, ({ query }) => listPublishedWishes(deps.db, query, Date.now()));
  route(app, contract.getWish, ({ params }) => getPublicWish(deps.db, params.wishId));
  route(app, contract.listWishTowns, () => listWishTowns(deps.db, Date.now()));
  route(app, contract.listCampaigns, () => listPublicCampaigns(deps.db, Date.now()));
}

import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { route } from '../../route';
import { getDashboard } from './get-dashboard';
import { listPurchasableWishes } from './purchasable-wishes';

export function dashboardRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  route(app, contract.getDashboard, ({ actor, query, meta }) => getDashboard(db, actor, query, meta));
  route(app, contract.listPurchasableWishes, ({ actor, meta }) => listPurchasableWishes(db, actor, meta));
}

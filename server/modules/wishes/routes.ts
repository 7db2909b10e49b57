import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { route } from '../../route';
import { listPublishedWishes } from './list-published-wishes';

export function wishRoutes(app: FastifyInstance, deps: AppDeps): void {
  route(app, contract.listWishes, ({ query }) => listPublishedWishes(deps.db, query));
}

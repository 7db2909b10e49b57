import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { route } from '../../route';
import type { Services } from '../../services';
import {
  getCheckpoint,
  getConsistencyProof,
  getInclusionProof,
  getLatestCheckpoint,
  getLeaves,
} from './read-log';

export function ledgerLogRoutes(app: FastifyInstance, deps: AppDeps, services: Services): void {
  const { db } = deps;
  const signer = services.ledgerSigner;
  route(app, contract.getLatestCheckpoint, () => getLatestCheckpoint(db, signer));
  route(app, contract.getCheckpoint, ({ params }) => getCheckpoint(db, signer, params.size));
  route(app, contract.getLedgerLeaves, ({ query }) => getLeaves(db, query));
  route(app, contract.getInclusionProof, ({ query }) => getInclusionProof(db, query));
  route(app, contract.getConsistencyProof, ({ query }) => getConsistencyProof(db, query));
}

import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { AppError } from '../../app-error';
import { checkDatabase } from '../../db/client';
import { route } from '../../route';

export function healthRoutes(app: FastifyInstance, deps: AppDeps): void {
  route(app, contract.health, () => {
    if (!checkDatabase(deps.sqlite)) throw new AppError('SERVICE_UNAVAILABLE');
    return { status: 'ok' as const, version: deps.config.version, db: 'ok' as const };
  });
}

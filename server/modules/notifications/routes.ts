import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import type { Services } from '../../services';

export function notificationRoutes(_app: FastifyInstance, _deps: AppDeps, _services: Services): void {}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Access } from '../../shared/contract';
import { AppError } from '../app-error';
import type { Db } from '../db/client';
import type { Actor } from '../modules/access/actor';
import { recordAudit, type RequestMeta } from '../modules/audit/record-audit';
import { loadActor } from '../modules/auth/load-actor';
import { bearerToken } from '../modules/auth/session-rules';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, from the session alone; null when anonymous. */
    actor: Actor | null;
    /** Why a presented token was not accepted. */
    authProblem: 'SESSION_EXPIRED' | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const ACCESS_RULES: readonly Access[] = ['public', 'user', 'platform_admin'];

export function requestMeta(request: FastifyRequest): RequestMeta {
  return { ip: request.ip, requestId: request.id, now: Date.now() };
}

/**
 * Turns the bearer token into `request.actor` and enforces each route's declared access rule.
 * An API route that declares none cannot be registered: the server refuses to start.
 */
export function registerAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('authProblem', null);

  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (route.url.startsWith('/api/') && !(access && ACCESS_RULES.includes(access))) {
      throw new Error(`API route ${String(route.method)} ${route.url} declares no access rule`);
    }
  });

  // Before the body is read or validated: an anonymous caller learns nothing about the schemas.
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const token = bearerToken(header);
      const result = token ? loadActor(db, token, Date.now()) : { problem: 'SESSION_EXPIRED' as const };
      if ('actor' in result) request.actor = result.actor;
      else request.authProblem = result.problem;
    }
    enforceAccess(request, db);
  });
}

function enforceAccess(request: FastifyRequest, db: Db): void {
  const access = request.routeOptions.config?.access;
  if (access === undefined || access === 'public') return;
  if (!request.actor) throw new AppError(request.authProblem ?? 'AUTH_REQUIRED');
  if (access === 'platform_admin' && !request.actor.isPlatformAdmin) {
    recordAudit(
      db,
      {
        actorUserId: request.actor.userId,
        action: 'access.refused',
        outcome: 'refused',
        details: { route: `${request.method} ${request.routeOptions.url}` },
      },
      requestMeta(request),
    );
    throw new AppError('FORBIDDEN');
  }
}

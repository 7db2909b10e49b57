import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { $ZodType, input, output } from 'zod/v4/core';
import type { Endpoint } from '../shared/contract';
import type { Actor } from './modules/access/actor';
import type { RequestMeta } from './modules/audit/record-audit';
import { requestMeta } from './plugins/auth';

type Input<E extends Endpoint, K extends 'params' | 'query' | 'body'> = E[K] extends $ZodType
  ? output<E[K]>
  : undefined;

export interface RouteInput<E extends Endpoint> {
  params: Input<E, 'params'>;
  query: Input<E, 'query'>;
  body: Input<E, 'body'>;
  /** The caller; for 'user' and 'platform_admin' routes never null (the auth plugin saw to it). */
  actor: E['access'] extends 'public' ? Actor | null : Actor;
  meta: RequestMeta;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * Registers one endpoint of the contract: its access rule is enforced, its params, query and
 * body are validated by their schemas, and its answer is serialized through the response schema
 * (the allow-list).
 */
export function route<E extends Endpoint>(
  app: FastifyInstance,
  endpoint: E,
  handler: (args: RouteInput<E>) => input<E['response']> | Promise<input<E['response']>>,
  options: { status?: number; rateLimit?: { max: number; timeWindowMs: number } } = {},
): void {
  const status = options.status ?? 200;
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    config: {
      access: endpoint.access,
      ...(options.rateLimit && {
        rateLimit: { max: options.rateLimit.max, timeWindow: options.rateLimit.timeWindowMs },
      }),
    },
    schema: {
      ...(endpoint.params && { params: endpoint.params }),
      ...(endpoint.query && { querystring: endpoint.query }),
      ...(endpoint.body && { body: endpoint.body }),
      response: { [status]: endpoint.response },
    },
    handler: async (request, reply) => {
      const result = await handler({
        params: request.params as Input<E, 'params'>,
        query: request.query as Input<E, 'query'>,
        body: request.body as Input<E, 'body'>,
        actor: request.actor as RouteInput<E>['actor'],
        meta: requestMeta(request),
        request,
        reply,
      });
      return reply.code(status).send(result);
    },
  });
}

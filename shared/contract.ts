import type { $ZodType } from 'zod/v4/core';
import { healthSchema } from './schemas/health';
import { wishFeedPageSchema, wishFeedQuerySchema } from './schemas/wishes';

/**
 * The API contract: every endpoint's method, path and schemas, used by the server to
 * validate and serialize and by the client to type its calls. One entry per endpoint.
 */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params?: $ZodType;
  query?: $ZodType;
  body?: $ZodType;
  response: $ZodType;
}

export const contract = {
  health: {
    method: 'GET',
    path: '/api/v1/health',
    response: healthSchema,
  },
  listWishes: {
    method: 'GET',
    path: '/api/v1/wishes',
    query: wishFeedQuerySchema,
    response: wishFeedPageSchema,
  },
} as const satisfies Record<string, Endpoint>;

export type Contract = typeof contract;
export type EndpointName = keyof Contract;

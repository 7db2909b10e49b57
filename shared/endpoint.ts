import type { $ZodType } from 'zod/v4/core';

/**
 * Who may call an endpoint at all; finer rules (organization, region, ownership) are decided by
 * the server's policy inside each use case.
 */
export type Access = 'public' | 'user' | 'platform_admin';

/** One endpoint of the API: method, path, access rule and the schemas of what crosses the wire. */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  access: Access;
  params?: $ZodType;
  query?: $ZodType;
  body?: $ZodType;
  response: $ZodType;
}

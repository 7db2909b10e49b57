import type { Endpoint } from '../endpoint';
import { healthSchema } from '../schemas/health';

/** Service health. */
export const healthEndpoints = {
  health: {
    method: 'GET',
    path: '/api/v1/health',
    access: 'public',
    response: healthSchema,
  },
} as const satisfies Record<string, Endpoint>;

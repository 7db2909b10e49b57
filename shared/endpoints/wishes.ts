import type { Endpoint } from '../endpoint';
import { wishFeedPageSchema, wishFeedQuerySchema } from '../schemas/wishes';

/** The public wish feed. */
export const wishesEndpoints = {
  listWishes: {
    method: 'GET',
    path: '/api/v1/wishes',
    access: 'public',
    query: wishFeedQuerySchema,
    response: wishFeedPageSchema,
  },
} as const satisfies Record<string, Endpoint>;

import type { Endpoint } from '../endpoint';
import {
  publicCampaignListSchema,
  publicWishDetailSchema,
  wishFeedPageSchema,
  wishFeedQuerySchema,
  wishParamsSchema,
  wishTownListSchema,
} from '../schemas/wishes';

/** What donors and the public read: the wish feed, a wish's public page, running campaigns. */
export const wishesEndpoints = {
  listWishes: {
    method: 'GET',
    path: '/api/v1/wishes',
    access: 'public',
    query: wishFeedQuerySchema,
    response: wishFeedPageSchema,
  },
  getWish: {
    method: 'GET',
    path: '/api/v1/wishes/:wishId',
    access: 'public',
    params: wishParamsSchema,
    response: publicWishDetailSchema,
  },
  listWishTowns: {
    method: 'GET',
    path: '/api/v1/towns',
    access: 'public',
    response: wishTownListSchema,
  },
  listCampaigns: {
    method: 'GET',
    path: '/api/v1/campaigns',
    access: 'public',
    response: publicCampaignListSchema,
  },
} as const satisfies Record<string, Endpoint>;

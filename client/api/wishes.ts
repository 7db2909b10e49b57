import { wishesEndpoints } from '../../shared/endpoints/wishes';
import type { WishFeedQuery } from '../../shared/schemas/wishes';
import { call } from './http';

export const listWishes = (query: WishFeedQuery) => call(wishesEndpoints.listWishes, { query });

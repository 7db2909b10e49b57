import { wishesEndpoints as e } from '../../shared/endpoints/wishes';
import type { WishFeedQuery } from '../../shared/schemas/wishes';
import { call } from './http';

export const listWishes = (query: WishFeedQuery) => call(e.listWishes, { query });
export const getWish = (wishId: string) => call(e.getWish, { params: { wishId } });
export const listCampaigns = () => call(e.listCampaigns);
export const listWishTowns = () => call(e.listWishTowns);

import { contract } from '../../shared/contract';
import type { WishFeedQuery } from '../../shared/schemas/wishes';
import { call } from './http';

export const listWishes = (query: WishFeedQuery) => call(contract.listWishes, { query });

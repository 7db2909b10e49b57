import { staffWishesEndpoints as e } from '../../shared/endpoints/staff-wishes';
import type {
  CreateCampaignBody,
  CreateHandoverSiteBody,
  StaffWishListQuery,
  UpdateWishBody,
} from '../../shared/schemas/staff-wishes';
import { call } from './http';

export const listStaffWishes = (query: StaffWishListQuery) => call(e.listStaffWishes, { query });
export const getStaffWish = (wishId: string) => call(e.getStaffWish, { params: { wishId } });
export const updateWish = (wishId: string, body: UpdateWishBody) =>
  call(e.updateWish, { params: { wishId }, body });
export const submitWish = (wishId: string) => call(e.submitWish, { params: { wishId } });
export const cancelWish = (wishId: string, reason?: string) =>
  call(e.cancelWish, { params: { wishId }, body: { reason } });
export const reviewQueue = (query: { limit?: number; cursor?: string }) => call(e.reviewQueue, { query });
export const approveWish = (wishId: string) => call(e.approveWish, { params: { wishId } });
export const returnWish = (wishId: string, reason: string) =>
  call(e.returnWish, { params: { wishId }, body: { reason } });
export const listHandoverSites = () => call(e.listHandoverSites);
export const createHandoverSite = (body: CreateHandoverSiteBody) => call(e.createHandoverSite, { body });
export const listStaffCampaigns = () => call(e.listStaffCampaigns);
export const createCampaign = (body: CreateCampaignBody) => call(e.createCampaign, { body });

import { fulfilmentEndpoints as e } from '../../shared/endpoints/fulfilment';
import type { HandOverBody, ReceiveBody, ThankYouBody } from '../../shared/schemas/claims';
import { call } from './http';

/** Which claims: on their way, received (to hand over), refused at receipt, finished, or all. */
export type StaffClaimStage = 'incoming' | 'received' | 'problem' | 'done' | 'all';

export const listStaffClaims = (query: { stage: StaffClaimStage; cursor?: string; limit?: number }) =>
  call(e.listStaffClaims, { query });
export const receiveClaim = (claimId: string, body: ReceiveBody) =>
  call(e.receiveClaim, { params: { claimId }, body });
export const getWishFulfilment = (wishId: string) => call(e.getWishFulfilment, { params: { wishId } });
export const handOverWish = (wishId: string, body: HandOverBody) =>
  call(e.handOverWish, { params: { wishId }, body });
export const thankDonors = (wishId: string, body: ThankYouBody) =>
  call(e.thankDonors, { params: { wishId }, body });

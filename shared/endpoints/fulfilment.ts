import type { Endpoint } from '../endpoint';
import {
  claimDetailSchema,
  claimPageSchema,
  claimParamsSchema,
  handOverBodySchema,
  receiveBodySchema,
  staffClaimsQuerySchema,
  thankYouBodySchema,
  wishFulfilmentSchema,
} from '../schemas/claims';
import { wishParamsSchema } from '../schemas/wishes';

/** The caseworker's side of fulfilment: incoming gifts, receipt, hand-over with photos, thank-you. */
export const fulfilmentEndpoints = {
  listStaffClaims: {
    method: 'GET',
    path: '/api/v1/staff/claims',
    access: 'user',
    query: staffClaimsQuerySchema,
    response: claimPageSchema,
  },
  receiveClaim: {
    method: 'POST',
    path: '/api/v1/staff/claims/:claimId/receive',
    access: 'user',
    params: claimParamsSchema,
    body: receiveBodySchema,
    response: claimDetailSchema,
  },
  getWishFulfilment: {
    method: 'GET',
    path: '/api/v1/staff/wishes/:wishId/fulfilment',
    access: 'user',
    params: wishParamsSchema,
    response: wishFulfilmentSchema,
  },
  handOverWish: {
    method: 'POST',
    path: '/api/v1/staff/wishes/:wishId/hand-over',
    access: 'user',
    params: wishParamsSchema,
    body: handOverBodySchema,
    response: wishFulfilmentSchema,
  },
  thankDonors: {
    method: 'POST',
    path: '/api/v1/staff/wishes/:wishId/thank-you',
    access: 'user',
    params: wishParamsSchema,
    body: thankYouBodySchema,
    response: wishFulfilmentSchema,
  },
} as const satisfies Record<string, Endpoint>;

import type { Endpoint } from '../endpoint';
import {
  claimBodySchema,
  claimDetailSchema,
  claimPageSchema,
  claimParamsSchema,
  claimSchema,
  myClaimsQuerySchema,
  purchaseBodySchema,
  shipBodySchema,
  withdrawBodySchema,
} from '../schemas/claims';
import { wishParamsSchema } from '../schemas/wishes';

/**
 * A donor's claims: claim (with an `Idempotency-Key` header), follow, and take the donor's
 * steps of the fulfilment. Claim details are also open to the organization's staff.
 */
export const claimsEndpoints = {
  claimWish: {
    method: 'POST',
    path: '/api/v1/wishes/:wishId/claims',
    access: 'user',
    params: wishParamsSchema,
    body: claimBodySchema,
    response: claimSchema,
  },
  listMyClaims: {
    method: 'GET',
    path: '/api/v1/me/claims',
    access: 'user',
    query: myClaimsQuerySchema,
    response: claimPageSchema,
  },
  getClaim: {
    method: 'GET',
    path: '/api/v1/claims/:claimId',
    access: 'user',
    params: claimParamsSchema,
    response: claimDetailSchema,
  },
  markPurchased: {
    method: 'POST',
    path: '/api/v1/claims/:claimId/purchase',
    access: 'user',
    params: claimParamsSchema,
    body: purchaseBodySchema,
    response: claimDetailSchema,
  },
  markShipped: {
    method: 'POST',
    path: '/api/v1/claims/:claimId/ship',
    access: 'user',
    params: claimParamsSchema,
    body: shipBodySchema,
    response: claimDetailSchema,
  },
  withdrawClaim: {
    method: 'POST',
    path: '/api/v1/claims/:claimId/withdraw',
    access: 'user',
    params: claimParamsSchema,
    body: withdrawBodySchema,
    response: claimDetailSchema,
  },
  confirmClaim: {
    method: 'POST',
    path: '/api/v1/claims/:claimId/confirm',
    access: 'user',
    params: claimParamsSchema,
    response: claimDetailSchema,
  },
} as const satisfies Record<string, Endpoint>;

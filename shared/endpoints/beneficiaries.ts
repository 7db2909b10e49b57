import type { Endpoint } from '../endpoint';
import {
  beneficiaryFileSchema,
  beneficiaryListQuerySchema,
  beneficiaryPageSchema,
  beneficiaryParamsSchema,
  consentBodySchema,
  createBeneficiaryBodySchema,
  updateBeneficiaryBodySchema,
} from '../schemas/beneficiaries';
import { createWishBodySchema, staffWishSchema } from '../schemas/staff-wishes';

/** Beneficiary files (一人一档), for caseworkers and reviewers of the owning organization and region. */
export const beneficiariesEndpoints = {
  listBeneficiaries: {
    method: 'GET',
    path: '/api/v1/beneficiaries',
    access: 'user',
    query: beneficiaryListQuerySchema,
    response: beneficiaryPageSchema,
  },
  createBeneficiary: {
    method: 'POST',
    path: '/api/v1/beneficiaries',
    access: 'user',
    body: createBeneficiaryBodySchema,
    response: beneficiaryFileSchema,
  },
  /** The whole file, restricted side included; every read is audited. */
  getBeneficiary: {
    method: 'GET',
    path: '/api/v1/beneficiaries/:beneficiaryId',
    access: 'user',
    params: beneficiaryParamsSchema,
    response: beneficiaryFileSchema,
  },
  updateBeneficiary: {
    method: 'PATCH',
    path: '/api/v1/beneficiaries/:beneficiaryId',
    access: 'user',
    params: beneficiaryParamsSchema,
    body: updateBeneficiaryBodySchema,
    response: beneficiaryFileSchema,
  },
  recordConsent: {
    method: 'POST',
    path: '/api/v1/beneficiaries/:beneficiaryId/consents',
    access: 'user',
    params: beneficiaryParamsSchema,
    body: consentBodySchema,
    response: beneficiaryFileSchema,
  },
  /** The guardian takes consent back: the file's published wishes leave the feed. */
  withdrawConsent: {
    method: 'POST',
    path: '/api/v1/beneficiaries/:beneficiaryId/consents/withdraw',
    access: 'user',
    params: beneficiaryParamsSchema,
    response: beneficiaryFileSchema,
  },
  createWish: {
    method: 'POST',
    path: '/api/v1/beneficiaries/:beneficiaryId/wishes',
    access: 'user',
    params: beneficiaryParamsSchema,
    body: createWishBodySchema,
    response: staffWishSchema,
  },
} as const satisfies Record<string, Endpoint>;

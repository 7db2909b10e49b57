import { beneficiariesEndpoints as e } from '../../shared/endpoints/beneficiaries';
import type {
  BeneficiaryListQuery,
  ConsentBody,
  CreateBeneficiaryBody,
  UpdateBeneficiaryBody,
} from '../../shared/schemas/beneficiaries';
import type { CreateWishBody } from '../../shared/schemas/staff-wishes';
import { call } from './http';

export const listBeneficiaries = (query: BeneficiaryListQuery) => call(e.listBeneficiaries, { query });
export const createBeneficiary = (body: CreateBeneficiaryBody) => call(e.createBeneficiary, { body });
/** The whole file, restricted side included (the server audits every read). */
export const getBeneficiary = (beneficiaryId: string) =>
  call(e.getBeneficiary, { params: { beneficiaryId } });
export const updateBeneficiary = (beneficiaryId: string, body: UpdateBeneficiaryBody) =>
  call(e.updateBeneficiary, { params: { beneficiaryId }, body });
export const recordConsent = (beneficiaryId: string, body: ConsentBody) =>
  call(e.recordConsent, { params: { beneficiaryId }, body });
export const withdrawConsent = (beneficiaryId: string) =>
  call(e.withdrawConsent, { params: { beneficiaryId } });
export const createWish = (beneficiaryId: string, body: CreateWishBody) =>
  call(e.createWish, { params: { beneficiaryId }, body });

import { ledgerEndpoints as e } from '../../shared/endpoints/ledger';
import type {
  LedgerQuery,
  RecordDonationBody,
  RecordPurchaseBody,
  RefundBody,
  RevalueBody,
  ReverseBody,
} from '../../shared/schemas/ledger';
import { call } from './http';

// The organization's books as finance keeps them, and donors' receipts. Every write carries the
// Idempotency-Key of one intended submission: a retry after a network error sends the same key,
// and the server answers with the entry it already made instead of posting it twice.

const keyed = (idempotencyKey: string) => ({ 'Idempotency-Key': idempotencyKey });

export const listLedger = (query: Partial<Pick<LedgerQuery, 'kind' | 'campaignId' | 'cursor' | 'limit'>>) =>
  call(e.listLedger, { query });
export const getFunds = () => call(e.getFunds);
export const recordDonation = (body: RecordDonationBody, idempotencyKey: string) =>
  call(e.recordDonation, { body, headers: keyed(idempotencyKey) });
export const recordPurchase = (body: RecordPurchaseBody, idempotencyKey: string) =>
  call(e.recordPurchase, { body, headers: keyed(idempotencyKey) });
export const refundDonation = (txId: string, body: RefundBody, idempotencyKey: string) =>
  call(e.refundDonation, { params: { txId }, body, headers: keyed(idempotencyKey) });
export const reverseLedgerTx = (txId: string, body: ReverseBody, idempotencyKey: string) =>
  call(e.reverseLedgerTx, { params: { txId }, body, headers: keyed(idempotencyKey) });
export const revalueInKind = (txId: string, body: RevalueBody, idempotencyKey: string) =>
  call(e.revalueInKind, { params: { txId }, body, headers: keyed(idempotencyKey) });
export const getReceipt = (receiptId: string) => call(e.getReceipt, { params: { receiptId } });
export const listMyReceipts = () => call(e.listMyReceipts);

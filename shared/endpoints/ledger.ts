import type { Endpoint } from '../endpoint';
import {
  fundsSchema,
  ledgerPageSchema,
  ledgerQuerySchema,
  ledgerTxSchema,
  myReceiptsSchema,
  receiptParamsSchema,
  receiptSchema,
  recordDonationBodySchema,
  recordPurchaseBodySchema,
  refundBodySchema,
  revalueBodySchema,
  reverseBodySchema,
  txParamsSchema,
} from '../schemas/ledger';

/**
 * The ledger as finance staff keep it (the current organization's books), and donors' receipts.
 * Every write needs an Idempotency-Key and posts one whole balanced transaction.
 */
export const ledgerEndpoints = {
  listLedger: {
    method: 'GET',
    path: '/api/v1/staff/ledger',
    access: 'user',
    query: ledgerQuerySchema,
    response: ledgerPageSchema,
  },
  getFunds: {
    method: 'GET',
    path: '/api/v1/staff/funds',
    access: 'user',
    response: fundsSchema,
  },
  recordDonation: {
    method: 'POST',
    path: '/api/v1/staff/donations',
    access: 'user',
    body: recordDonationBodySchema,
    response: ledgerTxSchema,
  },
  recordPurchase: {
    method: 'POST',
    path: '/api/v1/staff/purchases',
    access: 'user',
    body: recordPurchaseBodySchema,
    response: ledgerTxSchema,
  },
  refundDonation: {
    method: 'POST',
    path: '/api/v1/staff/ledger/:txId/refund',
    access: 'user',
    params: txParamsSchema,
    body: refundBodySchema,
    response: ledgerTxSchema,
  },
  reverseLedgerTx: {
    method: 'POST',
    path: '/api/v1/staff/ledger/:txId/reverse',
    access: 'user',
    params: txParamsSchema,
    body: reverseBodySchema,
    response: ledgerTxSchema,
  },
  revalueInKind: {
    method: 'POST',
    path: '/api/v1/staff/ledger/:txId/revalue',
    access: 'user',
    params: txParamsSchema,
    body: revalueBodySchema,
    response: ledgerTxSchema,
  },
  getReceipt: {
    method: 'GET',
    path: '/api/v1/receipts/:receiptId',
    access: 'public',
    params: receiptParamsSchema,
    response: receiptSchema,
  },
  listMyReceipts: {
    method: 'GET',
    path: '/api/v1/me/receipts',
    access: 'user',
    response: myReceiptsSchema,
  },
} as const satisfies Record<string, Endpoint>;

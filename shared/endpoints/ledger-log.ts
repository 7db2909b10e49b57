import type { Endpoint } from '../endpoint';
import {
  checkpointParamsSchema,
  checkpointSchema,
  consistencyProofSchema,
  consistencyQuerySchema,
  inclusionProofSchema,
  inclusionQuerySchema,
  leavesQuerySchema,
  leavesSchema,
} from '../schemas/ledger-log';

/**
 * The public, tamper-evident ledger log: signed checkpoints, leaves and proofs, for anyone to
 * check with shared/ledger-verify.ts (the receipt page does, in the browser). Only what the latest
 * checkpoint covers is served: that is the log as published.
 */
export const ledgerLogEndpoints = {
  getLatestCheckpoint: {
    method: 'GET',
    path: '/api/v1/ledger/checkpoint',
    access: 'public',
    response: checkpointSchema,
  },
  getCheckpoint: {
    method: 'GET',
    path: '/api/v1/ledger/checkpoints/:size',
    access: 'public',
    params: checkpointParamsSchema,
    response: checkpointSchema,
  },
  getLedgerLeaves: {
    method: 'GET',
    path: '/api/v1/ledger/leaves',
    access: 'public',
    query: leavesQuerySchema,
    response: leavesSchema,
  },
  getInclusionProof: {
    method: 'GET',
    path: '/api/v1/ledger/proofs/inclusion',
    access: 'public',
    query: inclusionQuerySchema,
    response: inclusionProofSchema,
  },
  getConsistencyProof: {
    method: 'GET',
    path: '/api/v1/ledger/proofs/consistency',
    access: 'public',
    query: consistencyQuerySchema,
    response: consistencyProofSchema,
  },
} as const satisfies Record<string, Endpoint>;

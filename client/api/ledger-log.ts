import { ledgerLogEndpoints as e } from '../../shared/endpoints/ledger-log';
import { call } from './http';

// The public ledger log, no login: signed checkpoints and the proofs the browser checks.

export const getLatestCheckpoint = () => call(e.getLatestCheckpoint);
export const getCheckpoint = (size: number) => call(e.getCheckpoint, { params: { size: String(size) } });
export const getInclusionProof = (index: number, size: number) =>
  call(e.getInclusionProof, { query: { index: String(index), size: String(size) } });
export const getConsistencyProof = (first: number, second: number) =>
  call(e.getConsistencyProof, { query: { first: String(first), second: String(second) } });
export const getLedgerLeaves = (start: number, end: number) =>
  call(e.getLedgerLeaves, { query: { start: String(start), end: String(end) } });

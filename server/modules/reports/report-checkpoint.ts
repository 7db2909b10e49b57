import { consistencyPath } from '../../../shared/merkle';
import type { DbOrTx } from '../../db/tx';
import { storedSubtrees } from '../ledger/tree-store';
import { createCheckpoint } from '../ledger-log/create-checkpoint';
import type { LedgerSigner } from '../ledger-log/signing-key';

/** The ledger checkpoint a report is computed from: it covers leaves [0, size). */
export interface ReportCheckpoint {
  size: number;
  /** base64 root hash. */
  rootHash: string;
  /** The signed note (C2SP tlog-checkpoint). */
  note: string;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * The one place a report gets its checkpoint: the log as it is now, signed for the report (or the
 * checkpoint already signed at this size — one size never has two roots). Called inside the
 * report's write transaction, so no leaf lands in between and both commit together.
 */
export function checkpointForReport(tx: DbOrTx, signer: LedgerSigner, now: number): ReportCheckpoint {
  const checkpoint = createCheckpoint(tx, signer, 'report', now);
  return { size: checkpoint.size, rootHash: checkpoint.rootHash, note: checkpoint.note };
}

/** The proof that the log of `first` leaves is a prefix of the log of `second` (base64 hashes). */
export function consistencyProofOf(tx: DbOrTx, first: number, second: number): string[] {
  return consistencyPath(storedSubtrees(tx), first, second).map(base64);
}

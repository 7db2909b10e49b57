import { max } from 'drizzle-orm';
import { consistencyPath } from '../../../shared/merkle';
import type { DbOrTx } from '../../db/tx';
import { ledgerTransactions } from '../../db/schema';
import { storedSubtrees, treeRoot } from '../ledger/tree-store';

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
 * The one place a report gets its checkpoint: a checkpoint of the whole log as it is now, made
 * for the report. Called inside the report's write transaction, so no leaf lands in between.
 */
export function checkpointForReport(tx: DbOrTx, _now: number): ReportCheckpoint {
  const size =
    (tx
      .select({ n: max(ledgerTransactions.leafIndex) })
      .from(ledgerTransactions)
      .get()?.n ?? -1) + 1;
  const rootHash = base64(treeRoot(tx, size));
  // Until signed checkpoints land (server/modules/ledger-log), the note is the unsigned body.
  return { size, rootHash, note: `xinyuan/ledger\n${size}\n${rootHash}\n` };
}

/** The proof that the log of `first` leaves is a prefix of the log of `second` (base64 hashes). */
export function consistencyProofOf(tx: DbOrTx, first: number, second: number): string[] {
  return consistencyPath(storedSubtrees(tx), first, second).map(base64);
}

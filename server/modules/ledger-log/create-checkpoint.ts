import { desc, eq, max } from 'drizzle-orm';
import { formatCheckpoint, signNote } from '../../../shared/checkpoint';
import type { DbOrTx } from '../../db/tx';
import { ledgerCheckpoints, ledgerTransactions } from '../../db/schema';
import { treeRoot } from '../ledger/tree-store';
import type { LedgerSigner } from './signing-key';

export type CheckpointReason = (typeof ledgerCheckpoints.$inferSelect)['reason'];
export type StoredCheckpoint = typeof ledgerCheckpoints.$inferSelect;

/** How many leaves the log holds now. */
export function logSize(db: DbOrTx): number {
  return (
    (db
      .select({ n: max(ledgerTransactions.leafIndex) })
      .from(ledgerTransactions)
      .get()?.n ?? -1) + 1
  );
}

export function checkpointAt(db: DbOrTx, size: number): StoredCheckpoint | undefined {
  return db.select().from(ledgerCheckpoints).where(eq(ledgerCheckpoints.size, size)).get();
}

export function latestCheckpoint(db: DbOrTx): StoredCheckpoint | undefined {
  return db.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.size)).limit(1).get();
}

/**
 * Signs the log as it is now and keeps the signed note. A size already signed keeps its first
 * checkpoint, which is returned: one size never gets two roots (the size is the primary key, so
 * a racing process cannot add a second one either). Inside the caller's transaction when given
 * one (a report and its checkpoint commit together); otherwise in its own.
 */
export function createCheckpoint(
  db: DbOrTx,
  signer: LedgerSigner,
  reason: CheckpointReason,
  now: number,
): StoredCheckpoint {
  return db.transaction(
    (tx) => {
      const size = logSize(tx);
      const existing = checkpointAt(tx, size);
      if (existing) return existing;
      const root = treeRoot(tx, size);
      const note = signNote(formatCheckpoint({ origin: signer.origin, size, root }), signer);
      tx.insert(ledgerCheckpoints)
        .values({ size, rootHash: Buffer.from(root).toString('base64'), note, createdAt: now, reason })
        .onConflictDoNothing()
        .run();
      return checkpointAt(tx, size) as StoredCheckpoint;
    },
    { behavior: 'immediate' },
  );
}

/** A day between regular checkpoints, as a CT log's maximum merge delay. */
export const DAILY_CHECKPOINT_MS = 24 * 3_600_000;

/**
 * The sweeper's checkpoint: the log's first (even of an empty log, so there is always one to
 * publish), then one a day when the log grew. Returns how many it signed (0 or 1); running it
 * again, or from two processes at once, signs no second one.
 */
export function makeDailyCheckpoint(db: DbOrTx, signer: LedgerSigner, now: number): number {
  const last = latestCheckpoint(db);
  if (last && (now - last.createdAt < DAILY_CHECKPOINT_MS || logSize(db) === last.size)) return 0;
  return createCheckpoint(db, signer, 'daily', now).size === last?.size ? 0 : 1;
}

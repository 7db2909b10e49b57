import { and, asc, gte, lt } from 'drizzle-orm';
import { consistencyPath, inclusionPath } from '../../../shared/merkle';
import type {
  ConsistencyProof,
  ConsistencyQuery,
  InclusionProof,
  InclusionQuery,
  LeavesPage,
  LeavesQuery,
  PublicCheckpoint,
} from '../../../shared/schemas/ledger-log';
import { LEAVES_PER_REQUEST_MAX } from '../../../shared/schemas/ledger-log';
import { parseCheckpoint } from '../../../shared/checkpoint';
import type { Db } from '../../db/client';
import { ledgerTransactions } from '../../db/schema';
import { AppError } from '../../app-error';
import { storedSubtrees } from '../ledger/tree-store';
import { checkpointAt, latestCheckpoint, type StoredCheckpoint } from './create-checkpoint';
import type { LedgerSigner } from './signing-key';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function publicCheckpoint(row: StoredCheckpoint, signer: LedgerSigner): PublicCheckpoint {
  const body = row.note.slice(0, row.note.lastIndexOf('\n\n') + 1);
  const parsed = parseCheckpoint(body);
  return {
    origin: parsed.ok ? parsed.checkpoint.origin : signer.origin,
    size: row.size,
    rootHash: row.rootHash,
    note: row.note,
    vkey: signer.vkey,
    createdAt: new Date(row.createdAt).toISOString(),
    reason: row.reason,
  };
}

export function getLatestCheckpoint(db: Db, signer: LedgerSigner): PublicCheckpoint {
  const row = latestCheckpoint(db);
  if (!row) throw new AppError('CHECKPOINT_NOT_FOUND');
  return publicCheckpoint(row, signer);
}

export function getCheckpoint(db: Db, signer: LedgerSigner, size: number): PublicCheckpoint {
  const row = checkpointAt(db, size);
  if (!row) throw new AppError('CHECKPOINT_NOT_FOUND');
  return publicCheckpoint(row, signer);
}

/** The published size: what the latest checkpoint covers (0 before the first). */
function publishedSize(db: Db): number {
  return latestCheckpoint(db)?.size ?? 0;
}

function assertRange(ok: boolean, details: object): void {
  if (!ok) throw new AppError('PROOF_RANGE_INVALID', { details });
}

/** Leaves [start, end) of the published log, at most LEAVES_PER_REQUEST_MAX of them. */
export function getLeaves(db: Db, { start, end }: LeavesQuery): LeavesPage {
  const size = publishedSize(db);
  assertRange(start <= end && end <= size && end - start <= LEAVES_PER_REQUEST_MAX, {
    size,
    max: LEAVES_PER_REQUEST_MAX,
  });
  const rows = db
    .select({ index: ledgerTransactions.leafIndex, leaf: ledgerTransactions.leaf })
    .from(ledgerTransactions)
    .where(and(gte(ledgerTransactions.leafIndex, start), lt(ledgerTransactions.leafIndex, end)))
    .orderBy(asc(ledgerTransactions.leafIndex))
    .all();
  return { start, end, leaves: rows };
}

/** The audit path of leaf `index` in the published tree of `size` leaves: O(log n) stored nodes. */
export function getInclusionProof(db: Db, { index, size }: InclusionQuery): InclusionProof {
  const published = publishedSize(db);
  assertRange(index < size && size <= published, { size: published });
  const mth = storedSubtrees(db);
  return {
    index,
    size,
    leafHash: base64(mth(index, index + 1)),
    proof: inclusionPath(mth, index, size).map(base64),
  };
}

/** The proof that the published tree of `first` leaves is a prefix of the one of `second`. */
export function getConsistencyProof(db: Db, { first, second }: ConsistencyQuery): ConsistencyProof {
  const published = publishedSize(db);
  assertRange(first <= second && second <= published, { size: published });
  return { first, second, proof: consistencyPath(storedSubtrees(db), first, second).map(base64) };
}

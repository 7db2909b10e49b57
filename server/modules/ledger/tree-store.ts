import { and, eq } from 'drizzle-orm';
import { EMPTY_ROOT, nodeHash, split, type Hash, type SubtreeHash } from '../../../shared/merkle';
import type { DbOrTx } from '../../db/tx';
import { ledgerTreeNodes } from '../../db/schema';

function readNode(db: DbOrTx, level: number, idx: number): Hash {
  const row = db
    .select({ hash: ledgerTreeNodes.hash })
    .from(ledgerTreeNodes)
    .where(and(eq(ledgerTreeNodes.level, level), eq(ledgerTreeNodes.idx, idx)))
    .get();
  if (!row) throw new Error(`Merkle log has no node ${level}/${idx}`);
  return new Uint8Array(row.hash);
}

/**
 * Appends leaf `index` and every complete subtree it closes (at most log n nodes). The level-0
 * insert is what seals a ledger transaction: a trigger refuses it unless the postings balance.
 */
export function appendLeaf(db: DbOrTx, index: number, leaf: Hash): void {
  const put = (level: number, idx: number, hash: Hash) =>
    db
      .insert(ledgerTreeNodes)
      .values({ level, idx, hash: Buffer.from(hash) })
      .run();
  put(0, index, leaf);
  let hash = leaf;
  for (let level = 0, idx = index; idx % 2 === 1; level++, idx = (idx - 1) / 2) {
    hash = nodeHash(readNode(db, level, idx - 1), hash);
    put(level + 1, (idx - 1) / 2, hash);
  }
}

/** MTH of leaves [start, end) from the stored complete subtrees: O(log n) reads. */
export function storedSubtrees(db: DbOrTx): SubtreeHash {
  const mth: SubtreeHash = (start, end) => {
    const n = end - start;
    if (n === 0) return EMPTY_ROOT;
    if ((n & (n - 1)) === 0 && start % n === 0) return readNode(db, Math.log2(n), start / n);
    const k = split(n);
    return nodeHash(mth(start, start + k), mth(start + k, end));
  };
  return mth;
}

/** The tree head of the first `size` leaves. */
export function treeRoot(db: DbOrTx, size: number): Hash {
  return storedSubtrees(db)(0, size);
}

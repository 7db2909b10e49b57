import { createHash } from 'node:crypto';
import { nodeHash, split, EMPTY_ROOT, HASH_SIZE, type Hash, type SubtreeHash } from '../../../shared/merkle';

/**
 * The Merkle log's complete subtrees rebuilt in memory, for the verify command: level 0 holds the
 * leaf hashes, level l+1 the hashes of pairs of level l — exactly the nodes `ledger_tree_nodes`
 * stores. Hashing uses node:crypto (several times faster than the pure-JS hash shared/merkle
 * needs for the browser); the unit tests hold it to shared/merkle's tree heads and proofs.
 */
const LEAF_PREFIX = Buffer.of(0x00);
const NODE_PREFIX = Buffer.of(0x01);

export function fastLeafHash(leaf: string | Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

/** Collects leaf hashes in order, then builds every level above them. */
export class TreeLevels {
  private leaves: Buffer;
  private count = 0;
  /** levels[l] holds floor(n / 2^l) hashes of HASH_SIZE bytes each. */
  private levels: Buffer[] = [];

  constructor(expected = 1024) {
    this.leaves = Buffer.alloc(Math.max(1, expected) * HASH_SIZE);
  }

  get size(): number {
    return this.count;
  }

  push(hash: Uint8Array): void {
    if ((this.count + 1) * HASH_SIZE > this.leaves.length) {
      const grown = Buffer.alloc(this.leaves.length * 2);
      this.leaves.copy(grown);
      this.leaves = grown;
    }
    this.leaves.set(hash, this.count * HASH_SIZE);
    this.count += 1;
  }

  /** Builds the levels above the leaves; call once all leaves are in. */
  build(): this {
    let level = this.leaves.subarray(0, this.count * HASH_SIZE);
    this.levels = [level];
    while (level.length >= 2 * HASH_SIZE) {
      const pairs = Math.floor(level.length / (2 * HASH_SIZE));
      const next = Buffer.alloc(pairs * HASH_SIZE);
      for (let i = 0; i < pairs; i++) {
        const at = i * 2 * HASH_SIZE;
        createHash('sha256')
          .update(NODE_PREFIX)
          .update(level.subarray(at, at + 2 * HASH_SIZE))
          .digest()
          .copy(next, i * HASH_SIZE);
      }
      this.levels.push(next);
      level = next;
    }
    return this;
  }

  /** How many complete nodes level `l` has. */
  nodesAt(level: number): number {
    return (this.levels[level]?.length ?? 0) / HASH_SIZE;
  }

  get height(): number {
    return this.levels.length;
  }

  node(level: number, idx: number): Buffer | null {
    const row = this.levels[level];
    if (!row || (idx + 1) * HASH_SIZE > row.length || idx < 0) return null;
    return row.subarray(idx * HASH_SIZE, (idx + 1) * HASH_SIZE);
  }

  /** MTH of leaves [start, end), from the complete subtrees: what the proofs ask for. */
  readonly subtrees: SubtreeHash = (start, end) => {
    const n = end - start;
    if (n === 0) return EMPTY_ROOT;
    if ((n & (n - 1)) === 0 && start % n === 0) {
      const hash = this.node(Math.log2(n), start / n);
      if (!hash) throw new RangeError(`no subtree [${start}, ${end}) in a tree of ${this.count}`);
      return hash;
    }
    const k = split(n);
    return nodeHash(this.subtrees(start, start + k), this.subtrees(start + k, end));
  };

  /** The tree head of the first `size` leaves. */
  rootAt(size: number): Hash {
    if (size > this.count) throw new RangeError(`no tree of ${size} in a log of ${this.count}`);
    return this.subtrees(0, size);
  }
}

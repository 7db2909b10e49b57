import { sha256 } from '@noble/hashes/sha2.js';

/**
 * The append-only Merkle log of RFC 9162 §2.1 (as RFC 6962): SHA-256, leaves hashed with a 0x00
 * prefix, interior nodes with 0x01, a tree of n leaves split at the largest power of two below n.
 * One module for the server, the command line and the browser (pure JS hashing, no Node APIs),
 * so a donor's phone checks a proof with exactly the code that made it.
 */
export type Hash = Uint8Array;

export const HASH_SIZE = 32;
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

function hashOf(...parts: Uint8Array[]): Hash {
  const h = sha256.create();
  for (const p of parts) h.update(p);
  return h.digest();
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = hashOf();

export function leafHash(leaf: Uint8Array): Hash {
  return hashOf(LEAF_PREFIX, leaf);
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return hashOf(NODE_PREFIX, left, right);
}

/** The largest power of two smaller than n (n ≥ 2). */
export function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The tree head (MTH) over leaf hashes, in one pass: a stack of complete subtrees, merged as
 * equal sizes meet, then folded right to left — the same tree as the recursive definition.
 */
export function rootOf(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  const stack: { size: number; hash: Hash }[] = [];
  for (const leaf of leaves) {
    let top = { size: 1, hash: leaf };
    for (let prev = stack.at(-1); prev && prev.size === top.size; prev = stack.at(-1)) {
      stack.pop();
      top = { size: prev.size * 2, hash: nodeHash(prev.hash, top.hash) };
    }
    stack.push(top);
  }
  let hash = (stack.pop() as { hash: Hash }).hash;
  for (let next = stack.pop(); next; next = stack.pop()) hash = nodeHash(next.hash, hash);
  return hash;
}

function assertRange(ok: boolean, what: string): void {
  if (!ok) throw new RangeError(what);
}

/**
 * The hash of leaves [start, end) — a subtree the proofs below ask for. Every range they ask for
 * is one of the tree's own nodes, so a store of complete subtrees answers it in O(log n).
 */
export type SubtreeHash = (start: number, end: number) => Hash;

/** MTH over an in-memory array of leaf hashes. */
export function subtreesOf(leaves: readonly Hash[]): SubtreeHash {
  return (start, end) => rootOf(leaves.slice(start, end));
}

/** The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 §2.1.3.1). */
export function inclusionPath(mth: SubtreeHash, index: number, size: number): Hash[] {
  assertRange(
    Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size,
    `no leaf ${index} in a tree of ${size}`,
  );
  const path = (m: number, start: number, end: number): Hash[] => {
    if (end - start === 1) return [];
    const k = split(end - start);
    return m < k
      ? [...path(m, start, start + k), mth(start + k, end)]
      : [...path(m - k, start + k, end), mth(start, start + k)];
  };
  return path(index, 0, size);
}

/** The proof that the tree of `first` leaves is a prefix of the tree of `second` (§2.1.4.1). */
export function consistencyPath(mth: SubtreeHash, first: number, second: number): Hash[] {
  assertRange(
    Number.isSafeInteger(first) && Number.isSafeInteger(second) && first >= 0 && first <= second,
    `no consistency proof from ${first} to ${second}`,
  );
  if (first === 0 || first === second) return [];
  const subproof = (m: number, start: number, end: number, whole: boolean): Hash[] => {
    if (m === end - start) return whole ? [] : [mth(start, end)];
    const k = split(end - start);
    return m <= k
      ? [...subproof(m, start, start + k, whole), mth(start + k, end)]
      : [...subproof(m - k, start + k, end, false), mth(start, start + k)];
  };
  return subproof(first, 0, second, true);
}

export function inclusionProof(leaves: readonly Hash[], index: number, size = leaves.length): Hash[] {
  assertRange(size <= leaves.length, `no leaf ${index} in a tree of ${size}`);
  return inclusionPath(subtreesOf(leaves), index, size);
}

export function consistencyProof(leaves: readonly Hash[], first: number, second = leaves.length): Hash[] {
  assertRange(second <= leaves.length, `no consistency proof from ${first} to ${second}`);
  return consistencyPath(subtreesOf(leaves), first, second);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

const isHash = (h: unknown): h is Hash => h instanceof Uint8Array && h.length === HASH_SIZE;

/** Whether `proof` shows `leaf` (a leaf hash) at `index` in the tree of `size` with `root` (§2.1.3.2). */
export function verifyInclusion(
  leaf: Hash,
  index: number,
  size: number,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  if (!isHash(leaf) || !isHash(root) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** Whether `proof` shows the tree of `first` leaves (`firstRoot`) is a prefix of `second`'s (§2.1.4.2). */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Hash,
  secondRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (!isHash(firstRoot) || !isHash(secondRoot) || !Array.isArray(proof) || !proof.every(isHash))
    return false;
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second)
    return false;
  if (first === second) return proof.length === 0 && equal(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0 && equal(firstRoot, EMPTY_ROOT);
  if (proof.length === 0) return false;
  // A power-of-two first tree is itself a node of the second: its root starts the path.
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0] as Hash;
  let sr = path[0] as Hash;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, firstRoot) && equal(sr, secondRoot);
}

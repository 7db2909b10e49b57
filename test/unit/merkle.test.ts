import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  nodeHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from '../../shared/merkle';

const hex = (h: Uint8Array) => Buffer.from(h).toString('hex');
const unhex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

// The Certificate Transparency reference inputs and tree heads (RFC 6962 / RFC 9162 test vectors).
const CT_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_LEAVES = CT_INPUTS.map((s) => leafHash(unhex(s)));

describe('RFC 9162 Merkle tree: known answers', () => {
  it('matches the reference tree head of every size 0..8', () => {
    expect(hex(EMPTY_ROOT)).toBe(CT_ROOTS[0]);
    for (let n = 0; n <= 8; n++) expect(hex(rootOf(CT_LEAVES.slice(0, n))), `size ${n}`).toBe(CT_ROOTS[n]);
  });

  it('matches the reference inclusion proofs', () => {
    expect(inclusionProof(CT_LEAVES, 0, 8).map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(inclusionProof(CT_LEAVES, 5, 8).map(hex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  it('hashes leaves with 0x00 and nodes with 0x01 (no second-preimage between them)', () => {
    const [a, b] = CT_LEAVES as [Hash, Hash];
    expect(hex(nodeHash(a, b))).toBe(CT_ROOTS[2]);
    expect(hex(leafHash(new Uint8Array([...a, ...b])))).not.toBe(CT_ROOTS[2]);
  });
});

describe('RFC 9162 Merkle tree: every proof of every small tree', () => {
  const N = 40;
  const leaves = Array.from({ length: N }, (_, i) => leafHash(new TextEncoder().encode(`ledger-tx-${i}`)));
  const roots = Array.from({ length: N + 1 }, (_, n) => rootOf(leaves.slice(0, n)));
  const flip = (proof: Hash[], at: number) =>
    proof.map((h, j) => (j === at ? Uint8Array.from(h, (x, k) => (k === 5 ? x ^ 1 : x)) : h));

  it('verifies every inclusion proof, and refuses it flipped, truncated, extended or moved', () => {
    for (let n = 1; n <= N; n++) {
      for (let i = 0; i < n; i++) {
        const leaf = leaves[i] as Hash;
        const root = roots[n] as Hash;
        const proof = inclusionProof(leaves, i, n);
        expect(verifyInclusion(leaf, i, n, proof, root), `${i}/${n}`).toBe(true);
        if (proof.length > 0) {
          expect(verifyInclusion(leaf, i, n, flip(proof, proof.length - 1), root)).toBe(false);
          expect(verifyInclusion(leaf, i, n, proof.slice(0, -1), root)).toBe(false);
        }
        expect(verifyInclusion(leaf, i, n, [...proof, leaf], root)).toBe(false);
        if (n > 1) expect(verifyInclusion(leaf, (i + 1) % n, n, proof, root)).toBe(false);
        expect(verifyInclusion(leafHash(Uint8Array.of(9, 9)), i, n, proof, root)).toBe(false);
      }
    }
  });

  it('verifies every consistency proof between two sizes, and refuses it tampered or with the wrong roots', () => {
    for (let second = 0; second <= N; second++) {
      for (let first = 0; first <= second; first++) {
        const proof = consistencyProof(leaves, first, second);
        const [r1, r2] = [roots[first] as Hash, roots[second] as Hash];
        expect(verifyConsistency(first, second, r1, r2, proof), `${first}→${second}`).toBe(true);
        if (proof.length > 0) {
          expect(verifyConsistency(first, second, r1, r2, flip(proof, 0))).toBe(false);
          expect(verifyConsistency(first, second, r1, r2, proof.slice(0, -1))).toBe(false);
          expect(verifyConsistency(first, second, r1, r2, [...proof, r1])).toBe(false);
        }
        if (first > 0 && first < second) {
          // Two different roots for one size: a rewritten history cannot be shown consistent.
          const forged = rootOf([...leaves.slice(0, first - 1), leafHash(Uint8Array.of(7))]);
          expect(verifyConsistency(first, second, forged, r2, proof)).toBe(false);
          expect(verifyConsistency(first, second, r1, roots[second - 1] as Hash, proof)).toBe(false);
        }
      }
    }
  });

  it('refuses impossible positions and short hashes instead of throwing', () => {
    const proof = inclusionProof(CT_LEAVES, 5, 8);
    const root = unhex(CT_ROOTS[8] as string);
    expect(verifyInclusion(CT_LEAVES[5] as Hash, 8, 8, proof, root)).toBe(false);
    expect(verifyInclusion(CT_LEAVES[5] as Hash, -1, 8, proof, root)).toBe(false);
    expect(verifyInclusion(new Uint8Array(31), 5, 8, proof, root)).toBe(false);
    expect(verifyConsistency(8, 6, root, root, [])).toBe(false);
    expect(verifyConsistency(6, 8, unhex(CT_ROOTS[6] as string), root, [])).toBe(false);
    expect(() => inclusionProof(CT_LEAVES, 8, 8)).toThrow(RangeError);
    expect(() => consistencyProof(CT_LEAVES, 5, 3)).toThrow(RangeError);
  });
});

describe('RFC 9162 Merkle tree: properties over random logs (fast-check)', () => {
  const log = fc
    .array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 300 })
    .map((leaves) => leaves.map((l) => leafHash(l)));
  const flip = (proof: Hash[], at: number, bit: number): Hash[] =>
    proof.map((h, i) => {
      if (i !== at % proof.length) return h;
      const copy = h.slice();
      const k = Math.floor(bit / 8) % copy.length;
      copy[k] = (copy[k] as number) ^ (1 << (bit % 8));
      return copy;
    });

  it('every inclusion proof verifies against its tree head, and any flipped bit fails', () => {
    fc.assert(
      fc.property(log, fc.nat(), fc.nat(), fc.nat({ max: 255 }), (leaves, i, at, bit) => {
        const size = 1 + (i % leaves.length);
        const index = at % size;
        const root = rootOf(leaves.slice(0, size));
        const proof = inclusionProof(leaves, index, size);
        expect(verifyInclusion(leaves[index] as Hash, index, size, proof, root)).toBe(true);
        if (proof.length > 0) {
          expect(verifyInclusion(leaves[index] as Hash, index, size, flip(proof, at, bit), root)).toBe(false);
        }
        const badLeaf = flip([leaves[index] as Hash], 0, bit);
        expect(verifyInclusion(badLeaf[0] as Hash, index, size, proof, root)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('consistency holds between any two sizes, and any flipped bit fails', () => {
    fc.assert(
      fc.property(log, fc.nat(), fc.nat(), fc.nat(), fc.nat({ max: 255 }), (leaves, a, b, at, bit) => {
        const second = 1 + (b % leaves.length);
        const first = 1 + (a % second);
        const r1 = rootOf(leaves.slice(0, first));
        const r2 = rootOf(leaves.slice(0, second));
        const proof = consistencyProof(leaves, first, second);
        expect(verifyConsistency(first, second, r1, r2, proof)).toBe(true);
        if (proof.length > 0) {
          expect(verifyConsistency(first, second, r1, r2, flip(proof, at, bit))).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});

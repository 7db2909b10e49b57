import * as ed from '@noble/ed25519';
import { toBase64 } from '../../shared/base64';
import { formatCheckpoint, signNote, verifierKeyText } from '../../shared/checkpoint';
import { donorCommitment, leafText, type LedgerLeaf } from '../../shared/ledger-leaf';
import { inclusionProof, leafHash, rootOf } from '../../shared/merkle';
import type { InclusionProof, PublicCheckpoint } from '../../shared/schemas/ledger-log';

// A small, real ledger log for client tests: canonical leaves of money donations, their RFC 9162
// tree, a checkpoint signed with Ed25519, and inclusion proofs — what the public log API serves.

const utf8 = (s: string) => new TextEncoder().encode(s);
export const SALT = 'ab'.repeat(16);
export const NAME = '王芳';
export const ORG = 'OrgOrgOrgOrgOrg1';

export function donationLeaf(index: number, fen: number, donor: string | null): LedgerLeaf {
  return {
    v: 1,
    index,
    tx: `Tx${String(index).padStart(14, '0')}`,
    org: ORG,
    kind: 'cash_donation',
    effectiveAt: Date.parse('2026-11-14T02:00:00Z'),
    recordedAt: Date.parse('2026-11-14T02:05:00Z'),
    postings: [
      ['bank', 'CNY', fen],
      ['donation_income', 'CNY', -fen],
    ],
    reverses: null,
    refundOf: null,
    campaign: null,
    wish: null,
    receipt: `R-${index}`,
    donor,
  };
}

/**
 * A log of `size` donations, signed by `seed`'s key; the test donor's is leaf 2. Another `history`
 * changes leaf 0: the same log rewritten.
 */
export function makeLog(size: number, seed = new Uint8Array(32).fill(7), history = 0) {
  const texts = Array.from({ length: size }, (_, i) =>
    leafText(
      donationLeaf(i, 5000 + i + (i === 0 ? history : 0), donorCommitment(SALT, i === 2 ? NAME : `某人${i}`)),
    ),
  );
  const hashes = texts.map((t) => leafHash(utf8(t)));
  const publicKey = ed.getPublicKey(seed);
  const vkey = verifierKeyText('xinyuan.test/ledger', publicKey);
  const keyId = vkey.split('+')[1]!;
  const note = signNote(formatCheckpoint({ origin: 'xinyuan.test/ledger', size, root: rootOf(hashes) }), {
    name: 'xinyuan.test/ledger',
    keyId,
    sign: (m) => ed.sign(m, seed),
  });
  const checkpoint: PublicCheckpoint = {
    origin: 'xinyuan.test/ledger',
    size,
    rootHash: toBase64(rootOf(hashes)),
    note,
    vkey,
    createdAt: '2026-11-15T00:00:00.000Z',
    reason: 'daily',
  };
  const proofOf = (index: number): InclusionProof => ({
    index,
    size,
    leafHash: toBase64(hashes[index]!),
    proof: inclusionProof(hashes, index, size).map(toBase64),
  });
  return { texts, hashes, checkpoint, proofOf };
}

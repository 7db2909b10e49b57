import { afterAll, beforeAll, expect, it } from 'vitest';
import { donationPostings } from '../../shared/ledger';
import { decodeLeaf, encodeLeaf, leafRefusal } from '../../shared/ledger-leaf';
import {
  consistencyPath,
  consistencyProof,
  inclusionPath,
  inclusionProof,
  leafHash,
  rootOf,
} from '../../shared/merkle';
import { postTransaction } from '../../server/modules/ledger/post-transaction';
import { storedSubtrees, treeRoot } from '../../server/modules/ledger/tree-store';
import { createTestApp, type TestApp } from '../support/test-app';

// The Merkle log kept in the database (complete subtrees written as leaves arrive) is the same
// tree as the reference computation over all leaves, and its leaves are canonical and balanced.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: true, demoClaims: true, demoLedger: true });
  const orgId = (t.sqlite.prepare('SELECT id FROM organizations LIMIT 1').get() as { id: number }).id;
  const now = Date.now();
  for (let i = 0; i < 67; i++) {
    t.db.transaction(
      (tx) =>
        postTransaction(
          tx,
          {
            orgId,
            kind: 'cash_donation',
            effectiveAt: now,
            actorUserId: null,
            idempotencyKey: `tree-test-${i}`,
            postings: donationPostings(100 + i, 'general', 'bank'),
            donation: { channel: 'bank', donorName: `捐赠人${i}`, donorDisplay: 'masked' },
          },
          now,
        ),
      { behavior: 'immediate' },
    );
  }
});
afterAll(async () => {
  await t.close();
});

const stored = () =>
  t.sqlite.prepare('SELECT leaf, leaf_hash AS hash FROM ledger_transactions ORDER BY leaf_index').all() as {
    leaf: string;
    hash: Buffer;
  }[];

it('stores canonical, balanced leaves whose hashes are the RFC 9162 leaf hashes', () => {
  for (const row of stored()) {
    const bytes = new TextEncoder().encode(row.leaf);
    const decoded = decodeLeaf(bytes);
    if ('error' in decoded) throw new Error(decoded.error);
    expect(encodeLeaf(decoded.leaf)).toEqual(bytes);
    expect(leafRefusal(decoded.leaf)).toBeNull();
    expect(Buffer.from(leafHash(bytes))).toEqual(row.hash);
    expect(row.leaf).not.toMatch(/捐赠人|张建国|李梅|王芳/);
  }
});

it('has the tree head and proofs of the reference computation at every size', () => {
  const leaves = stored().map((r) => new Uint8Array(r.hash));
  expect(leaves.length).toBeGreaterThan(64);
  const mth = storedSubtrees(t.db);
  for (let size = 1; size <= leaves.length; size++) {
    expect(treeRoot(t.db, size)).toEqual(rootOf(leaves.slice(0, size)));
    for (const index of [0, size >> 1, size - 1]) {
      expect(inclusionPath(mth, index, size)).toEqual(inclusionProof(leaves, index, size));
    }
    for (const first of [1, size >> 1, size - 1].filter((f) => f >= 1)) {
      expect(consistencyPath(mth, first, size)).toEqual(consistencyProof(leaves, first, size));
    }
  }
});

/**
 * `npm run bench:ledger [-- --n 1000000]` — the ledger at scale: a temp database with N ledger
 * transactions (demo data, then donations, purchases, refunds and reversals written straight
 * into the tables in one SQL transaction, with their canonical leaves and Merkle nodes), then
 * the time to build the tree, to run `verify-ledger` on it, and to make and check one inclusion
 * proof. The baseline is SHA-256 of the same leaf bytes: the least any verifier must do.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chinaYear } from '../../shared/china-date';
import {
  donationPostings,
  purchasePostings,
  refundPostings,
  reversalPostings,
  type LedgerTxKind,
  type Posting,
} from '../../shared/ledger';
import { leafText, type LedgerLeaf } from '../../shared/ledger-leaf';
import { verifyReceipt } from '../../shared/ledger-verify';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/client';
import { seedDemoData } from '../../server/demo/seed-demo';
import { fastDonorCommitment } from '../../server/modules/ledger-log/audit-ledger';
import { createCheckpoint } from '../../server/modules/ledger-log/create-checkpoint';
import { getInclusionProof } from '../../server/modules/ledger-log/read-log';
import { loadLedgerSigner } from '../../server/modules/ledger-log/signing-key';
import { fastLeafHash, TreeLevels } from '../../server/modules/ledger-log/tree-levels';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: { n: { type: 'string', default: '1000000' }, keep: { type: 'boolean' } },
});
const N = Number(values.n);

const ms = (start: number) => performance.now() - start;
const fmt = (t: number) => (t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(2)} ms`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyuan-bench-ledger-'));
const dbPath = path.join(dir, 'ledger.db');
// The key is generated beside the temp database (and found there by verify-ledger).
const { LEDGER_SIGNING_KEY: _deploymentKey, ...ENV } = process.env;
const config = loadConfig({ ...ENV, NODE_ENV: 'test', DATABASE_PATH: dbPath });
const { db, sqlite } = openDatabase(dbPath);
seedDemoData(db, Date.now());
const org = sqlite
  .prepare('SELECT id, public_id AS publicId FROM organizations ORDER BY id LIMIT 1')
  .get() as {
  id: number;
  publicId: string;
};

/** A block of 20 transactions: 14 donations, 4 purchases, a refund and a reversal (all valid). */
function kindAt(i: number): LedgerTxKind {
  const k = i % 20;
  return k < 14 ? 'cash_donation' : k < 18 ? 'purchase' : k === 18 ? 'refund' : 'reversal';
}

console.log(`building ${N.toLocaleString('en')} ledger transactions in ${dbPath} …`);
let start = performance.now();
const texts: string[] = new Array(N);
sqlite.transaction(() => {
  const insertTx = sqlite.prepare(
    `INSERT INTO ledger_transactions (id, public_id, leaf_index, org_id, kind, memo, effective_at, recorded_at,
       actor_user_id, idempotency_key, reverses_id, refund_of_id, leaf, leaf_hash)
     VALUES (?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, ?, ?, ?, ?)`,
  );
  const insertPosting = sqlite.prepare(
    'INSERT INTO ledger_postings (tx_id, org_id, account, unit, amount_fen) VALUES (?, ?, ?, ?, ?)',
  );
  const insertDonation = sqlite.prepare(
    `INSERT INTO donations (tx_id, org_id, receipt_public_id, receipt_year, receipt_no, channel, donor_name,
       donor_display, salt) VALUES (?, ?, ?, ?, ?, 'bank', ?, 'masked', ?)`,
  );
  const balances = new Map<string, number>();
  const tree = new TreeLevels(N);
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  let blockDonation: { id: number; tx: string; postings: Posting[] } | null = null;
  let blockPurchase: { id: number; tx: string; postings: Posting[] } | null = null;
  for (let i = 0; i < N; i++) {
    const id = i + 1;
    const kind = kindAt(i);
    const at = t0 + i * 30_000;
    const publicId = `b${i.toString(36).padStart(11, '0')}`;
    let postings: Posting[];
    let reverses: { id: number; tx: string } | null = null;
    let refundOf: { id: number; tx: string } | null = null;
    if (kind === 'cash_donation') postings = donationPostings(10_000 + (i % 997), 'general', 'bank');
    else if (kind === 'purchase') postings = purchasePostings(5_000 + (i % 101), 'general', 'bank');
    else if (kind === 'refund') {
      postings = refundPostings(100, 'general', 'bank');
      refundOf = blockDonation;
    } else {
      postings = reversalPostings(blockPurchase?.postings ?? []);
      reverses = blockPurchase;
    }
    const donation =
      kind === 'cash_donation'
        ? {
            receiptNo: `B-${String(i).padStart(8, '0')}`,
            salt: randomBytes(16).toString('hex'),
            name: `捐赠人${i % 5000}`,
          }
        : null;
    const leaf: LedgerLeaf = {
      v: 1,
      index: i,
      tx: publicId,
      org: org.publicId,
      kind,
      effectiveAt: at,
      recordedAt: at,
      postings: postings.map((p) => [p.account, p.unit, p.amountFen]),
      reverses: reverses?.tx ?? null,
      refundOf: refundOf?.tx ?? null,
      campaign: null,
      wish: null,
      receipt: donation?.receiptNo ?? null,
      donor: donation ? fastDonorCommitment(donation.salt, donation.name) : null,
    };
    const text = leafText(leaf);
    texts[i] = text;
    const hash = fastLeafHash(text);
    insertTx.run(
      id,
      publicId,
      i,
      org.id,
      kind,
      at,
      at,
      `bench:${i}`,
      reverses?.id ?? null,
      refundOf?.id ?? null,
      text,
      hash,
    );
    for (const p of postings) {
      insertPosting.run(id, org.id, p.account, p.unit, p.amountFen);
      const key = `${p.account}\u0000${p.unit}`;
      balances.set(key, (balances.get(key) ?? 0) + p.amountFen);
    }
    if (donation) {
      insertDonation.run(
        id,
        org.id,
        `r${publicId}`,
        chinaYear(at),
        donation.receiptNo,
        donation.name,
        donation.salt,
      );
    }
    tree.push(hash);
    if (i % 20 === 0) blockDonation = { id, tx: publicId, postings };
    if (kind === 'purchase' && i % 20 === 14) blockPurchase = { id, tx: publicId, postings };
  }
  // The Merkle log's complete subtrees, as appendLeaf would have stored them one by one.
  tree.build();
  const insertNode = sqlite.prepare('INSERT INTO ledger_tree_nodes (level, idx, hash) VALUES (?, ?, ?)');
  for (let level = 0; level < tree.height; level++) {
    for (let idx = 0; idx < tree.nodesAt(level); idx++) insertNode.run(level, idx, tree.node(level, idx));
  }
  const insertBalance = sqlite.prepare(
    'INSERT INTO ledger_balances (org_id, account, unit, balance_fen) VALUES (?, ?, ?, ?)',
  );
  for (const [key, sum] of balances) {
    const [account, unit] = key.split('\u0000');
    insertBalance.run(org.id, account, unit, sum);
  }
})();
const buildMs = ms(start);
sqlite.pragma('wal_checkpoint(TRUNCATE)');
console.log(`  written in ${fmt(buildMs)} (${(fs.statSync(dbPath).size / 1e6).toFixed(0)} MB)`);

// Baseline: SHA-256 of every leaf's bytes, nothing else.
start = performance.now();
for (const text of texts) createHash('sha256').update(text).digest();
const baselineMs = ms(start);

// The Merkle tree from the leaf hashes (the verifier's tree work).
start = performance.now();
const rebuilt = new TreeLevels(N);
for (const text of texts) rebuilt.push(fastLeafHash(text));
rebuilt.build();
const treeMs = ms(start);

const signer = loadLedgerSigner(config);
start = performance.now();
const checkpoint = createCheckpoint(db, signer, 'manual', Date.now());
const checkpointMs = ms(start);

// One inclusion proof from the stored subtrees, as the API makes it, and its check in shared/ code.
const index = Math.floor(N * 0.618);
start = performance.now();
const proof = getInclusionProof(db, { index, size: N });
const proofMs = ms(start);
start = performance.now();
const verdict = verifyReceipt({
  leaf: texts[index] as string,
  checkpoint: checkpoint.note,
  vkey: signer.vkey,
  proof,
});
const receiptMs = ms(start);
if (!verdict.ok) throw new Error(`the bench's receipt does not verify: ${verdict.detail}`);
sqlite.close();
texts.length = 0;

start = performance.now();
const out = execFileSync(
  path.join(ROOT, 'node_modules', '.bin', 'tsx'),
  ['server/cli/verify-ledger.ts', '--db', dbPath],
  {
    cwd: ROOT,
    env: ENV,
    encoding: 'utf8',
  },
);
const verifyWallMs = ms(start);
const verifyMs = Number(/time\s+([\d.]+) s/.exec(out)?.[1] ?? NaN) * 1000;
if (!out.includes('OK: the ledger verifies'))
  throw new Error(`verify-ledger failed on the bench database:\n${out}`);

const results = {
  transactions: N,
  buildMs: Math.round(buildMs),
  baselineSha256Ms: Math.round(baselineMs),
  merkleTreeMs: Math.round(treeMs),
  verifyLedgerMs: Math.round(verifyMs),
  verifyLedgerWallMs: Math.round(verifyWallMs),
  verifyOverBaseline: Number((verifyMs / baselineMs).toFixed(1)),
  checkpointMs: Number(checkpointMs.toFixed(2)),
  inclusionProofMs: Number(proofMs.toFixed(3)),
  inclusionProofHashes: proof.proof.length,
  receiptVerifyMs: Number(receiptMs.toFixed(2)),
};
console.log(`ledger at ${N.toLocaleString('en')} transactions`);
console.log(`  baseline: SHA-256 of every leaf      ${fmt(baselineMs)}`);
console.log(
  `  Merkle tree from the leaves          ${fmt(treeMs)}  (${(treeMs / baselineMs).toFixed(1)}× baseline)`,
);
console.log(
  `  verify-ledger (whole database)       ${fmt(verifyMs)}  (${results.verifyOverBaseline}× baseline; ${fmt(verifyWallMs)} with process start)`,
);
console.log(`  signed checkpoint of the whole log   ${fmt(checkpointMs)}`);
console.log(`  one inclusion proof (stored nodes)   ${fmt(proofMs)}  (${proof.proof.length} hashes)`);
console.log(`  its check in shared/ (with signature) ${fmt(receiptMs)}`);
console.log(JSON.stringify(results));
if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dbPath}`);

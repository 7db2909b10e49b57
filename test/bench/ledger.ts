/**
 * The ledger at scale (part of `npm run bench`; alone: `npm run bench:ledger [-- --n N]`): a temp
 * database with N ledger transactions (demo data, then donations, purchases, refunds and
 * reversals written straight into the tables in one SQL transaction, with their canonical leaves
 * and Merkle nodes), then the time to build the tree, to run `verify-ledger` on it, and to make
 * and check one inclusion proof. The baseline is SHA-256 of the same leaf bytes: the least any
 * verifier must do.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
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

const ROOT = path.resolve(__dirname, '../..');

export interface LedgerFigures {
  transactions: number;
  writeMs: number;
  /** SHA-256 of every leaf: the mean of a run before verify-ledger and one after (the machine is shared). */
  baselineSha256Ms: number;
  baselineSha256Runs: [number, number];
  merkleTreeMs: number;
  verifyLedgerMs: number;
  /** Reading every row verify-ledger reads (transactions, postings, donations, Merkle nodes), nothing else. */
  readRowsMs: number;
  verifyLedgerWallMs: number;
  checkpointMs: number;
  inclusionProofMs: number;
  inclusionProofHashes: number;
  receiptVerifyMs: number;
}

/** A block of 20 transactions: 14 donations, 4 purchases, a refund and a reversal (all valid). */
function kindAt(i: number): LedgerTxKind {
  const k = i % 20;
  return k < 14 ? 'cash_donation' : k < 18 ? 'purchase' : k === 18 ? 'refund' : 'reversal';
}

const ms = (start: number) => performance.now() - start;

/**
 * Builds the N-transaction database and times the verifier's parts against the baseline.
 * `profileDir`: verify-ledger runs with --cpu-prof and writes its profile there.
 */
export function benchLedger(
  n: number,
  opts: { keep?: boolean; profileDir?: string; log?: (line: string) => void } = {},
): LedgerFigures {
  const log = opts.log ?? console.log;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyuan-bench-ledger-'));
  const dbPath = path.join(dir, 'ledger.db');
  // The key is generated beside the temp database (and found there by verify-ledger).
  const { LEDGER_SIGNING_KEY: _deploymentKey, ...ENV } = process.env;
  const config = loadConfig({ ...ENV, NODE_ENV: 'test', DATABASE_PATH: dbPath });
  const { db, sqlite } = openDatabase(dbPath);
  seedDemoData(db, Date.now());
  const org = sqlite
    .prepare('SELECT id, public_id AS publicId FROM organizations ORDER BY id LIMIT 1')
    .get() as { id: number; publicId: string };

  log(`  writing ${n.toLocaleString('en')} ledger transactions into ${dbPath} …`);
  let start = performance.now();
  const texts: string[] = new Array(n);
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
    const tree = new TreeLevels(n);
    const t0 = Date.parse('2025-01-01T00:00:00Z');
    let blockDonation: { id: number; tx: string; postings: Posting[] } | null = null;
    let blockPurchase: { id: number; tx: string; postings: Posting[] } | null = null;
    for (let i = 0; i < n; i++) {
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
  const writeMs = ms(start);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  log(`  written in ${(writeMs / 1000).toFixed(1)} s (${(fs.statSync(dbPath).size / 1e6).toFixed(0)} MB)`);

  // Baseline: SHA-256 of every leaf's bytes, nothing else (again after verify-ledger).
  const sha256All = () => {
    const t = performance.now();
    for (const text of texts) createHash('sha256').update(text).digest();
    return ms(t);
  };
  const baselineBefore = sha256All();

  // The Merkle tree from the leaf hashes (the verifier's tree work).
  start = performance.now();
  const rebuilt = new TreeLevels(n);
  for (const text of texts) rebuilt.push(fastLeafHash(text));
  rebuilt.build();
  const merkleTreeMs = ms(start);

  const signer = loadLedgerSigner(config);
  start = performance.now();
  const checkpoint = createCheckpoint(db, signer, 'manual', Date.now());
  const checkpointMs = ms(start);

  // One inclusion proof from the stored subtrees, as the API makes it, and its check in shared/ code.
  const index = Math.floor(n * 0.618);
  start = performance.now();
  const proof = getInclusionProof(db, { index, size: n });
  const inclusionProofMs = ms(start);
  start = performance.now();
  const verdict = verifyReceipt({
    leaf: texts[index] as string,
    checkpoint: checkpoint.note,
    vkey: signer.vkey,
    proof,
  });
  const receiptVerifyMs = ms(start);
  if (!verdict.ok) throw new Error(`the bench's receipt does not verify: ${verdict.detail}`);
  sqlite.close();

  // The floor under any verifier that checks the database: reading its rows once.
  const reader = new Database(dbPath, { readonly: true });
  start = performance.now();
  for (const table of ['ledger_transactions', 'ledger_postings', 'donations', 'ledger_tree_nodes']) {
    for (const _row of reader.prepare(`SELECT * FROM ${table}`).raw().iterate()) {
      // nothing: the read is the figure
    }
  }
  const readRowsMs = ms(start);
  reader.close();

  // verify-ledger as an operator runs it, in its own process; its own timer excludes start-up.
  start = performance.now();
  const profile = opts.profileDir ? ['--cpu-prof', '--cpu-prof-dir', opts.profileDir] : [];
  const out = execFileSync(
    process.execPath,
    [...profile, '--import', 'tsx', 'server/cli/verify-ledger.ts', '--db', dbPath],
    { cwd: ROOT, env: ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const verifyLedgerWallMs = ms(start);
  const verifyLedgerMs = Number(/time\s+([\d.]+) s/.exec(out)?.[1] ?? NaN) * 1000;
  if (!out.includes('OK: the ledger verifies'))
    throw new Error(`verify-ledger failed on the bench database:\n${out}`);

  const baselineAfter = sha256All();
  texts.length = 0;
  const baselineSha256Ms = (baselineBefore + baselineAfter) / 2;

  if (opts.keep) log(`  kept ${dbPath}`);
  else fs.rmSync(dir, { recursive: true, force: true });
  return {
    transactions: n,
    writeMs,
    baselineSha256Ms,
    baselineSha256Runs: [baselineBefore, baselineAfter],
    merkleTreeMs,
    verifyLedgerMs,
    readRowsMs,
    verifyLedgerWallMs,
    checkpointMs,
    inclusionProofMs,
    inclusionProofHashes: proof.proof.length,
    receiptVerifyMs,
  };
}

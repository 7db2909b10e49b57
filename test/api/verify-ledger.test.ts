import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ed from '@noble/ed25519';
import { formatCheckpoint, signNote } from '../../shared/checkpoint';
import type { LedgerTx } from '../../shared/schemas/ledger';
import { createCheckpoint } from '../../server/modules/ledger-log/create-checkpoint';
import { loadLedgerSigner, type LedgerSigner } from '../../server/modules/ledger-log/signing-key';
import { donationBody, ledgerPost, today } from '../support/ledger';
import { demoLogin } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = path.resolve(import.meta.dirname, '../..');

let t: TestApp;
let finance: string;
let signer: LedgerSigner;
let savedCheckpoint: string;
/** Leaves the log holds before these tests add theirs (the demo data may bring some). */
let B = 0;
const txs: LedgerTx[] = [];

/** The environment without a configured key: the command finds the key file beside the database. */
const { LEDGER_SIGNING_KEY: _configured, ...ENV } = process.env;

/** Runs the command as an operator would; resolves with its exit code and output. */
function verify(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['server/cli/verify-ledger.ts', ...args],
      { cwd: ROOT, env: ENV },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err.code as number | undefined) ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

async function post(url: string, body: object): Promise<LedgerTx> {
  const res = await ledgerPost(t, finance, url, body);
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  const tx = res.json() as LedgerTx;
  txs.push(tx);
  return tx;
}

/** A copy of the database (a consistent backup) with its guarding triggers dropped and `sql` run on it. */
async function tampered(name: string, ...sql: string[]): Promise<string> {
  const file = path.join(t.dir, `${name}.db`);
  await t.sqlite.backup(file);
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  for (const { name: trigger } of db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`)
    .all() as { name: string }[]) {
    db.exec(`DROP TRIGGER "${trigger}"`);
  }
  for (const statement of sql) db.exec(statement);
  db.close();
  return file;
}

beforeAll(async () => {
  t = await createTestApp({ demo: true, demoClaims: true });
  finance = await demoLogin(t, 'finance');
  signer = loadLedgerSigner(t.config);
  B = (t.sqlite.prepare('SELECT count(*) AS n FROM ledger_transactions').get() as { n: number }).n;
  const campaignId = (
    t.sqlite.prepare('SELECT public_id AS id FROM campaigns ORDER BY id LIMIT 1').get() as { id: string }
  ).id;
  const wishId = (
    t.sqlite
      .prepare(
        `SELECT w.public_id AS id FROM wishes w JOIN organizations o ON o.id = w.org_id
         WHERE o.name = '云溪县民政局儿童福利股' AND w.status = 'published' ORDER BY w.id LIMIT 1`,
      )
      .get() as { id: string }
  ).id;
  const gift = await post('/api/v1/staff/donations', donationBody({ amountFen: 50000, campaignId }));
  await post(
    '/api/v1/staff/donations',
    donationBody({ amountFen: 12345, donorDisplay: 'anonymous', donorName: null }),
  );
  await post('/api/v1/staff/purchases', {
    wishId,
    amountFen: 8000,
    campaignId,
    paidFrom: 'bank',
    paidOn: today(),
  });
  const refund = await post(`/api/v1/staff/ledger/${gift.id}/refund`, {
    amountFen: 1000,
    paidOn: today(),
    reason: '捐赠人要求部分退回',
  });
  await post(`/api/v1/staff/ledger/${refund.id}/reverse`, { reason: '退款录错了' });
  const mistaken = await post('/api/v1/staff/donations', donationBody({ amountFen: 999, channel: 'cash' }));
  await post(`/api/v1/staff/ledger/${mistaken.id}/reverse`, { reason: '金额录错' });
  savedCheckpoint = createCheckpoint(t.db, signer, 'manual', Date.now()).note;
  fs.writeFileSync(path.join(t.dir, 'saved-checkpoint.txt'), savedCheckpoint);
  for (const amountFen of [100, 200, 300]) await post('/api/v1/staff/donations', donationBody({ amountFen }));
  createCheckpoint(t.db, signer, 'daily', Date.now());
  await post('/api/v1/staff/donations', donationBody({ amountFen: 400 }));
}, 60_000);
afterAll(async () => {
  await t.close();
});

const db = () => t.config.databasePath;

// Each test runs the command in its own process (about a second each, more on a busy machine).
describe('npm run verify-ledger', { timeout: 60_000 }, () => {
  it('passes on demo data with donations, a purchase, refunds and reversals, and prints a summary', async () => {
    const { code, out } = await verify('--db', db());
    expect(out).toContain('OK: the ledger verifies');
    expect(code).toBe(0);
    expect(out).toContain(`transactions  ${B + 11}\n`);
    expect(out).toMatch(
      new RegExp(
        `checkpoints {3}2 checked, latest size ${B + 10} \\(key xinyuan\\.local/ledger\\+[0-9a-f]{8}\\)`,
      ),
    );
    expect(out).toMatch(/time {10}[\d.]+ s/);
  });

  it("an auditor's checkpoint saved before more transactions still verifies; a forged one does not", async () => {
    const file = path.join(t.dir, 'saved-checkpoint.txt');
    const ok = await verify('--db', db(), '--checkpoint', file);
    expect(ok.code).toBe(0);
    const seed = new Uint8Array(32).fill(9);
    const impostor = {
      name: signer.name,
      keyId: signer.keyId,
      sign: (m: Uint8Array) => ed.sign(m, seed),
    };
    const size = Number(savedCheckpoint.split('\n')[1]);
    const forged = signNote(
      formatCheckpoint({ origin: signer.origin, size, root: new Uint8Array(32) }),
      impostor,
    );
    fs.writeFileSync(path.join(t.dir, 'forged.txt'), forged);
    const bad = await verify('--db', db(), '--checkpoint', path.join(t.dir, 'forged.txt'));
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/saved checkpoint does not verify/);
  });

  it('fails with another deployment key', async () => {
    const other = await verify(
      '--db',
      db(),
      '--key',
      'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    );
    expect(other.code).toBe(1);
    expect(other.out).toContain(`checkpoint of size ${B + 7}: its signed note does not verify`);
  });

  const named = (out: string, tx: LedgerTx) => {
    expect(out).toContain('FAILED');
    expect(out).toContain(`transaction ${tx.id} (leaf ${tx.leafIndex})`);
  };

  it('names the transaction whose posting amount was edited', async () => {
    const tx = txs[1] as LedgerTx;
    const file = await tampered(
      'amount',
      `UPDATE ledger_postings SET amount_fen = amount_fen + 100 WHERE id = (SELECT min(p.id) FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.tx_id WHERE t.public_id = '${tx.id}')`,
    );
    const { code, out } = await verify('--db', file, '--key', signer.vkey);
    expect(code).toBe(1);
    named(out, tx);
    expect(out).toMatch(/does not balance/);
    expect(out).toMatch(/stored balance of/);
  });

  it('names the transaction whose published leaf was edited, with its hash to match', async () => {
    const tx = txs[0] as LedgerTx;
    const file = await tampered(
      'leaf',
      `UPDATE ledger_transactions SET leaf = replace(leaf, '50000', '5000') WHERE public_id = '${tx.id}'`,
    );
    const { code, out } = await verify('--db', file, '--key', signer.vkey);
    expect(code).toBe(1);
    named(out, tx);
    expect(out).toMatch(/published leaf differs from its rows/);
    expect(out).toMatch(/stored leaf hash is not the hash of its leaf/);
  });

  it('names the transaction whose posting or donation row was deleted', async () => {
    const tx = txs[5] as LedgerTx;
    const file = await tampered(
      'deleted-posting',
      `DELETE FROM ledger_postings WHERE id = (SELECT max(p.id) FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.tx_id WHERE t.public_id = '${tx.id}')`,
    );
    const posting = await verify('--db', file, '--key', signer.vkey);
    expect(posting.code).toBe(1);
    named(posting.out, tx);
    const gift = txs[1] as LedgerTx;
    const donation = await verify(
      '--db',
      await tampered(
        'deleted-donation',
        `DELETE FROM donations WHERE tx_id = (SELECT id FROM ledger_transactions WHERE public_id = '${gift.id}')`,
      ),
      '--key',
      signer.vkey,
    );
    expect(donation.code).toBe(1);
    named(donation.out, gift);
  });

  it('names the gap when a whole transaction was deleted', async () => {
    const gone = txs[2] as LedgerTx;
    const next = txs[3] as LedgerTx;
    const file = await tampered(
      'deleted-tx',
      `DELETE FROM ledger_postings WHERE tx_id = (SELECT id FROM ledger_transactions WHERE public_id = '${gone.id}')`,
      `DELETE FROM ledger_transactions WHERE public_id = '${gone.id}'`,
    );
    const { code, out } = await verify('--db', file, '--key', signer.vkey);
    expect(code).toBe(1);
    named(out, next);
    expect(out).toContain(`leaves ${gone.leafIndex}…${gone.leafIndex} are missing`);
  });

  it('fails a tampered checkpoint signature', async () => {
    const file = await tampered(
      'checkpoint',
      `UPDATE ledger_checkpoints SET note = substr(note, 1, length(note) - 6) || 'AAAA=' || char(10) WHERE size = ${B + 7}`,
    );
    const { code, out } = await verify('--db', file, '--key', signer.vkey);
    expect(code).toBe(1);
    expect(out).toContain(`checkpoint of size ${B + 7}: its signed note does not verify`);
  });

  it('fails a rewritten history even when every row agrees with its leaf and the tree was rebuilt', async () => {
    // Rewriting one stored tree node is caught against the recomputed tree.
    const file = await tampered(
      'node',
      `UPDATE ledger_tree_nodes SET hash = zeroblob(32) WHERE level = 1 AND idx = 0`,
    );
    const { code, out } = await verify('--db', file, '--key', signer.vkey);
    expect(code).toBe(1);
    expect(out).toMatch(/Merkle log node 1\/0 \(leaves 0…1\) differs/);
  });

  it('finds a stored balance off its postings, and --rebuild-balances rewrites it from them', async () => {
    const file = await tampered(
      'balance',
      `UPDATE ledger_balances SET balance_fen = balance_fen + 1 WHERE account = 'bank'`,
    );
    const off = await verify('--db', file, '--key', signer.vkey);
    expect(off.code).toBe(1);
    expect(off.out).toMatch(/stored balance of bank \(CNY\) of organization \d+ is/);
    const rebuilt = await verify('--db', file, '--key', signer.vkey, '--rebuild-balances');
    expect(rebuilt.out).toMatch(/rebuilt ledger_balances from the postings: \d+ balances, 1 changed/);
    expect(rebuilt.code).toBe(0);
  });

  it('writes nothing to the database it checks', async () => {
    const file = await tampered('untouched');
    const before = fs.readFileSync(file);
    expect((await verify('--db', file, '--key', signer.vkey)).code).toBe(0);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0).toBe(false);
  });

  it("checks a report's checkpoint and figures against the leaves, and names a report whose figures were changed", async () => {
    const res = await ledgerPost(t, finance, '/api/v1/staff/reports', {
      kind: 'month',
      month: today().slice(0, 7),
    });
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json() as { id: string };
    const ok = await verify('--db', db(), '--key', signer.vkey);
    expect(ok.out).toMatch(/reports {7}1 checked/);
    expect(ok.code).toBe(0);
    const lied = await tampered(
      'report-lied',
      `UPDATE reports SET snapshot = json_set(snapshot, '$.content.totals.cashDonationsFen',
         json_extract(snapshot, '$.content.totals.cashDonationsFen') + 100)`,
    );
    const bad = await verify('--db', lied, '--key', signer.vkey);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`report ${report.id}`);
    expect(bad.out).toMatch(/totals\.cashDonationsFen: stated \d+, the leaves give \d+/);
  });
});

/**
 * `npm run verify-ledger -- --db <path> [--key <vkey or key file>] [--checkpoint <file>] [--rebuild-balances]`
 *
 * Checks a database's ledger from its rows up (server/modules/ledger-log/audit-ledger.ts) and
 * prints a summary; exits 1 naming each transaction (public id and leaf index) that is wrong.
 * The database is opened read-only — no migrations, nothing written — except that
 * `--rebuild-balances` first rewrites ledger_balances (derived data) from the postings.
 * The verifier key is `--key` (the published `<name>+<id>+<key>`, or a file holding it or the
 * private key), else the deployment's (LEDGER_SIGNING_KEY, or the key file beside the database).
 * `--checkpoint` is an auditor's saved signed checkpoint: the log must still have that tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { parseSignerKey, parseVerifierKey, type VerifierKey } from '../../shared/checkpoint';
import { loadConfig } from '../config';
import { auditLedger, type Finding } from '../modules/ledger-log/audit-ledger';
import { rebuildBalances } from '../modules/ledger-log/rebuild-balances';

/** Findings printed in full; a broken database could have a million. */
const SHOWN_FINDINGS = 50;

class UsageError extends Error {}

function readIfFile(value: string): string {
  return fs.existsSync(value) && fs.statSync(value).isFile()
    ? fs.readFileSync(value, 'utf8').trim()
    : value.trim();
}

/** A verifier key from a vkey or a private key (text or file), or why not. */
function keyFrom(text: string, where: string): VerifierKey {
  const vkey = parseVerifierKey(text);
  if (vkey.ok) return vkey.key;
  const skey = parseSignerKey(text);
  if (skey.ok) return { name: skey.key.name, keyId: skey.key.keyId, publicKey: skey.key.publicKey };
  throw new UsageError(`${where} is neither a verifier key nor a signing key (${vkey.reason})`);
}

function verifierKey(option: string | undefined, databasePath: string): VerifierKey | null {
  if (option) return keyFrom(readIfFile(option), '--key');
  const { ledgerLog } = loadConfig({ ...process.env, DATABASE_PATH: databasePath });
  if (ledgerLog.signingKey) return keyFrom(readIfFile(ledgerLog.signingKey), 'LEDGER_SIGNING_KEY');
  if (fs.existsSync(ledgerLog.keyFile)) return keyFrom(readIfFile(ledgerLog.keyFile), ledgerLog.keyFile);
  return null;
}

function describe(f: Finding): string {
  const who =
    f.tx !== null || f.leafIndex !== null ? `transaction ${f.tx ?? '?'} (leaf ${f.leafIndex ?? '?'}): ` : '';
  return `  ✗ ${who}${f.problem}`;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      key: { type: 'string' },
      checkpoint: { type: 'string' },
      'rebuild-balances': { type: 'boolean', default: false },
    },
  });
  const databasePath = path.resolve(values.db ?? loadConfig().databasePath);
  if (!fs.existsSync(databasePath)) throw new UsageError(`no database at ${databasePath}`);
  const started = performance.now();

  if (values['rebuild-balances']) {
    const rebuilt = rebuildBalances(databasePath);
    console.log(
      `rebuilt ledger_balances from the postings: ${rebuilt.rows} balances, ${rebuilt.changed} changed`,
    );
  }
  const vkey = verifierKey(values.key, databasePath);
  const saved = values.checkpoint ? fs.readFileSync(values.checkpoint, 'utf8') : null;
  const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  let summary;
  try {
    summary = auditLedger(sqlite, { vkey, savedCheckpoint: saved });
  } finally {
    sqlite.close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);

  console.log(`verify-ledger ${databasePath}`);
  console.log(`  transactions  ${summary.transactions}`);
  console.log(`  tree          size ${summary.treeSize}, root ${summary.root}`);
  console.log(
    `  checkpoints   ${summary.checkpoints} checked${summary.latestCheckpoint === null ? '' : `, latest size ${summary.latestCheckpoint}`}` +
      (vkey ? ` (key ${vkey.name}+${vkey.keyId})` : ' (no verifier key)'),
  );
  if (saved) console.log('  saved         the auditor checkpoint given with --checkpoint');
  console.log(`  balances      ${summary.balances} stored balances against a replay of the postings`);
  console.log(`  reports       ${summary.reports} checked`);
  console.log(`  time          ${seconds} s`);
  if (summary.findings.length === 0) {
    console.log('OK: the ledger verifies');
    return 0;
  }
  console.log(`FAILED: ${summary.findings.length} problem${summary.findings.length === 1 ? '' : 's'}`);
  for (const f of summary.findings.slice(0, SHOWN_FINDINGS)) console.log(describe(f));
  if (summary.findings.length > SHOWN_FINDINGS)
    console.log(`  … and ${summary.findings.length - SHOWN_FINDINGS} more`);
  return 1;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`verify-ledger: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}

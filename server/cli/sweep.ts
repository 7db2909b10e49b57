/**
 * `npm run sweep [-- --db <path>]` — runs the server's periodic sweep once (overdue claims,
 * reminders, ended campaigns), e.g. from cron while no server runs. Prints what it did as JSON.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { loadLedgerSigner } from '../modules/ledger-log/signing-key';
import { runSweeps } from '../sweeps';

const { values } = parseArgs({ options: { db: { type: 'string' } } });
const config = loadConfig(
  values.db ? { ...process.env, DATABASE_PATH: path.resolve(values.db) } : process.env,
);
const { db, sqlite } = openDatabase(config.databasePath);
try {
  console.log(JSON.stringify(runSweeps(db, Date.now(), loadLedgerSigner(config))));
} finally {
  sqlite.close();
}

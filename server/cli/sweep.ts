/**
 * `npm run sweep [-- --db <path>]` — runs the server's periodic sweep once (overdue claims,
 * reminders, ended campaigns; with a WeChat Pay merchant configured, open orders and refunds),
 * e.g. from cron while no server runs. Prints what it did as JSON.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { loadLedgerSigner } from '../modules/ledger-log/signing-key';
import { sweepConfiguredPayments } from '../modules/payments/sweep-payments';
import { createServices } from '../services';
import { runSweeps } from '../sweeps';

const { values } = parseArgs({ options: { db: { type: 'string' } } });
const config = loadConfig(
  values.db ? { ...process.env, DATABASE_PATH: path.resolve(values.db) } : process.env,
);
const { db, sqlite } = openDatabase(config.databasePath);
async function main(): Promise<void> {
  const result = runSweeps(db, Date.now(), loadLedgerSigner(config));
  const payments = config.wechatPay
    ? await sweepConfiguredPayments(db, createServices(config), Date.now())
    : null;
  console.log(JSON.stringify({ ...result, ...(payments && { payments }) }));
}
main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => sqlite.close());

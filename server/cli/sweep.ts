/**
 * `npm run sweep [-- --db <path>]` — runs the server's periodic sweep once (overdue claims,
 * reminders, ended campaigns), e.g. from cron while no server runs. Prints what it did as JSON.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { runSweeps } from '../sweeps';

const { values } = parseArgs({ options: { db: { type: 'string' } } });
const databasePath = values.db ? path.resolve(values.db) : loadConfig().databasePath;
const { db, sqlite } = openDatabase(databasePath);
try {
  console.log(JSON.stringify(runSweeps(db, Date.now())));
} finally {
  sqlite.close();
}

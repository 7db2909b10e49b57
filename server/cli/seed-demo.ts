/** `npm run seed:demo` — loads demo data into the configured database if it is empty. */
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { seedDemoClaims } from '../demo/seed-claims';
import { seedDemoData } from '../demo/seed-demo';
import { seedDemoLedger } from '../demo/seed-ledger';
import { loadLedgerSigner } from '../modules/ledger-log/signing-key';

const config = loadConfig();
const { db, sqlite } = openDatabase(config.databasePath);
const seeded = seedDemoData(db, Date.now());
if (seeded) {
  seedDemoClaims(db, Date.now());
  seedDemoLedger(db, loadLedgerSigner(config), Date.now());
}
sqlite.close();
console.log(
  seeded
    ? `Demo data loaded into ${config.databasePath}`
    : `${config.databasePath} already has data: left as it is`,
);

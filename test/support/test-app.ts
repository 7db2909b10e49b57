import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { openDatabase } from '../../server/db/client';
import { seedDemoClaims } from '../../server/demo/seed-claims';
import { seedDemoData } from '../../server/demo/seed-demo';
import { seedDemoLedger } from '../../server/demo/seed-ledger';
import { loadLedgerSigner } from '../../server/modules/ledger-log/signing-key';

export interface TestApp extends AppDeps {
  app: FastifyInstance;
  dir: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'xinyuan-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A real app on a fresh SQLite file in its own temp directory (migrations applied), optionally
 * with the demo data. `env` overrides the environment the config is read from.
 */
export async function createTestApp(
  options: {
    demo?: boolean;
    /** With the demo data, also the demo's claims in flight (as `npm start` seeds them). */
    demoClaims?: boolean;
    /** Also the demo's books (donations, purchases, a refund, a correction). */
    demoLedger?: boolean;
    env?: Record<string, string>;
    logStream?: AppDeps['logStream'];
    sms?: AppDeps['sms'];
  } = {},
): Promise<TestApp> {
  const dir = tempDir();
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_PATH: path.join(dir, 'test.db'),
    H5_DIR: path.join(dir, 'no-h5'),
    MEDIA_DIR: path.join(dir, 'media'),
    ...options.env,
  });
  const database = openDatabase(config.databasePath);
  if (options.demo) seedDemoData(database.db, Date.now());
  if (options.demo && options.demoClaims) seedDemoClaims(database.db, Date.now());
  if (options.demo && options.demoLedger) seedDemoLedger(database.db, loadLedgerSigner(config), Date.now());
  const deps: AppDeps = { config, ...database, logStream: options.logStream, sms: options.sms };
  const app = await buildApp(deps);
  return {
    ...deps,
    app,
    dir,
    async close() {
      await app.close();
      database.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

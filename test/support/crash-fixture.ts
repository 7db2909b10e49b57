import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseVerifierKey, signerKeyText, type VerifierKey } from '../../shared/checkpoint';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/client';
import { seedDemoData } from '../../server/demo/seed-demo';
import { seedDemoLedger } from '../../server/demo/seed-ledger';
import { newPublicId } from '../../server/ids';
import { newSessionToken, SESSION_MAX_MS } from '../../server/modules/auth/session-rules';
import { loadLedgerSigner } from '../../server/modules/ledger-log/signing-key';
import type { Actor } from './crash-writer';

/**
 * The database the crash harness starts from, and the environment its servers run with: a
 * production configuration (NODE_ENV=production, no demo mode, a configured ledger signing key)
 * on a file holding the demo organizations and books, a finance clerk, donors, and `wishes`
 * published one-share wishes for them to claim — all written before any server starts.
 */
export interface CrashFixture {
  databasePath: string;
  env: Record<string, string>;
  vkey: VerifierKey;
  finance: Actor;
  /** The demo's platform administrator. */
  admin: Actor;
  donors: Actor[];
  wishes: string[];
}

export function prepareCrashDatabase(dir: string, opts: { wishes: number; donors: number }): CrashFixture {
  const databasePath = path.join(dir, 'crash.db');
  const keyFile = path.join(dir, 'ledger-key');
  fs.writeFileSync(keyFile, `${signerKeyText('crash.test/ledger', randomBytes(32))}\n`, { mode: 0o600 });
  const env = {
    NODE_ENV: 'production',
    DEMO: '0',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: databasePath,
    LEDGER_SIGNING_KEY: keyFile,
    LEDGER_LOG_ORIGIN: 'crash.test/ledger',
    LOG_LEVEL: 'error',
    H5_DIR: path.join(dir, 'no-h5'),
    MEDIA_DIR: path.join(dir, 'media'),
    // Each donor holds many claims at once (the harness claims thousands of wishes).
    CLAIMS_MAX_ACTIVE: '100',
  };
  const config = loadConfig(env);
  const signer = loadLedgerSigner(config);
  const vkey = parseVerifierKey(signer.vkey);
  if (!vkey.ok) throw new Error(`bad verifier key: ${vkey.reason}`);

  const { db, sqlite } = openDatabase(databasePath);
  try {
    const now = Date.now();
    seedDemoData(db, now);
    seedDemoLedger(db, signer, now);
    const session = sqlite.prepare(
      'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    );
    const login = (userId: number): Actor => {
      const { token, hash } = newSessionToken();
      session.run(hash, userId, now, now, now + SESSION_MAX_MS);
      return { userId, token };
    };
    const user = sqlite.prepare(
      'INSERT INTO users (public_id, display_name, phone, created_at) VALUES (?, ?, ?, ?) RETURNING id',
    );
    const persona = (name: string): number => {
      const id = sqlite.prepare('SELECT id FROM users WHERE demo_persona = ?').pluck().get(name);
      if (typeof id !== 'number') throw new Error(`the demo data has no ${name} persona`);
      return id;
    };

    // Copies of a published demo wish (every column but the ids and the generated urgency rank).
    const columns = (sqlite.prepare('PRAGMA table_xinfo(wishes)').all() as { name: string; hidden: number }[])
      .filter((c) => c.hidden === 0 && c.name !== 'id' && c.name !== 'public_id')
      .map((c) => c.name);
    const template = sqlite
      .prepare("SELECT id FROM wishes WHERE status = 'published' ORDER BY id LIMIT 1")
      .pluck()
      .get();
    const copy = sqlite.prepare(
      `INSERT INTO wishes (public_id, ${columns.join(', ')})
       SELECT ?, ${columns.join(', ')} FROM wishes WHERE id = ?`,
    );
    const fixture = sqlite.transaction(() => {
      const donors = Array.from({ length: opts.donors }, (_, i) => {
        const phone = `1390000${String(i).padStart(4, '0')}`;
        const id = (user.get(newPublicId(), `崩溃测试捐赠人${i}`, phone, now) as { id: number }).id;
        return login(id);
      });
      const wishes = Array.from({ length: opts.wishes }, () => {
        const id = newPublicId();
        copy.run(id, template);
        return id;
      });
      sqlite
        .prepare(
          `UPDATE wishes SET shares = 1, shares_taken = 0, estimated_value_fen = 10000, expires_at = NULL,
                  campaign_id = NULL
           WHERE public_id IN (SELECT value FROM json_each(?))`,
        )
        .run(JSON.stringify(wishes));
      return { donors, wishes, finance: login(persona('finance')), admin: login(persona('admin')) };
    })();
    return { databasePath, env, vkey: vkey.key, ...fixture };
  } finally {
    sqlite.close();
  }
}

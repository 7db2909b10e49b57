import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface DatabaseHandle {
  /** drizzle, for queries. */
  db: Db;
  /** the raw connection, for pragmas, checks and closing. */
  sqlite: Database.Database;
}

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/** SQLite's code for `synchronous = FULL`: every commit is fsynced before it is acknowledged. */
const SYNCHRONOUS_FULL = 2;

/**
 * Opens (creating if needed) the SQLite file with the settings our durability promises rest on,
 * and applies pending migrations. Everything dialect-specific stays in this folder.
 */
export function openDatabase(file: string): DatabaseHandle {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // better-sqlite3 leaves WAL at synchronous=NORMAL, where a committed donation can vanish on
  // power loss. FULL fsyncs the WAL at every commit.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  assertDurable(sqlite);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { db, sqlite };
}

export function assertDurable(sqlite: Database.Database): void {
  const synchronous = sqlite.pragma('synchronous', { simple: true });
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true });
  if (synchronous !== SYNCHRONOUS_FULL || foreignKeys !== 1) {
    throw new Error(
      `SQLite is not in its durable configuration (synchronous=${String(synchronous)}, foreign_keys=${String(foreignKeys)})`,
    );
  }
}

/** True when the database answers a query (health checks). */
export function checkDatabase(sqlite: Database.Database): boolean {
  try {
    return sqlite.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface DatabaseHandle {
  /** drizzle, for queries. */
  db: Db;
  /** the raw connection, for pragmas, checks and closing. */
  sqlite: Database.Database;
}

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/** SQLite's code for `synchronous = FULL`: every commit is fsynced before it is acknowledged. */
const SYNCHRONOUS_FULL = 2;
/** Prepared statements kept per connection (drizzle asks for one on every query). */
const STATEMENT_CACHE_SIZE = 500;

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
  // SQLite's own page cache defaults to 2 MB: at a million wishes every feed page and claim
  // would read index pages back from the OS. 64 MB (taken only as pages are read) keeps the hot ones.
  sqlite.pragma('cache_size = -65536');
  assertDurable(sqlite);
  const db = drizzle(withStatementCache(sqlite), { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { db, sqlite };
}

/**
 * The connection as drizzle sees it: `prepare` answers from a cache of compiled statements keyed
 * by their SQL (drizzle prepares every query anew, and compiling costs more than running a short
 * query, most of all on tables with triggers and checks). A statement comes back in its default
 * mode (objects, not raw/plucked rows), and one still being iterated is never handed out twice.
 * The least recently used statement goes first when the cache is full.
 */
export function withStatementCache(
  sqlite: Database.Database,
  size = STATEMENT_CACHE_SIZE,
): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      cache.delete(source);
      cache.set(source, cached);
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    const statement = sqlite.prepare(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, key) {
      if (key === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
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

/**
 * A query compiled once per connection — drizzle's `.prepare()` with placeholders — for the hot
 * paths, where building the SQL anew on every request costs more than running it. The query may
 * run inside a transaction of the same connection.
 */
export function preparedPerDb<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const compiled = new WeakMap<Db, Q>();
  return (db) => {
    let query = compiled.get(db);
    if (query === undefined) {
      query = build(db);
      compiled.set(db, query);
    }
    return query;
  };
}

/**
 * Group commit. Under `synchronous = FULL` every COMMIT waits for an fsync, and one fsync per
 * request is the ceiling of a write route (and stalls the event loop while it waits). Writes
 * handed to `run` within one turn of the event loop instead share ONE immediate transaction: each
 * runs in its own savepoint (its failure undoes only its own writes, and is its own answer), and
 * every promise settles only after the shared COMMIT has returned — so nothing is acknowledged
 * before it is on disk (G8), and a failed COMMIT fails them all, none having been answered.
 *
 * The work is the same synchronous use case that would run alone (its own `db.transaction`
 * becomes a savepoint inside the group's); it must not do outside I/O, as ARCHITECTURE.md asks
 * of every transaction. Writes that are not grouped keep their own transactions: the group runs
 * whole within one synchronous call, so nothing interleaves with it on this connection.
 */
export interface CommitGroup {
  run<T>(work: () => T): Promise<T>;
}

interface Job {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const groups = new WeakMap<Db, CommitGroup>();

/** The commit group of a database (one per connection). */
export function commitGroupOf(db: Db): CommitGroup {
  let group = groups.get(db);
  if (!group) {
    group = createCommitGroup(db);
    groups.set(db, group);
  }
  return group;
}

export function createCommitGroup(db: Db): CommitGroup {
  let queue: Job[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const jobs = queue;
    queue = [];
    const outcomes: Outcome[] = [];
    try {
      db.transaction(
        (tx) => {
          for (const job of jobs) {
            // SQLite can roll a whole transaction back on its own (disk full, I/O error): then
            // stop, lest a later savepoint start a transaction of its own.
            if (!db.$client.inTransaction) throw new Error('the group transaction was rolled back');
            try {
              // A savepoint of its own: a job that throws leaves no write behind.
              outcomes.push({ ok: true, value: tx.transaction(() => job.work()) });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        },
        { behavior: 'immediate' },
      );
    } catch (error) {
      // BEGIN or COMMIT failed (or SQLite rolled the whole transaction back): nothing was written.
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  };

  return {
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}

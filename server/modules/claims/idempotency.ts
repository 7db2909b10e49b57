import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { preparedPerDb, type Db } from '../../db/client';
import type { Tx } from '../../db/tx';
import { idempotencyKeys } from '../../db/schema';
import { AppError } from '../../app-error';

/** How a client names one intended write: 8–100 letters, digits or `- _ . :` (a UUID fits). */
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,100}$/;
/** Stored answers are kept this long; a retry after that is a new request. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** The request's `Idempotency-Key` header: required, one value, well-formed. */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const value = request.headers['idempotency-key'];
  if (value === undefined || value === '') throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
  return value;
}

/** What a request asks for, as a hash: a retry hashes the same, anything else does not. */
export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, input]))
    .digest('base64url');
}

/**
 * Runs a write at most once per (user, key): inside one immediate transaction, a stored answer
 * for the key is replayed (or refused with 409 when the key was used for a different request);
 * otherwise `work` runs and its answer is stored with it — both commit together or not at all.
 * Failures are not stored: nothing was written, so a retry simply runs again.
 */
export function runIdempotent<T>(
  db: Db,
  ref: { userId: number; key: string; hash: string; status: number; now: number },
  work: (tx: Tx) => T,
): T {
  const q = statements(db);
  return db.transaction(
    (tx) => {
      const stored = q.stored.get({ userId: ref.userId, key: ref.key });
      if (stored) {
        if (stored.requestHash !== ref.hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
        return stored.responseBody as T;
      }
      const result = work(tx);
      q.store.run({
        userId: ref.userId,
        key: ref.key,
        requestHash: ref.hash,
        responseStatus: ref.status,
        responseBody: result,
        createdAt: ref.now,
      });
      return result;
    },
    { behavior: 'immediate' },
  );
}

// Compiled once per connection: every idempotent write runs both.
const ph = sql.placeholder;
const statements = preparedPerDb((db) => ({
  stored: db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, ph('userId')), eq(idempotencyKeys.key, ph('key'))))
    .prepare(),
  store: db
    .insert(idempotencyKeys)
    .values({
      userId: ph('userId'),
      key: ph('key'),
      requestHash: ph('requestHash'),
      responseStatus: ph('responseStatus'),
      responseBody: ph('responseBody'),
      createdAt: ph('createdAt'),
    })
    .prepare(),
}));

/** Forgets stored answers older than the TTL (the sweeper calls this). */
export function pruneIdempotencyKeys(db: Db, now: number): number {
  return db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_KEY_TTL_MS))
    .run().changes;
}

import { z } from 'zod';
import { PUBLIC_ID_PATTERN } from '../shared/constants';
import { AppError } from './app-error';

/**
 * Keyset pagination cursors: the sort-key values of the last row of a page, as base64url of a
 * small JSON array. Opaque to clients; a cursor that does not decode to the expected shape is a
 * 400 INVALID_CURSOR, never a query.
 */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor<T extends z.ZodTuple>(cursor: string, shape: T): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('INVALID_CURSOR');
  }
  const parsed = shape.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_CURSOR');
  return parsed.data;
}

/** Cursor parts: an epoch-ms time, a small integer, a public id. */
export const cursorTime = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export const cursorInt = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const cursorId = z.string().regex(PUBLIC_ID_PATTERN);

/**
 * A page from a query that fetched `limit + 1` rows: the first `limit`, and — when the extra row
 * shows there is more — the cursor of the last one shown.
 */
export function keysetPage<R>(
  rows: R[],
  limit: number,
  cursorOf: (last: R) => readonly (string | number)[],
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}

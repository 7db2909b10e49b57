import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AppError } from '../../server/app-error';
import { cursorId, cursorInt, cursorTime, decodeCursor, encodeCursor } from '../../server/cursor';

describe('keyset cursor', () => {
  const shape = z.tuple([cursorInt.max(9), cursorTime, cursorId]);
  const position = [2, 1_795_000_000_000, 'Ab-_0123456789xy'] as const;

  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor(position), shape)).toEqual(position);
  });

  it('is opaque URL-safe text', () => {
    expect(encodeCursor(position)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['not base64 JSON', 'garbage!!'],
    ['JSON of the wrong shape', Buffer.from('{"a":1}').toString('base64url')],
    ['a rank out of range', Buffer.from('[99,1,"Ab-_0123456789xy"]').toString('base64url')],
    ['a fractional time', Buffer.from('[1,1.5,"Ab-_0123456789xy"]').toString('base64url')],
    ['an id that is not a public id', Buffer.from(`[1,1,"' OR 1=1 --"]`).toString('base64url')],
    ['an empty string', ''],
  ])('refuses %s with INVALID_CURSOR', (_, cursor) => {
    expect(() => decodeCursor(cursor, shape)).toThrowError(
      expect.objectContaining({ code: 'INVALID_CURSOR' }) as unknown as AppError,
    );
  });
});

import { randomBytes } from 'node:crypto';

/** A random public id for URLs: 12 bytes → 16 base64url characters (never a row number). */
export function newPublicId(): string {
  return randomBytes(12).toString('base64url');
}

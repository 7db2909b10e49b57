import { z } from 'zod';
import { PUBLIC_ID_PATTERN } from '../../../shared/constants';
import { AppError } from '../../app-error';

/**
 * Keyset position in the donor feed, which is ordered by (urgency rank, published time,
 * public id). The cursor is opaque to clients: base64url of a small JSON array.
 */
export interface FeedPosition {
  urgencyRank: number;
  publishedAt: number;
  publicId: string;
}

const positionSchema = z.tuple([
  z.number().int().min(0).max(9),
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  z.string().regex(PUBLIC_ID_PATTERN),
]);

export function encodeFeedCursor(p: FeedPosition): string {
  return Buffer.from(JSON.stringify([p.urgencyRank, p.publishedAt, p.publicId])).toString('base64url');
}

export function decodeFeedCursor(cursor: string): FeedPosition {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('INVALID_CURSOR');
  }
  const parsed = positionSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_CURSOR');
  const [urgencyRank, publishedAt, publicId] = parsed.data;
  return { urgencyRank, publishedAt, publicId };
}

import { eq } from 'drizzle-orm';
import type { MediaSize } from '../../../shared/schemas/media';
import { AppError } from '../../app-error';
import { media } from '../../db/schema';
import type { MediaContext } from './media-context';

export interface MediaFile {
  bytes: Buffer;
  /** Seconds the link has left: how long a viewer may cache the bytes. */
  maxAgeS: number;
}

/**
 * The bytes behind a signed link. The signature is checked before the database is asked, so an
 * unsigned request learns nothing, not even whether the photo exists: a bad or expired link →
 * MEDIA_LINK_INVALID; a well-signed link to a photo that is gone → MEDIA_NOT_FOUND.
 */
export async function readMediaFile(
  ctx: MediaContext,
  link: { mediaId: string; size: MediaSize; exp: number; sig: string },
  now: number,
): Promise<MediaFile> {
  if (!ctx.signer.verify(link, now)) throw new AppError('MEDIA_LINK_INVALID');
  const row = ctx.db
    .select({ storageKey: media.storageKey, thumbKey: media.thumbKey })
    .from(media)
    .where(eq(media.publicId, link.mediaId))
    .get();
  if (!row) throw new AppError('MEDIA_NOT_FOUND');
  const bytes = await ctx.storage.get(link.size === 'thumb' ? row.thumbKey : row.storageKey);
  if (!bytes) throw new AppError('MEDIA_NOT_FOUND');
  return { bytes, maxAgeS: Math.max(0, link.exp - Math.ceil(now / 1000)) };
}

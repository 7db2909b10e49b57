import sharp from 'sharp';
import { MEDIA_MAX_PIXELS } from '../../../shared/constants';
import { AppError } from '../../app-error';
import { sniffImageType, type ImageType } from './sniff-image';

/** A photo as we keep it: re-encoded JPEGs with no metadata at all (no EXIF, GPS, XMP, ICC). */
export interface ProcessedImage {
  full: Buffer;
  thumb: Buffer;
  /** Of `full`, after honouring the camera's orientation. */
  width: number;
  height: number;
}

/** The long side of a stored photo: enough to read a receipt, far less than a phone's original. */
export const FULL_MAX_SIDE = 2048;
/** The long side of a list thumbnail. */
export const THUMB_MAX_SIDE = 360;

const SHARP_FORMAT: Record<ImageType, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', heif: 'heif' };

/**
 * Decoding a 40-megapixel photo can take over 100 MB: at most this many run at once, the rest
 * wait their turn (bounded by the request timeout), so a burst of uploads cannot exhaust memory.
 */
export const MAX_CONCURRENT_IMAGES = 2;

const slots = (() => {
  let free = MAX_CONCURRENT_IMAGES;
  const waiting: (() => void)[] = [];
  return {
    acquire: (): Promise<void> => {
      if (free > 0) {
        free -= 1;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    },
  };
})();

/**
 * Checks an uploaded file and re-encodes it, in this order of precedence: empty → MEDIA_EMPTY;
 * not a JPEG/PNG/WebP/HEIF by its magic bytes → MEDIA_TYPE_UNSUPPORTED; header unreadable →
 * MEDIA_UNREADABLE; more than MEDIA_MAX_PIXELS by its header (a decompression bomb is refused
 * before a single pixel is decoded) → MEDIA_TOO_MANY_PIXELS; undecodable → MEDIA_UNREADABLE.
 * The result is rotated upright, flattened onto white, shrunk to fit FULL_MAX_SIDE, and written
 * as a fresh JPEG: whatever the sender hid in the file's metadata or trailing bytes is gone.
 * Pure CPU work off the event loop (libvips threads); call it outside any transaction.
 */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  await slots.acquire();
  try {
    return await checkAndReencode(input);
  } finally {
    slots.release();
  }
}

async function checkAndReencode(input: Buffer): Promise<ProcessedImage> {
  if (input.length === 0) throw new AppError('MEDIA_EMPTY');
  const type = sniffImageType(input);
  if (!type) throw new AppError('MEDIA_TYPE_UNSUPPORTED');

  let meta: sharp.Metadata;
  try {
    // Only the header is read here; the pixel limit applies to decoding, below.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('MEDIA_UNREADABLE');
  }
  if (meta.format !== SHARP_FORMAT[type] || !meta.width || !meta.height) {
    throw new AppError('MEDIA_UNREADABLE');
  }
  if (meta.width * meta.height > MEDIA_MAX_PIXELS) throw new AppError('MEDIA_TOO_MANY_PIXELS');

  try {
    const full = await sharp(input, { limitInputPixels: MEDIA_MAX_PIXELS, failOn: 'error' })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: FULL_MAX_SIDE, height: FULL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    // From the small clean copy: cheaper than decoding the original twice.
    const thumb = await sharp(full.data)
      .resize({ width: THUMB_MAX_SIDE, height: THUMB_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75, mozjpeg: true })
      .toBuffer();
    return { full: full.data, thumb, width: full.info.width, height: full.info.height };
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) throw new AppError('MEDIA_TOO_MANY_PIXELS');
    throw new AppError('MEDIA_UNREADABLE');
  }
}

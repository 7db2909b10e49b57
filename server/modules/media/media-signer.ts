import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MediaSize } from '../../../shared/schemas/media';

/**
 * Signed photo links. A mini-program `<Image>` (and WeChat's photo check) fetches a URL without
 * our bearer token, so the link itself carries the permission: HMAC-SHA256 over the photo's
 * public id, the size and the expiry (epoch seconds), base64url. Whoever was allowed to see the
 * photo when the link was made may pass it on until it expires; a link cannot be widened to
 * another photo, another size or a later expiry.
 */
export interface MediaSigner {
  sign(mediaId: string, size: MediaSize, exp: number): string;
  /** True when `sig` signs exactly this photo, size and expiry and `exp` is not past `nowMs`. */
  verify(link: { mediaId: string; size: MediaSize; exp: number; sig: string }, nowMs: number): boolean;
  /** The path (or, with `base`, the absolute URL) of a signed link valid until `exp`. */
  url(mediaId: string, size: MediaSize, exp: number, base?: string): string;
}

export const MEDIA_PATH = '/api/v1/media';

export function createMediaSigner(secret: string): MediaSigner {
  if (secret.length < 32) throw new Error('the media URL secret must be at least 32 characters');
  const sign = (mediaId: string, size: MediaSize, exp: number) =>
    createHmac('sha256', secret).update(`${mediaId}\n${size}\n${exp}`).digest('base64url');

  return {
    sign,
    verify({ mediaId, size, exp, sig }, nowMs) {
      if (!Number.isSafeInteger(exp) || exp * 1000 <= nowMs) return false;
      const expected = Buffer.from(sign(mediaId, size, exp));
      const given = Buffer.from(sig);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    url(mediaId, size, exp, base = '') {
      const query = new URLSearchParams({ size, exp: String(exp), sig: sign(mediaId, size, exp) });
      return `${base.replace(/\/+$/, '')}${MEDIA_PATH}/${encodeURIComponent(mediaId)}?${query.toString()}`;
    },
  };
}

/** How long a link handed to a viewer stays valid at least. */
export const VIEW_LINK_MIN_S = 60 * 60;
// Expiries are rounded up to this step so a photo keeps one link for a while and caches can work.
const VIEW_LINK_STEP_S = 10 * 60;

/** The expiry (epoch seconds) for a viewer's link made at `nowMs`: 60–70 minutes ahead. */
export function viewLinkExpiry(nowMs: number): number {
  const earliest = Math.ceil(nowMs / 1000) + VIEW_LINK_MIN_S;
  return Math.ceil(earliest / VIEW_LINK_STEP_S) * VIEW_LINK_STEP_S;
}

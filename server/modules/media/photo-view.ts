import type { MediaCheck } from '../../../shared/constants';
import type { Photo } from '../../../shared/schemas/media';
import type { media } from '../../db/schema';
import { viewLinkExpiry, type MediaSigner } from './media-signer';

/** One stored photo, as the database holds it. */
export type MediaRow = typeof media.$inferSelect;

/**
 * A photo as a viewer gets it: links signed for about an hour (`viewLinkExpiry`), relative to the
 * API's origin (`/api/v1/media/…`), never a storage key. Deciding *whether* this viewer may see
 * the photo is the caller's job: the parent object's rules, then `visibleTo`.
 */
export function photoView(row: MediaRow, signer: MediaSigner, now: number): Photo {
  const exp = viewLinkExpiry(now);
  return {
    id: row.publicId,
    url: signer.url(row.publicId, 'full', exp),
    thumbUrl: signer.url(row.publicId, 'thumb', exp),
    width: row.width,
    height: row.height,
    check: row.check,
  };
}

/** Checks whose photos anyone allowed to see the parent object sees. */
const SHOWN_TO_ALL: ReadonlySet<MediaCheck> = new Set(['pass', 'unchecked']);

/**
 * Whether a viewer who may see the photo's parent object (claim, hand-over, thank-you) is shown
 * this photo. Photos WeChat has not cleared yet (`pending`), wants a person to look at (`review`)
 * or flagged (`risky`) are shown only to their uploader and to staff of the organization;
 * `unchecked` photos (no machine check was possible) are shown like passed ones, because staff
 * see every photo anyway. `isStaffOrUploader`: the viewer uploaded this photo or is staff of the
 * organization the parent object belongs to.
 */
export function visibleTo(row: MediaRow, viewer: { isStaffOrUploader: boolean }): boolean {
  return viewer.isStaffOrUploader || SHOWN_TO_ALL.has(row.check);
}

import { and, inArray, isNull } from 'drizzle-orm';
import type { MediaPurpose } from '../../../shared/constants';
import { AppError } from '../../app-error';
import { media } from '../../db/schema';
import type { Tx } from '../../db/tx';
import type { MediaRow } from './photo-view';

/** Purposes staff upload for their organization; a receipt is the donor's own. */
export const STAFF_PURPOSES: ReadonlySet<MediaPurpose> = new Set(['handover', 'thank_you', 'consent']);

/**
 * The photos named by `publicIds` (duplicates count once), in that order, when every one of them
 * may be used by `who` for `purpose`; otherwise AppError('MEDIA_NOT_USABLE') — one answer for a
 * photo that does not exist, is someone else's, has another purpose or is already attached, so
 * the answer tells nobody which photos exist. A photo may be used when:
 * - it was uploaded for exactly `purpose` and is not attached yet (`eventId` null);
 * - for a receipt: `who.userId` uploaded it;
 * - for a staff purpose (hand-over, thank-you, consent): it was uploaded for the organization
 *   `who.orgId` (by any member of its staff) — never when `who.orgId` is null.
 * Call it inside the use case's transaction, then `attachPhotos` in the same transaction.
 */
export function usablePhotos(
  tx: Tx,
  publicIds: string[],
  who: { userId: number; orgId: number | null },
  purpose: MediaPurpose,
): MediaRow[] {
  const wanted = [...new Set(publicIds)];
  if (wanted.length === 0) return [];
  const found = new Map(
    tx
      .select()
      .from(media)
      .where(inArray(media.publicId, wanted))
      .all()
      .map((row) => [row.publicId, row]),
  );
  const mayUse = (row: MediaRow | undefined): row is MediaRow =>
    row !== undefined &&
    row.purpose === purpose &&
    row.eventId === null &&
    (STAFF_PURPOSES.has(purpose)
      ? who.orgId !== null && row.orgId === who.orgId
      : row.uploaderUserId === who.userId);
  return wanted.map((id) => {
    const row = found.get(id);
    if (!mayUse(row)) throw new AppError('MEDIA_NOT_USABLE');
    return row;
  });
}

/**
 * Attaches photos (row ids from `usablePhotos`) to the fulfilment step that used them. A photo is
 * used once: if any of them got attached meanwhile, AppError('MEDIA_NOT_USABLE') and — thrown
 * inside the caller's transaction — nothing of the step is written.
 */
export function attachPhotos(
  tx: Tx,
  ids: number[],
  to: { wishId: number; claimId: number | null; eventId: number },
): void {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const { changes } = tx
    .update(media)
    .set({ wishId: to.wishId, claimId: to.claimId, eventId: to.eventId })
    .where(and(inArray(media.id, unique), isNull(media.eventId)))
    .run();
  if (changes !== unique.length) throw new AppError('MEDIA_NOT_USABLE');
}

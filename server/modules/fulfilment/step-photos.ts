import { inArray } from 'drizzle-orm';
import type { MediaPurpose } from '../../../shared/constants';
import type { Photo } from '../../../shared/schemas/media';
import type { DbOrTx, Tx } from '../../db/tx';
import { media } from '../../db/schema';
import type { ClaimViewer, EventPhotos } from '../claims/claim-view';
import type { MediaSigner } from '../media/media-signer';
import { photoView, visibleTo } from '../media/photo-view';
import { attachPhotos, usablePhotos } from '../media/usable-photos';

/**
 * Attaches uploaded photos to a fulfilment step inside its transaction (422 MEDIA_NOT_USABLE,
 * and no step, when one may not be used: see `usablePhotos`).
 */
export function attachStepPhotos(
  tx: Tx,
  publicIds: string[],
  who: { userId: number; orgId: number | null },
  purpose: MediaPurpose,
  to: { wishId: number; claimId: number | null; eventId: number },
): void {
  attachPhotos(
    tx,
    usablePhotos(tx, publicIds, who, purpose).map((m) => m.id),
    to,
  );
}

/**
 * The photos of timeline steps as a viewer may see them: staff every photo (with its check
 * status); a donor those WeChat's check cleared, and their own.
 */
export function eventPhotosFrom(
  db: DbOrTx,
  signer: MediaSigner,
  viewerUserId: number,
  now: number,
): EventPhotos {
  return (eventIds: number[], viewer: ClaimViewer) => {
    const byEvent = new Map<number, Photo[]>();
    if (eventIds.length === 0) return byEvent;
    const rows = db.select().from(media).where(inArray(media.eventId, eventIds)).orderBy(media.id).all();
    for (const m of rows) {
      if (m.eventId === null) continue;
      if (!visibleTo(m, { isStaffOrUploader: viewer === 'staff' || m.uploaderUserId === viewerUserId }))
        continue;
      byEvent.set(m.eventId, [...(byEvent.get(m.eventId) ?? []), photoView(m, signer, now)]);
    }
    return byEvent;
  };
}

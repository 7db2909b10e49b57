import { and, inArray, isNull } from 'drizzle-orm';
import type { MediaPurpose } from '../../../shared/constants';
import type { Photo } from '../../../shared/schemas/media';
import type { DbOrTx, Tx } from '../../db/tx';
import { media } from '../../db/schema';
import { AppError } from '../../app-error';
import type { ClaimViewer, EventPhotos } from '../claims/claim-view';
import { viewLinkExpiry, type MediaSigner } from '../media/media-signer';

/**
 * Attaches uploaded photos to a fulfilment step, inside its transaction: each must exist, be
 * for this purpose, not be used yet, and come from the person taking the step (or, for staff,
 * from their organization). Otherwise 422 MEDIA_NOT_USABLE and the step does not happen.
 */
export function attachStepPhotos(
  tx: Tx,
  publicIds: string[],
  who: { userId: number; orgId: number | null },
  purpose: MediaPurpose,
  to: { wishId: number; claimId: number | null; eventId: number },
): void {
  const ids = [...new Set(publicIds)];
  const rows = tx.select().from(media).where(inArray(media.publicId, ids)).all();
  const usable = rows.filter(
    (m) =>
      m.purpose === purpose &&
      m.eventId === null &&
      (m.uploaderUserId === who.userId || (who.orgId !== null && m.orgId === who.orgId)),
  );
  if (usable.length !== ids.length) throw new AppError('MEDIA_NOT_USABLE');
  const attached = tx
    .update(media)
    .set(to)
    .where(
      and(
        inArray(
          media.id,
          usable.map((m) => m.id),
        ),
        isNull(media.eventId),
      ),
    )
    .run();
  if (attached.changes !== ids.length) throw new AppError('MEDIA_NOT_USABLE');
}

/**
 * The photos of timeline steps as a viewer may see them: staff see every photo (with its check
 * status); a donor sees photos WeChat's check passed (or that were not checked), and their own.
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
    const exp = viewLinkExpiry(now);
    const rows = db.select().from(media).where(inArray(media.eventId, eventIds)).orderBy(media.id).all();
    for (const m of rows) {
      const shown =
        viewer === 'staff' ||
        m.uploaderUserId === viewerUserId ||
        m.check === 'pass' ||
        m.check === 'unchecked';
      if (!shown || m.eventId === null) continue;
      const list = byEvent.get(m.eventId) ?? [];
      list.push({
        id: m.publicId,
        url: signer.url(m.publicId, 'full', exp),
        thumbUrl: signer.url(m.publicId, 'thumb', exp),
        width: m.width,
        height: m.height,
        check: m.check,
      });
      byEvent.set(m.eventId, list);
    }
    return byEvent;
  };
}

import type { UploadedMedia } from '../../../shared/schemas/media';
import { media } from '../../db/schema';
import { newPublicId } from '../../ids';
import type { Actor } from '../access/actor';
import { currentOrgId } from '../access/staff-scope';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import type { MediaContext, MediaLog } from './media-context';
import { newStorageKey } from './media-storage';
import { photoView } from './photo-view';
import { processImage } from './process-image';
import type { Upload } from './read-upload';
import { startMediaCheck } from './start-media-check';
import { STAFF_PURPOSES } from './usable-photos';

/**
 * Stores one uploaded photo: checked and re-encoded first (no transaction open), the two JPEGs
 * written under fresh random keys, then the row and its audit event in one transaction, then
 * WeChat's check started. Any refusal or failure before the commit leaves nothing behind: no
 * row, and the files just written are removed. A staff purpose is filed under the organization
 * the uploader works in (if they are staff); a receipt, or a non-member's upload, under none.
 */
export async function uploadMedia(
  ctx: MediaContext,
  actor: Actor,
  upload: Upload,
  meta: RequestMeta,
  log: MediaLog,
): Promise<UploadedMedia> {
  const image = await processImage(upload.bytes);
  const orgId =
    STAFF_PURPOSES.has(upload.purpose) && actor.memberships.length > 0 ? currentOrgId(actor) : null;
  const storageKey = newStorageKey();
  const thumbKey = newStorageKey();

  let row;
  try {
    await ctx.storage.put(storageKey, image.full);
    await ctx.storage.put(thumbKey, image.thumb);
    row = ctx.db.transaction(
      (tx) => {
        const inserted = tx
          .insert(media)
          .values({
            publicId: newPublicId(),
            uploaderUserId: actor.userId,
            orgId,
            purpose: upload.purpose,
            storageKey,
            thumbKey,
            mime: 'image/jpeg',
            width: image.width,
            height: image.height,
            bytes: image.full.length,
            check: 'unchecked',
            createdAt: meta.now,
          })
          .returning()
          .get();
        recordAudit(
          tx,
          {
            actorUserId: actor.userId,
            action: 'media.uploaded',
            outcome: 'ok',
            targetType: 'media',
            targetId: inserted.publicId,
            details: { purpose: upload.purpose },
          },
          meta,
        );
        return inserted;
      },
      { behavior: 'immediate' },
    );
  } catch (err) {
    await Promise.all([ctx.storage.delete(storageKey), ctx.storage.delete(thumbKey)]).catch((e: unknown) =>
      log.warn({ reason: (e as Error).message }, 'photo files of a failed upload not removed'),
    );
    throw err;
  }

  const check = await startMediaCheck(ctx, row, meta.now, log);
  return { ...photoView({ ...row, check }, ctx.signer, meta.now), purpose: row.purpose };
}

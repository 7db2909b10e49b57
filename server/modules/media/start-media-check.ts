import { and, eq } from 'drizzle-orm';
import type { MediaCheck } from '../../../shared/constants';
import { media, users } from '../../db/schema';
import type { MediaContext, MediaLog } from './media-context';
import type { MediaRow } from './photo-view';

/** How long the link WeChat downloads the photo from stays valid (WeChat answers within 30 minutes). */
export const CHECK_LINK_S = 24 * 60 * 60;
// WeChat's scenes: 1 profile, 2 comment, 3 forum, 4 social log. Photos go with the wish's material.
const PHOTO_SCENE = 1;

/**
 * Asks WeChat to check a just-committed photo, after the upload's transaction: the row becomes
 * `pending` with WeChat's trace id, and the verdict arrives later by message push
 * (`recordMediaCheck`). The photo stays `unchecked` when there is no checker or public address,
 * when the uploader has no WeChat openid (an H5 user), or when WeChat does not take the request —
 * a failed check never fails the upload; staff see every photo anyway.
 */
export async function startMediaCheck(
  ctx: MediaContext,
  row: MediaRow,
  now: number,
  log: MediaLog,
): Promise<MediaCheck> {
  if (!ctx.checker || !ctx.publicBaseUrl) return row.check;
  const uploader = ctx.db
    .select({ openid: users.wechatOpenid })
    .from(users)
    .where(eq(users.id, row.uploaderUserId))
    .get();
  if (!uploader?.openid) return row.check;

  const exp = Math.floor(now / 1000) + CHECK_LINK_S;
  let traceId: string;
  try {
    ({ traceId } = await ctx.checker.submit({
      mediaUrl: ctx.signer.url(row.publicId, 'full', exp, ctx.publicBaseUrl),
      openid: uploader.openid,
      scene: PHOTO_SCENE,
    }));
  } catch (err) {
    log.warn({ mediaId: row.publicId, reason: (err as Error).message }, 'photo check not started');
    return row.check;
  }
  const { changes } = ctx.db
    .update(media)
    .set({ check: 'pending', checkTraceId: traceId })
    .where(and(eq(media.id, row.id), eq(media.check, 'unchecked')))
    .run();
  return changes === 1 ? 'pending' : row.check;
}

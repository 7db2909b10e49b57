import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { media } from '../../db/schema';
import type { MediaCheckVerdict } from '../../integrations/wechat/media-check-async';
import { recordAudit, type RequestMeta } from '../audit/record-audit';

export type CheckRecorded = 'recorded' | 'already_decided' | 'unknown_trace';

/**
 * Stores WeChat's verdict on a photo, found by the trace id the check request was answered with.
 * Idempotent: WeChat retries a push it thinks was lost, and only a `pending` photo takes a
 * verdict — the first one stands. An unknown trace id changes nothing.
 */
export function recordMediaCheck(db: Db, verdict: MediaCheckVerdict, meta: RequestMeta): CheckRecorded {
  return db.transaction(
    (tx) => {
      const row = tx
        .select({ id: media.id, publicId: media.publicId, check: media.check })
        .from(media)
        .where(eq(media.checkTraceId, verdict.traceId))
        .get();
      if (!row) return 'unknown_trace';
      const { changes } = tx
        .update(media)
        .set({ check: verdict.suggest, checkedAt: meta.now })
        .where(and(eq(media.id, row.id), eq(media.check, 'pending')))
        .run();
      if (changes === 0) return 'already_decided';
      recordAudit(
        tx,
        {
          actorUserId: null,
          action: 'media.checked',
          outcome: 'ok',
          targetType: 'media',
          targetId: row.publicId,
          details: { suggest: verdict.suggest, label: verdict.label },
        },
        meta,
      );
      return 'recorded';
    },
    { behavior: 'immediate' },
  );
}

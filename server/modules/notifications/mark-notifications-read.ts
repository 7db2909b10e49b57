import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { MarkReadBody } from '../../../shared/schemas/notifications';
import type { Db } from '../../db/client';
import { notifications } from '../../db/schema';
import type { Actor } from '../access/actor';
import { countUnread } from './count-unread';

/**
 * Marks some of the caller's messages (or all of them) read; returns what is left unread. Ids
 * that are not the caller's, or are unknown, change nothing and are not reported: the answer
 * must not tell whether someone else's message exists. Marking a read message again keeps its
 * first read time.
 */
export function markNotificationsRead(
  db: Db,
  actor: Actor,
  body: MarkReadBody,
  now: number,
): { unread: number } {
  return db.transaction(
    (tx) => {
      tx.update(notifications)
        .set({ readAt: now })
        .where(
          and(
            eq(notifications.userId, actor.userId),
            isNull(notifications.readAt),
            'ids' in body ? inArray(notifications.publicId, body.ids) : undefined,
          ),
        )
        .run();
      return countUnread(tx, actor.userId);
    },
    { behavior: 'immediate' },
  );
}

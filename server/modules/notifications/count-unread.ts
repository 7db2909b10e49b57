import { and, count, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/tx';
import { notifications } from '../../db/schema';

/** How many of a user's messages are unread (the badge). */
export function countUnread(db: DbOrTx, userId: number): { unread: number } {
  return { unread: unreadCountQuery(db, userId).get()?.unread ?? 0 };
}

/**
 * `read_at IS NULL` (no bound value) so the partial index `notifications_unread_idx` answers it
 * without touching the messages already read; a test holds the query plan to that.
 */
export function unreadCountQuery(db: DbOrTx, userId: number) {
  return db
    .select({ unread: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

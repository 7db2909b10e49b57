import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Notification, NotificationPage } from '../../../shared/schemas/notifications';
import { AppError } from '../../app-error';
import type { Db } from '../../db/client';
import { notifications } from '../../db/schema';
import { cursorId, decodeCursor, keysetPage } from '../../cursor';
import type { Actor } from '../access/actor';

// The cursor names the last message shown by its public id; the row number it stands for stays
// on the server (ids in anything a client holds are never sequential).
const cursorShape = z.tuple([cursorId]);

/** The caller's own inbox, newest first. */
export function listNotifications(
  db: Db,
  actor: Actor,
  query: { limit: number; cursor?: string | undefined },
): NotificationPage {
  const before = query.cursor ? cursorRowId(db, actor, decodeCursor(query.cursor, cursorShape)[0]) : null;
  const rows = db
    .select()
    .from(notifications)
    .where(
      and(eq(notifications.userId, actor.userId), before === null ? undefined : lt(notifications.id, before)),
    )
    .orderBy(desc(notifications.id))
    .limit(query.limit + 1)
    .all();
  const { page, nextCursor } = keysetPage(rows, query.limit, (last) => [last.publicId]);
  return { items: page.map(toNotification), nextCursor };
}

/** The row a cursor points at; only the caller's own messages can be one. */
function cursorRowId(db: Db, actor: Actor, publicId: string): number {
  const row = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.publicId, publicId), eq(notifications.userId, actor.userId)))
    .get();
  if (!row) throw new AppError('INVALID_CURSOR');
  return row.id;
}

function toNotification(row: typeof notifications.$inferSelect): Notification {
  return {
    id: row.publicId,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: new Date(row.createdAt).toISOString(),
    read: row.readAt !== null,
  };
}

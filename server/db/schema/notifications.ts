import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { NOTIFICATION_KINDS } from '../../../shared/constants';
import { campaigns } from './campaigns';
import { claims } from './claims';
import { oneOf } from './checks';
import { users } from './identity';
import { wishes } from './wishes';

export const PUSH_STATUSES = ['none', 'pending', 'sent', 'refused', 'failed'] as const;

/**
 * The in-app inbox, written in the same transaction as the change it reports. A row whose push
 * is `pending` is also sent as a WeChat subscription message after the commit (an outbox).
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The page it opens in the app, e.g. `/donor/claim/index?id=…`. */
    link: text('link'),
    wishId: integer('wish_id').references(() => wishes.id),
    claimId: integer('claim_id').references(() => claims.id),
    /** A campaign gift's notice names the campaign (its public title) when pushed. */
    campaignId: integer('campaign_id').references(() => campaigns.id),
    /** Set for things that must be said once however often they are found (reminders, releases). */
    dedupeKey: text('dedupe_key').unique(),
    createdAt: integer('created_at').notNull(),
    readAt: integer('read_at'),
    pushStatus: text('push_status', { enum: PUSH_STATUSES }).notNull().default('none'),
    pushAttempts: integer('push_attempts').notNull().default(0),
    pushedAt: integer('pushed_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`read_at IS NULL`),
    index('notifications_push_idx')
      .on(t.pushStatus)
      .where(sql`push_status = 'pending'`),
    check('notifications_kind_check', oneOf(t.kind, NOTIFICATION_KINDS)),
    check('notifications_push_status_check', oneOf(t.pushStatus, PUSH_STATUSES)),
  ],
);

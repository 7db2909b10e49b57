import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { MEDIA_CHECKS, MEDIA_PURPOSES } from '../../../shared/constants';
import { claims, fulfilmentEvents } from './claims';
import { oneOf } from './checks';
import { organizations, users } from './identity';
import { wishes } from './wishes';

/**
 * Uploaded photos, re-encoded (no EXIF/GPS) and stored under server-made names. Who may see one
 * follows its purpose and what it is attached to: a receipt — its donor and the organization;
 * hand-over and thank-you photos — the wish's claimers and the organization.
 */
export const media = sqliteTable(
  'media',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    uploaderUserId: integer('uploader_user_id')
      .notNull()
      .references(() => users.id),
    /** The organization a member of staff uploaded it for (null for donors). */
    orgId: integer('org_id').references(() => organizations.id),
    purpose: text('purpose', { enum: MEDIA_PURPOSES }).notNull(),
    storageKey: text('storage_key').notNull(),
    thumbKey: text('thumb_key').notNull(),
    mime: text('mime').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    check: text('check', { enum: MEDIA_CHECKS }).notNull(),
    /** WeChat's mediaCheckAsync trace id: the callback names it. */
    checkTraceId: text('check_trace_id').unique(),
    checkedAt: integer('checked_at'),
    /** What it was attached to (null until a step uses it; a photo is used once). */
    wishId: integer('wish_id').references(() => wishes.id),
    claimId: integer('claim_id').references(() => claims.id),
    eventId: integer('event_id').references(() => fulfilmentEvents.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('media_event_idx').on(t.eventId),
    index('media_uploader_idx').on(t.uploaderUserId, t.createdAt),
    check('media_purpose_check', oneOf(t.purpose, MEDIA_PURPOSES)),
    check('media_check_check', oneOf(t.check, MEDIA_CHECKS)),
    check('media_size_check', sql`${t.width} > 0 AND ${t.height} > 0 AND ${t.bytes} > 0`),
  ],
);

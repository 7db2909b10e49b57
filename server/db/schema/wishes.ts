import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import {
  CONTENT_CHECKS,
  DIFFICULTY_CATEGORIES,
  GENDERS,
  URGENCY_LEVELS,
  WISH_KINDS,
  WISH_STATUSES,
} from '../../../shared/constants';
import { beneficiaries } from './beneficiaries';
import { campaigns, handoverSites } from './campaigns';
import { oneOf } from './checks';
import { organizations, users } from './identity';
import { regions } from './regions';

/**
 * Wishes. Each belongs to one beneficiary file and carries a copy of the file's public side
 * (pseudonym, story, age, gender, category, urgency, town) as it was when the wish was last edited:
 * the reviewer approves exactly what the public will see, and the feed filters and sorts on one
 * table. Times are epoch milliseconds; money is integer fen.
 */
export const wishes = sqliteTable(
  'wishes',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    beneficiaryId: integer('beneficiary_id')
      .notNull()
      .references(() => beneficiaries.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    kind: text('kind', { enum: WISH_KINDS }).notNull(),
    quantity: integer('quantity').notNull(),
    estimatedValueFen: integer('estimated_value_fen').notNull(),
    /** 1: one donor fulfils it; N: split into N equal shares. */
    shares: integer('shares').notNull(),
    sharesTaken: integer('shares_taken').notNull().default(0),
    handoverSiteId: integer('handover_site_id')
      .notNull()
      .references(() => handoverSites.id),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    // The file's public side, copied (see above).
    pseudonym: text('pseudonym').notNull(),
    /** The file's public story (shown only while the guardian's consent allows it). */
    story: text('story'),
    age: integer('age').notNull(),
    gender: text('gender', { enum: GENDERS }).notNull(),
    category: text('category', { enum: DIFFICULTY_CATEGORIES }).notNull(),
    urgency: text('urgency', { enum: URGENCY_LEVELS }).notNull(),
    /** Derived from urgency so the feed's order (most urgent first) can use an index. */
    urgencyRank: integer('urgency_rank')
      .notNull()
      .generatedAlwaysAs(
        sql.raw(`CASE urgency ${URGENCY_LEVELS.map((u, i) => `WHEN '${u}' THEN ${i}`).join(' ')} END`),
        { mode: 'virtual' },
      ),
    townId: integer('town_id')
      .notNull()
      .references(() => regions.id),
    /** The file's region path: the feed's region filter is a prefix of it. */
    regionPath: text('region_path').notNull(),
    status: text('status', { enum: WISH_STATUSES }).notNull(),
    contentCheck: text('content_check', { enum: CONTENT_CHECKS }),
    returnReason: text('return_reason'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    submittedAt: integer('submitted_at'),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: integer('reviewed_at'),
    publishedAt: integer('published_at'),
    /** When the last share was claimed, the gift handed over, the donors confirmed. */
    claimedAt: integer('claimed_at'),
    deliveredAt: integer('delivered_at'),
    confirmedAt: integer('confirmed_at'),
    /** The campaign's end: a published wish leaves the feed then, unless claimed. */
    expiresAt: integer('expires_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    /** The donor feed's default order: most urgent first, then the longest waiting. */
    index('wishes_feed_idx').on(t.status, t.urgencyRank, t.publishedAt, t.publicId),
    index('wishes_newest_idx').on(t.status, t.publishedAt, t.publicId),
    index('wishes_value_idx').on(t.status, t.estimatedValueFen, t.publicId),
    /** Staff lists and the review queue (urgent on top, oldest submission first). */
    index('wishes_org_status_idx').on(t.orgId, t.status, t.urgencyRank, t.submittedAt),
    index('wishes_beneficiary_idx').on(t.beneficiaryId),
    /** The re-identification guard counts children by town, age and gender. */
    index('wishes_reid_idx').on(t.townId, t.age, t.gender, t.status, t.beneficiaryId),
    index('wishes_campaign_idx').on(t.campaignId, t.status),
    check('wishes_gender_check', oneOf(t.gender, GENDERS)),
    check('wishes_category_check', oneOf(t.category, DIFFICULTY_CATEGORIES)),
    check('wishes_urgency_check', oneOf(t.urgency, URGENCY_LEVELS)),
    check('wishes_kind_check', oneOf(t.kind, WISH_KINDS)),
    check('wishes_status_check', oneOf(t.status, WISH_STATUSES)),
    check(
      'wishes_content_check_check',
      sql`${t.contentCheck} IS NULL OR ${oneOf(t.contentCheck, CONTENT_CHECKS)}`,
    ),
    // SQLite would quietly store 12.5 in an INTEGER column: money must be whole fen.
    check(
      'wishes_value_check',
      sql`typeof(${t.estimatedValueFen}) = 'integer' AND ${t.estimatedValueFen} > 0`,
    ),
    check('wishes_quantity_check', sql`typeof(${t.quantity}) = 'integer' AND ${t.quantity} > 0`),
    check(
      'wishes_shares_check',
      sql`typeof(${t.shares}) = 'integer' AND ${t.shares} >= 1 AND ${t.sharesTaken} BETWEEN 0 AND ${t.shares}`,
    ),
    check('wishes_age_check', sql`${t.age} BETWEEN 0 AND 120`),
    check('wishes_published_at_check', sql`${t.status} <> 'published' OR ${t.publishedAt} IS NOT NULL`),
  ],
);

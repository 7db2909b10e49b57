import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { DIFFICULTY_CATEGORIES, GENDERS, URGENCY_LEVELS, WISH_STATUSES } from '../../../shared/constants';
import { oneOf } from './checks';
import { regions } from './regions';

/**
 * Wishes. For now only public fields: the beneficiary file (and its restricted side) arrives
 * with the beneficiaries feature. Times are epoch milliseconds; money is integer fen.
 */
export const wishes = sqliteTable(
  'wishes',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    title: text('title').notNull(),
    pseudonym: text('pseudonym').notNull(),
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
    estimatedValueFen: integer('estimated_value_fen').notNull(),
    townId: integer('town_id')
      .notNull()
      .references(() => regions.id),
    status: text('status', { enum: WISH_STATUSES }).notNull(),
    createdAt: integer('created_at').notNull(),
    publishedAt: integer('published_at'),
  },
  (t) => [
    /** The donor feed: published wishes, most urgent first, then the longest waiting. */
    index('wishes_feed_idx').on(t.status, t.urgencyRank, t.publishedAt, t.publicId),
    check('wishes_gender_check', oneOf(t.gender, GENDERS)),
    check('wishes_category_check', oneOf(t.category, DIFFICULTY_CATEGORIES)),
    check('wishes_urgency_check', oneOf(t.urgency, URGENCY_LEVELS)),
    check('wishes_status_check', oneOf(t.status, WISH_STATUSES)),
    // SQLite would quietly store 12.5 in an INTEGER column: money must be whole fen.
    check(
      'wishes_value_check',
      sql`typeof(${t.estimatedValueFen}) = 'integer' AND ${t.estimatedValueFen} > 0`,
    ),
    check('wishes_age_check', sql`${t.age} BETWEEN 0 AND 120`),
    check('wishes_published_at_check', sql`${t.status} <> 'published' OR ${t.publishedAt} IS NOT NULL`),
  ],
);

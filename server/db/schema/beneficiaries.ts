import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DIFFICULTY_CATEGORIES, GENDERS, URGENCY_LEVELS } from '../../../shared/constants';
import { oneOf } from './checks';
import { organizations, users } from './identity';
import { regions } from './regions';

/**
 * A beneficiary file (一人一档), public side: what a wish may show. The restricted side lives in
 * its own table so that no query for a public view can select it by accident.
 */
export const beneficiaries = sqliteTable(
  'beneficiaries',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    /** Where the child lives (a village, or a town): decides which caseworkers keep the file. */
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    /** The town of that region, the finest place the public may see. */
    townId: integer('town_id')
      .notNull()
      .references(() => regions.id),
    /** The region's materialized path, for scope checks and subtree searches. */
    regionPath: text('region_path').notNull(),
    pseudonym: text('pseudonym').notNull(),
    /** Only the year: the age shown is derived from it, never the birthday. */
    birthYear: integer('birth_year').notNull(),
    gender: text('gender', { enum: GENDERS }).notNull(),
    category: text('category', { enum: DIFFICULTY_CATEGORIES }).notNull(),
    urgency: text('urgency', { enum: URGENCY_LEVELS }).notNull(),
    story: text('story'),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('beneficiaries_org_region_idx').on(t.orgId, t.regionPath),
    check('beneficiaries_gender_check', oneOf(t.gender, GENDERS)),
    check('beneficiaries_category_check', oneOf(t.category, DIFFICULTY_CATEGORIES)),
    check('beneficiaries_urgency_check', oneOf(t.urgency, URGENCY_LEVELS)),
    check('beneficiaries_birth_year_check', sql`${t.birthYear} BETWEEN 1900 AND 2200`),
  ],
);

/** The restricted side: read only by the file's caseworkers and reviewers, every read audited. */
export const beneficiaryRestricted = sqliteTable('beneficiary_restricted', {
  beneficiaryId: integer('beneficiary_id')
    .primaryKey()
    .references(() => beneficiaries.id),
  realName: text('real_name').notNull(),
  idNumber: text('id_number'),
  birthDate: text('birth_date'),
  address: text('address'),
  guardianName: text('guardian_name'),
  guardianRelation: text('guardian_relation'),
  guardianPhone: text('guardian_phone'),
  school: text('school'),
  schoolClass: text('school_class'),
  caseNotes: text('case_notes'),
});

/**
 * Guardian consent records (restricted). The newest one not withdrawn is in force; withdrawing
 * stamps it, nothing is deleted.
 */
export const beneficiaryConsents = sqliteTable(
  'beneficiary_consents',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    beneficiaryId: integer('beneficiary_id')
      .notNull()
      .references(() => beneficiaries.id),
    guardianName: text('guardian_name').notNull(),
    relation: text('relation').notNull(),
    consentedOn: text('consented_on').notNull(),
    publishStory: integer('publish_story', { mode: 'boolean' }).notNull(),
    publishPhotos: integer('publish_photos', { mode: 'boolean' }).notNull(),
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: integer('recorded_at').notNull(),
    withdrawnAt: integer('withdrawn_at'),
  },
  (t) => [index('beneficiary_consents_file_idx').on(t.beneficiaryId, t.recordedAt)],
);

/**
 * Edit history of a file (restricted, append-only): which fields changed from what to what,
 * by whom, at which version.
 */
export const beneficiaryRevisions = sqliteTable(
  'beneficiary_revisions',
  {
    id: integer('id').primaryKey(),
    beneficiaryId: integer('beneficiary_id')
      .notNull()
      .references(() => beneficiaries.id),
    version: integer('version').notNull(),
    editedBy: integer('edited_by')
      .notNull()
      .references(() => users.id),
    editedAt: integer('edited_at').notNull(),
    /** `{ field: [before, after] }` */
    changes: text('changes', { mode: 'json' }).notNull().$type<Record<string, [unknown, unknown]>>(),
  },
  (t) => [uniqueIndex('beneficiary_revisions_version_idx').on(t.beneficiaryId, t.version)],
);

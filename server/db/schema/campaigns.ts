import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organizations, users } from './identity';
import { regions } from './regions';

/** A round of wishes with a theme and dates (活动), e.g. 六一·点亮微心愿. Dates are China dates. */
export const campaigns = sqliteTable(
  'campaigns',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    description: text('description'),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    /** The instant after the last day ends: wishes of the campaign expire then unless claimed. */
    endsAt: integer('ends_at').notNull(),
    targetWishCount: integer('target_wish_count').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('campaigns_org_idx').on(t.orgId, t.endsAt),
    check('campaigns_dates_check', sql`${t.startsOn} <= ${t.endsOn}`),
    check('campaigns_target_check', sql`${t.targetWishCount} > 0`),
  ],
);

/** Where gifts are handed over: an organization's site (儿童之家, 未保站, office), never a home. */
export const handoverSites = sqliteTable(
  'handover_sites',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    /** Where donors send or bring gifts (a public place; shown only to a claiming donor). */
    address: text('address'),
    /** The site's office phone for couriers and donors (never a child's or guardian's). */
    contactPhone: text('contact_phone'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('handover_sites_org_idx').on(t.orgId)],
);

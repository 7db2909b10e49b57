import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The region tree: county/district → town/street → village/community. */
export const regions = sqliteTable(
  'regions',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => regions.id),
    level: text('level', { enum: ['county', 'town', 'village'] }).notNull(),
    name: text('name').notNull(),
    /** Materialized path of public ids, `/county/town/village/`: a subtree is a prefix. */
    path: text('path').notNull(),
  },
  (t) => [
    index('regions_parent_idx').on(t.parentId),
    index('regions_path_idx').on(t.path),
    check('regions_level_check', sql`${t.level} IN ('county', 'town', 'village')`),
    check('regions_root_is_county', sql`(${t.parentId} IS NULL) = (${t.level} = 'county')`),
  ],
);

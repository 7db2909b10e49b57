import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { REPORT_KINDS, REPORT_STATUSES } from '../../../shared/schemas/reports';
import { campaigns } from './campaigns';
import { oneOf } from './checks';
import { organizations, users } from './identity';

/**
 * 公示 reports: a frozen statement of one organization's books for a period, computed from a
 * ledger checkpoint. A draft may be deleted or made again; once published, a trigger (migration
 * 0005) refuses any change to it and its deletion.
 */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind', { enum: REPORT_KINDS }).notNull(),
    /** The period's key: `2026-11`, `2026-Q4`, or the campaign's public id. */
    period: text('period').notNull(),
    /** The period's first and last China dates (a campaign's own dates). */
    fromDate: text('from_date').notNull(),
    toDate: text('to_date').notNull(),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    title: text('title').notNull(),
    status: text('status', { enum: REPORT_STATUSES }).notNull(),
    /** Everything the public page shows, computed once at creation (shared/schemas/reports.ts). */
    snapshot: text('snapshot', { mode: 'json' }).notNull(),
    /** The ledger checkpoint the snapshot was computed from: its leaves are [0, size). */
    checkpointSize: integer('checkpoint_size').notNull(),
    /** The signed checkpoint note (C2SP tlog-checkpoint). */
    checkpointNote: text('checkpoint_note').notNull(),
    /** The organization's report published before this one, and the consistency proof from its size. */
    previousReportId: integer('previous_report_id').references((): AnySQLiteColumn => reports.id),
    /** JSON array of base64 hashes. */
    consistencyProof: text('consistency_proof', { mode: 'json' }).$type<string[]>().notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    publishedAt: integer('published_at'),
  },
  (t) => [
    index('reports_org_idx').on(t.orgId, t.status, t.createdAt),
    index('reports_published_idx').on(t.status, t.publishedAt),
    /** One published report per organization and period. */
    uniqueIndex('reports_published_period_idx')
      .on(t.orgId, t.kind, t.period)
      .where(sql`${t.status} = 'published'`),
    check('reports_kind_check', oneOf(t.kind, REPORT_KINDS)),
    check('reports_status_check', oneOf(t.status, REPORT_STATUSES)),
    check('reports_dates_check', sql`${t.fromDate} <= ${t.toDate}`),
    check('reports_published_at_check', sql`(${t.status} = 'published') = (${t.publishedAt} IS NOT NULL)`),
    check(
      'reports_checkpoint_size_check',
      sql`typeof(${t.checkpointSize}) = 'integer' AND ${t.checkpointSize} >= 0`,
    ),
  ],
);

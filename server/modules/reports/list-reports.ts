import { and, desc, eq, getTableColumns, lt, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type {
  PublicReportsQuery,
  ReportPage,
  ReportPeriod,
  ReportTotals,
  StaffReportsQuery,
} from '../../../shared/schemas/reports';
import type { Db } from '../../db/client';
import { organizations, reports } from '../../db/schema';
import { AppError } from '../../app-error';
import { reportSummaryOf } from './report-view';

const { snapshot: _snapshot, ...headColumns } = getTableColumns(reports);

/** A page's cursor: the last row's time and public id (`<ms>:<id>`). */
function afterCursor(cursor: string | undefined, time: SQLiteColumn): SQL | undefined {
  if (cursor === undefined) return undefined;
  const m = /^(\d{1,15}):([A-Za-z0-9_-]{16})$/.exec(cursor);
  if (!m) throw new AppError('INVALID_CURSOR');
  const ms = Number(m[1]);
  return or(lt(time, ms), and(eq(time, ms), lt(reports.publicId, m[2] as string)));
}

function pageOf(db: Db, where: SQL | undefined, time: SQLiteColumn, limit: number): ReportPage {
  const rows = db
    .select({
      report: headColumns,
      organization: { id: organizations.publicId, name: organizations.name },
      // Only the period and totals of the snapshot, extracted by SQLite: a big month's snapshot is megabytes.
      period: sql<string>`json_extract(${reports.snapshot}, '$.period')`,
      totals: sql<string>`json_extract(${reports.snapshot}, '$.content.totals')`,
    })
    .from(reports)
    .innerJoin(organizations, eq(organizations.id, reports.orgId))
    .where(where)
    .orderBy(desc(time), desc(reports.publicId))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const last = page.at(-1)?.report;
  return {
    items: page.map((r) =>
      reportSummaryOf(r.report, r.organization, {
        period: JSON.parse(r.period) as ReportPeriod,
        totals: JSON.parse(r.totals) as ReportTotals,
      }),
    ),
    nextCursor:
      rows.length > limit && last
        ? `${time === reports.publishedAt ? last.publishedAt : last.createdAt}:${last.publicId}`
        : null,
  };
}

/** The organization's reports, drafts and published, newest first. */
export function listStaffReports(db: Db, orgId: number, query: StaffReportsQuery): ReportPage {
  return pageOf(
    db,
    and(eq(reports.orgId, orgId), afterCursor(query.cursor, reports.createdAt)),
    reports.createdAt,
    query.limit,
  );
}

/** Published reports, newest first, optionally of one organization; no login needed. */
export function listPublicReports(db: Db, query: PublicReportsQuery): ReportPage {
  return pageOf(
    db,
    and(
      eq(reports.status, 'published'),
      query.orgId === undefined ? undefined : eq(organizations.publicId, query.orgId),
      afterCursor(query.cursor, reports.publishedAt),
    ),
    reports.publishedAt,
    query.limit,
  );
}

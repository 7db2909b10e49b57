import { eq } from 'drizzle-orm';
import type { ReportContent, Report, ReportPeriod, ReportSummary } from '../../../shared/schemas/reports';
import type { DbOrTx } from '../../db/tx';
import { organizations, reports } from '../../db/schema';

export type ReportRow = typeof reports.$inferSelect;

/** What `reports.snapshot` holds: the period as stated, the checkpoint's root, and the content. */
export interface ReportSnapshot {
  period: ReportPeriod;
  checkpointRoot: string;
  content: ReportContent;
}

const iso = (ms: number) => new Date(ms).toISOString();

export const reportRowSelect = {
  report: reports,
  organization: { id: organizations.publicId, name: organizations.name },
};

/** A report's columns without its snapshot, which may be large: lists read only its period and totals. */
export type ReportHead = Omit<ReportRow, 'snapshot'>;

export function reportSummaryOf(
  row: ReportHead,
  organization: { id: string; name: string },
  stated: { period: ReportPeriod; totals: ReportSummary['totals'] },
): ReportSummary {
  return {
    id: row.publicId,
    title: row.title,
    kind: row.kind,
    period: stated.period,
    organization,
    status: row.status,
    createdAt: iso(row.createdAt),
    publishedAt: row.publishedAt === null ? null : iso(row.publishedAt),
    checkpointSize: row.checkpointSize,
    totals: stated.totals,
  };
}

/** The whole report, as the public page and the exports show it. */
export function reportOf(tx: DbOrTx, row: ReportRow, organization: { id: string; name: string }): Report {
  const snapshot = row.snapshot as ReportSnapshot;
  const previous =
    row.previousReportId === null
      ? undefined
      : tx
          .select({ id: reports.publicId, checkpointSize: reports.checkpointSize })
          .from(reports)
          .where(eq(reports.id, row.previousReportId))
          .get();
  return {
    ...reportSummaryOf(row, organization, { period: snapshot.period, totals: snapshot.content.totals }),
    ...snapshot.content,
    checkpoint: { size: row.checkpointSize, rootHash: snapshot.checkpointRoot, note: row.checkpointNote },
    previous: previous ? { ...previous, consistencyProof: row.consistencyProof } : null,
  };
}

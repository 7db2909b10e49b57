import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/tx';
import { organizations, reports } from '../../db/schema';
import { AppError, ForeignObjectError } from '../../app-error';
import { reportRowSelect } from './report-view';

/**
 * A report by its public id: of the staff member's organization (drafts too), or — for everyone
 * else — published only. Anything else is 404, so another organization's draft looks missing;
 * staff asking for another organization's report are recorded as refused.
 */
export function findReport(tx: DbOrTx, publicId: string, whose: { orgId: number } | 'published') {
  const row = tx
    .select(reportRowSelect)
    .from(reports)
    .innerJoin(organizations, eq(organizations.id, reports.orgId))
    .where(
      and(
        eq(reports.publicId, publicId),
        whose === 'published' ? eq(reports.status, 'published') : undefined,
      ),
    )
    .get();
  if (!row) throw new AppError('REPORT_NOT_FOUND');
  if (whose !== 'published' && row.report.orgId !== whose.orgId) {
    throw new ForeignObjectError('REPORT_NOT_FOUND', { type: 'report', id: publicId });
  }
  return row;
}

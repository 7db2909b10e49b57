import { and, eq } from 'drizzle-orm';
import type { Report } from '../../../shared/schemas/reports';
import type { Db } from '../../db/client';
import { reports } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { booksOf } from '../ledger/ledger-access';
import { latestPublished, publishedFor } from './create-report';
import { findReport } from './find-report';
import { consistencyProofOf } from './report-checkpoint';
import { reportOf } from './report-view';

/**
 * Publishes a draft: from now on it is public and can never change (a trigger refuses any edit).
 * Its consistency proof starts at the organization's latest published report; a draft computed
 * from an older checkpoint than that one is out of date and must be made again.
 */
export function publishReport(db: Db, actor: Actor, reportId: string, meta: RequestMeta): Report {
  const orgId = booksOf(db, actor, 'report.publish', meta);
  return db.transaction(
    (tx) => {
      const { report, organization } = findReport(tx, reportId, { orgId });
      if (report.status === 'published' || publishedFor(tx, orgId, report.kind, report.period)) {
        throw new AppError('REPORT_ALREADY_PUBLISHED', { details: { period: report.period } });
      }
      const previous = latestPublished(tx, orgId);
      if (previous && previous.checkpointSize > report.checkpointSize) throw new AppError('REPORT_OUTDATED');
      const published = tx
        .update(reports)
        .set({
          status: 'published',
          publishedAt: meta.now,
          previousReportId: previous?.id ?? null,
          consistencyProof: previous
            ? consistencyProofOf(tx, previous.checkpointSize, report.checkpointSize)
            : [],
        })
        .where(and(eq(reports.id, report.id), eq(reports.status, 'draft')))
        .returning()
        .get();
      if (!published) throw new AppError('REPORT_ALREADY_PUBLISHED');
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'report.publish',
          outcome: 'ok',
          targetType: 'report',
          targetId: report.publicId,
          details: { period: report.period, checkpointSize: report.checkpointSize },
        },
        meta,
      );
      return reportOf(tx, published, organization);
    },
    { behavior: 'immediate' },
  );
}

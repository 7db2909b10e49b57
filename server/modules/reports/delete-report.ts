import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reports } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { booksOf } from '../ledger/ledger-access';
import { findReport } from './find-report';

/** Finance throws a draft away; a published report stays forever (the trigger would refuse it too). */
export function deleteReport(db: Db, actor: Actor, reportId: string, meta: RequestMeta): { ok: true } {
  const orgId = booksOf(db, actor, 'ledger.read', meta);
  return db.transaction(
    (tx) => {
      const { report } = findReport(tx, reportId, { orgId });
      if (report.status === 'published') throw new AppError('REPORT_ALREADY_PUBLISHED');
      tx.delete(reports)
        .where(and(eq(reports.id, report.id), eq(reports.status, 'draft')))
        .run();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'report.delete',
          outcome: 'ok',
          targetType: 'report',
          targetId: report.publicId,
          details: { period: report.period },
        },
        meta,
      );
      return { ok: true as const };
    },
    { behavior: 'immediate' },
  );
}

import { and, desc, eq } from 'drizzle-orm';
import type { CreateReportBody, Report } from '../../../shared/schemas/reports';
import type { Db } from '../../db/client';
import type { Tx } from '../../db/tx';
import { campaigns, organizations, reports } from '../../db/schema';
import { AppError, ForeignObjectError } from '../../app-error';
import { newPublicId } from '../../ids';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { requestHash, runIdempotent } from '../claims/idempotency';
import { booksOf } from '../ledger/ledger-access';
import type { LedgerSigner } from '../ledger-log/signing-key';
import { buildReportContent } from './build-report-content';
import { checkpointForReport, consistencyProofOf } from './report-checkpoint';
import { reportPeriodOf } from './report-period';
import { reportOf, type ReportSnapshot } from './report-view';

/** The organization's latest published report: the one a new report's consistency proof starts from. */
export function latestPublished(tx: Tx, orgId: number) {
  return tx
    .select({ id: reports.id, checkpointSize: reports.checkpointSize })
    .from(reports)
    .where(and(eq(reports.orgId, orgId), eq(reports.status, 'published')))
    .orderBy(desc(reports.checkpointSize), desc(reports.publishedAt))
    .get();
}

export function publishedFor(tx: Tx, orgId: number, kind: string, period: string): boolean {
  return (
    tx
      .select({ id: reports.id })
      .from(reports)
      .where(
        and(
          eq(reports.orgId, orgId),
          eq(reports.kind, kind as Report['kind']),
          eq(reports.period, period),
          eq(reports.status, 'published'),
        ),
      )
      .get() !== undefined
  );
}

/**
 * Finance makes a draft report of their organization for a month, quarter or campaign: a checkpoint
 * of the ledger is taken and the report's content is computed from it and frozen. A draft of the
 * same period is replaced (made again); a period already published is refused.
 */
export function createReport(
  db: Db,
  signer: LedgerSigner,
  actor: Actor,
  body: CreateReportBody,
  idempotencyKey: string,
  meta: RequestMeta,
): Report {
  const orgId = booksOf(db, actor, 'ledger.read', meta);
  const hash = requestHash('createReport', body);
  return runIdempotent(
    db,
    { userId: actor.userId, key: idempotencyKey, hash, status: 201, now: meta.now },
    (tx) => {
      const org = tx
        .select({ id: organizations.id, publicId: organizations.publicId, name: organizations.name })
        .from(organizations)
        .where(eq(organizations.id, orgId))
        .get();
      if (!org) throw new AppError('ORG_NOT_FOUND');
      const campaign =
        body.kind === 'campaign'
          ? tx.select().from(campaigns).where(eq(campaigns.publicId, body.campaignId)).get()
          : null;
      if (campaign === undefined) throw new AppError('CAMPAIGN_NOT_FOUND');
      if (campaign && campaign.orgId !== orgId) {
        throw new ForeignObjectError('CAMPAIGN_NOT_FOUND', { type: 'campaign', id: campaign.publicId });
      }
      const { period, scope } = reportPeriodOf(body, org.publicId, campaign, meta.now);
      if (publishedFor(tx, orgId, body.kind, period.key)) {
        throw new AppError('REPORT_ALREADY_PUBLISHED', { details: { period: period.key } });
      }
      tx.delete(reports)
        .where(
          and(
            eq(reports.orgId, orgId),
            eq(reports.kind, body.kind),
            eq(reports.period, period.key),
            eq(reports.status, 'draft'),
          ),
        )
        .run();

      const checkpoint = checkpointForReport(tx, signer, meta.now);
      const previous = latestPublished(tx, orgId);
      const from = previous && previous.checkpointSize <= checkpoint.size ? previous : undefined;
      const content = buildReportContent(tx, org, period, scope, campaign?.id ?? null, checkpoint.size);
      const snapshot: ReportSnapshot = { period, checkpointRoot: checkpoint.rootHash, content };
      const row = tx
        .insert(reports)
        .values({
          publicId: newPublicId(),
          orgId,
          kind: body.kind,
          period: period.key,
          fromDate: period.from,
          toDate: period.to,
          campaignId: campaign?.id ?? null,
          title: `${period.label}${body.kind === 'campaign' ? ' 活动' : ''}捐赠公示`,
          status: 'draft',
          snapshot,
          checkpointSize: checkpoint.size,
          checkpointNote: checkpoint.note,
          previousReportId: from?.id ?? null,
          consistencyProof: from ? consistencyProofOf(tx, from.checkpointSize, checkpoint.size) : [],
          createdBy: actor.userId,
          createdAt: meta.now,
        })
        .returning()
        .get();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'report.create',
          outcome: 'ok',
          targetType: 'report',
          targetId: row.publicId,
          details: { period: period.key, checkpointSize: checkpoint.size },
        },
        meta,
      );
      return reportOf(tx, row, { id: org.publicId, name: org.name });
    },
  );
}

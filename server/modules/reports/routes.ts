import type { FastifyInstance } from 'fastify';
import { reportsEndpoints } from '../../../shared/endpoints/reports';
import type { AppDeps } from '../../app';
import { route } from '../../route';
import type { Services } from '../../services';
import { idempotencyKeyOf } from '../claims/idempotency';
import { booksOf } from '../ledger/ledger-access';
import { createReport } from './create-report';
import { deleteReport } from './delete-report';
import { findReport } from './find-report';
import { listPublicReports, listStaffReports } from './list-reports';
import { publishReport } from './publish-report';
import { reportOf } from './report-view';
import { reportExportRoutes } from './export-routes';

export function reportRoutes(app: FastifyInstance, deps: AppDeps, services: Services): void {
  const { db } = deps;
  const e = reportsEndpoints;
  route(
    app,
    e.createReport,
    ({ actor, body, meta, request }) =>
      createReport(db, services.ledgerSigner, actor, body, idempotencyKeyOf(request), meta),
    { status: 201 },
  );
  route(app, e.listStaffReports, ({ actor, query, meta }) =>
    listStaffReports(db, booksOf(db, actor, 'ledger.read', meta), query),
  );
  route(app, e.getStaffReport, ({ actor, params, meta }) => {
    const row = findReport(db, params.reportId, { orgId: booksOf(db, actor, 'ledger.read', meta) });
    return reportOf(db, row.report, row.organization);
  });
  route(app, e.deleteReport, ({ actor, params, meta }) => deleteReport(db, actor, params.reportId, meta));
  route(app, e.publishReport, ({ actor, params, meta }) => publishReport(db, actor, params.reportId, meta));
  route(app, e.listReports, ({ query }) => listPublicReports(db, query));
  route(app, e.getReport, ({ params }) => {
    const row = findReport(db, params.reportId, 'published');
    return reportOf(db, row.report, row.organization);
  });
  reportExportRoutes(app, deps);
}

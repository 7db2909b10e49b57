import fs from 'node:fs';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import {
  REPORT_EXPORT_FORMATS,
  reportExportPath,
  reportParamsSchema,
  reportSchema,
  type Report,
  type ReportExportFormat,
} from '../../../shared/schemas/reports';
import type { AppDeps } from '../../app';
import { requestMeta } from '../../plugins/auth';
import type { Actor } from '../access/actor';
import { booksOf } from '../ledger/ledger-access';
import { findReport } from './find-report';
import { reportCsv } from './report-csv';
import { reportPdf } from './report-pdf';
import { reportXlsx } from './report-xlsx';
import { reportOf } from './report-view';

const CONTENT_TYPES: Record<ReportExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

async function render(
  report: Report,
  format: ReportExportFormat,
  deps: AppDeps,
  log: FastifyBaseLogger,
): Promise<Buffer> {
  // Exports are made from the allow-listed report, exactly as the public page gets it.
  const safe = reportSchema.parse(report);
  if (format === 'csv') return reportCsv(safe);
  if (format === 'xlsx') return reportXlsx(safe);
  if (!fs.existsSync(deps.config.reports.fontPath)) {
    log.error(
      { fontPath: deps.config.reports.fontPath },
      'report PDF: the CJK font is missing (install fonts-wqy-zenhei or set REPORT_FONT_PATH)',
    );
  }
  return reportPdf(safe, {
    fontPath: deps.config.reports.fontPath,
    publicBaseUrl: deps.config.media.publicBaseUrl,
  });
}

function send(reply: FastifyReply, report: Report, format: ReportExportFormat, bytes: Buffer) {
  const name = `${report.organization.name}-${report.title}.${format}`;
  return reply
    .header('content-type', CONTENT_TYPES[format])
    .header(
      'content-disposition',
      `attachment; filename="report-${report.id}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .header('cache-control', report.status === 'published' ? 'public, max-age=300' : 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(bytes);
}

/** Public downloads per client address per minute: a PDF costs real CPU. */
export const EXPORT_RATE = { max: 30, timeWindowMs: 60_000 };
/** Rendered exports of published reports kept in memory (they never change). */
const CACHE_MAX = 24;

/**
 * Downloads of a report as CSV, XLSX or PDF: anyone may download a published report; finance
 * staff may also download their organization's drafts through the staff path.
 */
export function reportExportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  if (!fs.existsSync(deps.config.reports.fontPath)) {
    app.log.warn(
      { fontPath: deps.config.reports.fontPath },
      'report PDFs are unavailable: the CJK font is missing (install fonts-wqy-zenhei or set REPORT_FONT_PATH)',
    );
  }
  // A published report is immutable, so its files are too: the most recent few are kept rendered.
  const cache = new Map<string, Buffer>();
  const published = async (report: Report, format: ReportExportFormat, log: FastifyBaseLogger) => {
    const key = `${report.id}.${format}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const bytes = await render(report, format, deps, log);
    cache.set(key, bytes);
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
    return bytes;
  };
  for (const format of REPORT_EXPORT_FORMATS) {
    app.route({
      method: 'GET',
      url: reportExportPath(':reportId', format),
      config: {
        access: 'public',
        rateLimit: { max: EXPORT_RATE.max, timeWindow: EXPORT_RATE.timeWindowMs },
      },
      schema: { params: reportParamsSchema },
      handler: async (request, reply) => {
        const { reportId } = request.params as { reportId: string };
        const row = findReport(db, reportId, 'published');
        const report = reportOf(db, row.report, row.organization);
        return send(reply, report, format, await published(report, format, request.log));
      },
    });
    app.route({
      method: 'GET',
      url: reportExportPath(':reportId', format, true),
      config: { access: 'user' },
      schema: { params: reportParamsSchema },
      handler: async (request, reply) => {
        const { reportId } = request.params as { reportId: string };
        const orgId = booksOf(db, request.actor as Actor, 'ledger.read', requestMeta(request));
        const row = findReport(db, reportId, { orgId });
        const report = reportOf(db, row.report, row.organization);
        return send(reply, report, format, await render(report, format, deps, request.log));
      },
    });
  }
}

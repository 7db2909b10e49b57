import type { Endpoint } from '../endpoint';
import { okSchema } from '../schemas/auth';
import { pageQuerySchema } from '../schemas/common';
import {
  createReportBodySchema,
  publicReportsQuerySchema,
  reportPageSchema,
  reportParamsSchema,
  reportSchema,
} from '../schemas/reports';

/**
 * 公示 reports: finance staff make drafts of their organization's books for a period and publish
 * them (or throw a draft away); anyone reads what is published. Exports (CSV, XLSX, PDF) are files, not JSON: their
 * addresses come from `reportExportPath` in shared/schemas/reports.ts.
 */
export const reportsEndpoints = {
  createReport: {
    method: 'POST',
    path: '/api/v1/staff/reports',
    access: 'user',
    body: createReportBodySchema,
    response: reportSchema,
  },
  listStaffReports: {
    method: 'GET',
    path: '/api/v1/staff/reports',
    access: 'user',
    query: pageQuerySchema,
    response: reportPageSchema,
  },
  getStaffReport: {
    method: 'GET',
    path: '/api/v1/staff/reports/:reportId',
    access: 'user',
    params: reportParamsSchema,
    response: reportSchema,
  },
  deleteReport: {
    method: 'DELETE',
    path: '/api/v1/staff/reports/:reportId',
    access: 'user',
    params: reportParamsSchema,
    response: okSchema,
  },
  publishReport: {
    method: 'POST',
    path: '/api/v1/staff/reports/:reportId/publish',
    access: 'user',
    params: reportParamsSchema,
    response: reportSchema,
  },
  listReports: {
    method: 'GET',
    path: '/api/v1/reports',
    access: 'public',
    query: publicReportsQuerySchema,
    response: reportPageSchema,
  },
  getReport: {
    method: 'GET',
    path: '/api/v1/reports/:reportId',
    access: 'public',
    params: reportParamsSchema,
    response: reportSchema,
  },
} as const satisfies Record<string, Endpoint>;

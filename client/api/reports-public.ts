import { reportsEndpoints as e } from '../../shared/endpoints/reports';
import { reportExportPath, type ReportExportFormat } from '../../shared/schemas/reports';
import { API_BASE, call } from './http';

// Published 公示 reports as anyone reads them, no login. (The 公示 tab's list is in
// reports-list.ts: it stays out of these schemas to keep the mini-program's main package small.)

export const getReport = (reportId: string) => call(e.getReport, { params: { reportId } });

/** The absolute address of a published report's export file (CSV, XLSX or PDF). */
export const reportExportUrl = (reportId: string, format: ReportExportFormat) =>
  API_BASE + reportExportPath(reportId, format);

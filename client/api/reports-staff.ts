import { reportsEndpoints as e } from '../../shared/endpoints/reports';
import type { CreateReportBody } from '../../shared/schemas/reports';
import { call } from './http';

// 公示 reports as finance manages them: drafts made for a period, published, or thrown away.

/** Makes (or remakes) the draft of a period; `idempotencyKey` belongs to one tap on 生成草稿. */
export const createReport = (body: CreateReportBody, idempotencyKey: string) =>
  call(e.createReport, { body, headers: { 'Idempotency-Key': idempotencyKey } });
export const listStaffReports = (cursor?: string) => call(e.listStaffReports, { query: { cursor } });
export const publishReport = (reportId: string) => call(e.publishReport, { params: { reportId } });
export const deleteReport = (reportId: string) => call(e.deleteReport, { params: { reportId } });

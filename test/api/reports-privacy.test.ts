import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../shared/china-date';
import { newKey } from '../support/donors';
import { ensurePdfTools, pdfText } from '../support/pdf-tools';
import { fulfilWish } from '../support/reports';
import { call, demoLogin } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';
import { ALL_MARKERS, CONSENT_GUARDIAN, MARKERS } from '../support/markers';

/**
 * G12 over reports: a child's file carries a unique marker in every restricted field, its wish is
 * handed over and so enters the report; donors who chose to be masked or anonymous are recorded
 * with full names. No marker and no such name may appear in the report's JSON (staff and public),
 * its CSV, the text of its XLSX, or the text of its PDF — nor in any log line of the run.
 */
/** Full names of donors who did not choose to be named. */
const HIDDEN_NAMES = ['欧阳全名甲', '司马匿名乙', '爱心人士·陈女士'];
const ALL = [...ALL_MARKERS, ...HIDDEN_NAMES];

async function xlsxText(bytes: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  for (const sheet of book.worksheets)
    sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value))));
  return cells.join('\n');
}

describe('report privacy marker probe (G12)', () => {
  const lines: string[] = [];
  let t: TestApp;
  let finance = '';
  let reportId = '';
  let wishId = '';

  beforeAll(async () => {
    ensurePdfTools();
    t = await createTestApp({
      demo: true,
      env: { LOG_LEVEL: 'trace' },
      logStream: { write: (l) => void lines.push(l) },
    });
    finance = await demoLogin(t, 'finance');
    wishId = await fulfilWish(
      t,
      { pseudonym: '小探', title: '一双新跳绳鞋', valueFen: 12000 },
      MARKERS,
      CONSENT_GUARDIAN,
    );
    for (const [donorName, donorDisplay] of [
      ['欧阳全名甲', 'masked'],
      ['司马匿名乙', 'anonymous'],
      ['署名丙', 'named'],
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/donations',
        headers: { authorization: `Bearer ${finance}`, 'idempotency-key': newKey() },
        payload: {
          amountFen: 8800,
          campaignId: null,
          channel: 'bank',
          donorName,
          donorDisplay,
          receivedOn: chinaDate(Date.now()),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/reports',
      headers: { authorization: `Bearer ${finance}`, 'idempotency-key': newKey() },
      payload: { kind: 'month', month: chinaDate(Date.now()).slice(0, 7) },
    });
    expect(created.statusCode, created.body).toBe(201);
    reportId = created.json().id;
    const published = await call(t, finance, 'POST', `/api/v1/staff/reports/${reportId}/publish`);
    expect(published.statusCode, published.body).toBe(200);
  }, 120_000);
  afterAll(() => t.close());

  it('the report holds the handed-over wish and the donations, by pseudonym and public names only', async () => {
    const report = (await call(t, null, 'GET', `/api/v1/reports/${reportId}`)).json();
    expect(report.wishes).toEqual([
      expect.objectContaining({ id: wishId, pseudonym: '小探', title: '一双新跳绳鞋', valueFen: 12000 }),
    ]);
    expect(report.donations.map((d: { donor: string }) => d.donor)).toEqual(['爱*', '欧*', '匿名', '署名丙']);
  });

  it('finds no marker and no hidden donor name in the JSON, CSV, XLSX or PDF', async () => {
    const outputs: [string, string][] = [];
    for (const url of [
      `/api/v1/reports/${reportId}`,
      '/api/v1/reports',
      `/api/v1/reports/${reportId}/export.csv`,
    ])
      outputs.push([url, (await call(t, null, 'GET', url)).body]);
    for (const url of [`/api/v1/staff/reports/${reportId}`, '/api/v1/staff/reports'])
      outputs.push([url, (await call(t, finance, 'GET', url)).body]);
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${reportId}/export.xlsx` });
    outputs.push(['xlsx', await xlsxText(xlsx.rawPayload)]);
    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${reportId}/export.pdf` });
    const text = pdfText(pdf.rawPayload, t.dir);
    outputs.push(['pdf', text]);
    outputs.push(['pdf (no spaces)', text.replace(/\s+/g, '')]);
    // The probe means something only if the wish and the donations are really in each output.
    for (const [where, body] of outputs)
      if (!where.endsWith('/reports')) expect(body, where).toContain('小探');
    for (const [where, body] of outputs)
      for (const secret of ALL) expect(body, `${where} carries ${secret}`).not.toContain(secret);
    // The stored snapshot, too.
    const stored = JSON.stringify(t.sqlite.prepare('SELECT * FROM reports').all());
    for (const secret of ALL) expect(stored, `stored report carries ${secret}`).not.toContain(secret);
  });

  it('finds no marker in any log line of the run', () => {
    expect(lines.length).toBeGreaterThan(20);
    const all = lines.join('');
    for (const marker of ALL_MARKERS) expect(all).not.toContain(marker);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../shared/china-date';
import type { Report } from '../../shared/schemas/reports';
import { EXPORT_RATE } from '../../server/modules/reports/export-routes';
import { PDF_ROWS_MAX, reportPdf } from '../../server/modules/reports/report-pdf';
import { newKey } from '../support/donors';
import { ensurePdfTools, pdfText, pdfToPngs } from '../support/pdf-tools';
import { fulfilWish } from '../support/reports';
import { call, demoLogin } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../e2e/screenshots');

/**
 * A report's exports: CSV (BOM, sections), XLSX (read back), PDF (text and pages rendered to PNG
 * for a person to look at: test/e2e/screenshots/report-pdf-*.png).
 */
describe('report exports', () => {
  let t: TestApp;
  let finance = '';
  let report: Report;
  let empty: Report;

  const post = (url: string, payload: object) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${finance}`, 'idempotency-key': newKey() },
      payload,
    });

  beforeAll(async () => {
    ensurePdfTools();
    t = await createTestApp({ demo: true, demoLedger: true });
    finance = await demoLogin(t, 'finance');
    await fulfilWish(t, { pseudonym: '小画', title: '一套二十四色水彩笔', valueFen: 6800, urgency: 'red' });
    await fulfilWish(t, { pseudonym: '小跑', title: '一双运动鞋', valueFen: 15900, urgency: 'orange' });
    // Enough donations for the donations table to run onto a second page.
    const names = ['陈', '林', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '罗'];
    for (let i = 0; i < 36; i++) {
      const res = await post('/api/v1/staff/donations', {
        amountFen: 1000 * (i + 1) + (i % 3) * 50,
        campaignId: null,
        channel: i % 2 ? 'cash' : 'bank',
        donorName: `${names[i % names.length]}${i % 2 ? '小明' : '建华'}`,
        donorDisplay: i % 5 === 0 ? 'anonymous' : i % 7 === 0 ? 'named' : 'masked',
        receivedOn: chinaDate(Date.now() - (i % 20) * 24 * 3600 * 1000),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const created = await post('/api/v1/staff/reports', {
      kind: 'month',
      month: chinaDate(Date.now()).slice(0, 7),
    });
    expect(created.statusCode, created.body).toBe(201);
    const published = await call(t, finance, 'POST', `/api/v1/staff/reports/${created.json().id}/publish`);
    report = published.json();
    const blank = await post('/api/v1/staff/reports', { kind: 'month', month: '2024-02' });
    empty = blank.json();
  }, 120_000);
  afterAll(() => t.close());

  const download = (url: string, token: string | null = null) =>
    t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('CSV: UTF-8 with a byte-order mark, a header, then each section with its rows', async () => {
    const res = await download(`/api/v1/reports/${report.id}/export.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename="report-${report.id}.csv"`);
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('心愿 · 捐赠公示');
    expect(lines).toContain('机构,云溪县民政局儿童福利股');
    for (const section of ['汇总', '按类别', '按活动', '资金余额', '捐赠明细', '心愿兑现', '支出'])
      expect(lines, section).toContain(section);
    expect(lines).toContain(`净资金捐赠,${(report.totals.netDonationsFen / 100).toFixed(2)}`);
    const donations = lines.indexOf('捐赠明细');
    expect(lines[donations + 1]).toBe('账本序号,票据号,日期,类别,捐赠人,金额（元）,活动,心愿,说明');
    const rows = lines.slice(donations + 2, lines.indexOf('', donations));
    expect(rows).toHaveLength(report.donations.length);
    const first = report.donations[0];
    expect(rows[0]).toBe(
      [
        first?.leafIndex,
        first?.receiptNo,
        first?.date,
        first?.kind === 'cash_donation' ? '资金' : '实物',
        first?.donor,
        ((first?.amountFen ?? 0) / 100).toFixed(2),
        first?.campaign ?? '',
        first?.wish ?? '',
        first?.reversed
          ? '已冲正'
          : first?.refundedFen
            ? `已退款 ¥${((first?.refundedFen ?? 0) / 100).toFixed(2)}`
            : '',
      ].join(','),
    );
    const wishes = lines.indexOf('心愿兑现');
    expect(
      lines
        .slice(wishes + 2)
        .some((l) => l.includes('小画') && l.includes('一套二十四色水彩笔') && l.includes('68.00')),
    ).toBe(true);
  });

  it('XLSX: four sheets that read back, money as numbers in yuan with a number format', async () => {
    const res = await download(`/api/v1/reports/${report.id}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '捐赠明细', '心愿兑现', '支出']);
    const summary = book.getWorksheet('汇总') as ExcelJS.Worksheet;
    expect(summary.getCell('A1').value).toBe(`云溪县民政局儿童福利股 ${report.title}`);
    let net: ExcelJS.Cell | undefined;
    summary.eachRow((row) => {
      if (row.getCell(1).value === '净资金捐赠') net = row.getCell(2);
    });
    expect(net?.value).toBe(report.totals.netDonationsFen / 100);
    expect(net?.numFmt).toBe('#,##0.00');
    const donations = book.getWorksheet('捐赠明细') as ExcelJS.Worksheet;
    expect(donations.rowCount).toBe(report.donations.length + 1);
    expect(donations.getRow(1).getCell(5).value).toBe('捐赠人');
    expect(donations.getRow(2).getCell(5).value).toBe(report.donations[0]?.donor);
    expect(donations.getRow(2).getCell(6).value).toBe((report.donations[0]?.amountFen ?? 0) / 100);
    const wishes = book.getWorksheet('心愿兑现') as ExcelJS.Worksheet;
    expect(wishes.rowCount).toBe(3);
    expect(wishes.getRow(2).values).toEqual(
      expect.arrayContaining(['小画', '一套二十四色水彩笔', 68, '紧急']),
    );
    const spending = book.getWorksheet('支出') as ExcelJS.Worksheet;
    expect(spending.rowCount).toBe(report.spending.length + 1);
  });

  it('PDF: A4 pages with the CJK font embedded, the totals, tables and checkpoint; rendered to PNG', async () => {
    const res = await download(`/api/v1/reports/${report.id}/export.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf, t.dir).replace(/\s+/g, '');
    for (const expected of [
      '云溪县民政局儿童福利股',
      report.title,
      '捐赠明细',
      '心愿兑现',
      '一套二十四色水彩笔',
      '账本快照与核验',
      report.checkpoint.rootHash,
      '第1页',
    ])
      expect(text, expected).toContain(expected);
    const pages = pdfToPngs(pdf, path.join(SCREENSHOTS, 'report-pdf-month'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`共${pages.length}页`);
    for (const page of pages) expect(fs.statSync(page).size).toBeGreaterThan(10_000);
  });

  it('PDF of an empty period and of a draft (staff only, marked as draft)', async () => {
    expect((await download(`/api/v1/reports/${empty.id}/export.pdf`)).statusCode).toBe(404);
    const other = await demoLogin(t, 'org_admin');
    expect((await download(`/api/v1/staff/reports/${empty.id}/export.pdf`, other)).statusCode).toBe(404);
    const res = await download(`/api/v1/staff/reports/${empty.id}/export.pdf`, finance);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const text = pdfText(res.rawPayload, t.dir);
    expect(text).toContain('草稿');
    expect(text).toContain('本期没有捐赠');
    pdfToPngs(res.rawPayload, path.join(SCREENSHOTS, 'report-pdf-empty-draft'));
    for (const format of ['csv', 'xlsx'])
      expect((await download(`/api/v1/staff/reports/${empty.id}/export.${format}`, finance)).statusCode).toBe(
        200,
      );
  });

  it('PDF of a campaign report (its fund only, all its transactions)', async () => {
    const campaign = t.sqlite.prepare(`SELECT public_id AS id, title FROM campaigns LIMIT 1`).get() as {
      id: string;
      title: string;
    };
    const created = await post('/api/v1/staff/reports', { kind: 'campaign', campaignId: campaign.id });
    expect(created.statusCode, created.body).toBe(201);
    const res = await download(`/api/v1/staff/reports/${created.json().id}/export.pdf`, finance);
    expect(res.statusCode).toBe(200);
    const text = pdfText(res.rawPayload, t.dir).replace(/\s+/g, '');
    expect(text).toContain(`${campaign.title}活动捐赠公示`);
    pdfToPngs(res.rawPayload, path.join(SCREENSHOTS, 'report-pdf-campaign'));
  });

  it('PDF: a very long donation list stops after PDF_ROWS_MAX rows and says where the rest is', async () => {
    const first = report.donations[0] as Report['donations'][number];
    const many = Array.from({ length: PDF_ROWS_MAX + 25 }, (_, i) => ({ ...first, leafIndex: 1000 + i }));
    const pdf = await reportPdf(
      { ...report, donations: many },
      { fontPath: t.config.reports.fontPath, publicBaseUrl: 'https://xinyuan.example.org' },
    );
    const text = pdfText(pdf, t.dir).replace(/\s+/g, '');
    expect(text).toContain(`以上为前${PDF_ROWS_MAX}笔；其余25笔`);
    expect(text).toContain(`https://xinyuan.example.org/#/public/report/index?id=${report.id}`);
    expect(text).toContain(String(1000 + PDF_ROWS_MAX - 1));
    expect(text).not.toContain(String(1000 + PDF_ROWS_MAX));
  });

  it('says clearly when the PDF font (REPORT_FONT_PATH) is missing', async () => {
    const font = t.config.reports.fontPath;
    t.config.reports.fontPath = path.join(t.dir, 'no-such-font.ttc');
    try {
      const res = await download(`/api/v1/staff/reports/${report.id}/export.pdf`, finance);
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('REPORT_PDF_UNAVAILABLE');
      expect(res.json().error.message).toContain('中文字体');
      expect((await download(`/api/v1/staff/reports/${report.id}/export.xlsx`, finance)).statusCode).toBe(
        200,
      );
    } finally {
      t.config.reports.fontPath = font;
    }
  });

  it('keeps published files rendered, and limits public downloads per address', async () => {
    const url = `/api/v1/reports/${report.id}/export.pdf`;
    const first = await t.app.inject({ method: 'GET', url, remoteAddress: '10.9.8.7' });
    const again = await t.app.inject({ method: 'GET', url, remoteAddress: '10.9.8.7' });
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    const codes: number[] = [];
    for (let i = 0; i < EXPORT_RATE.max; i++)
      codes.push((await t.app.inject({ method: 'GET', url, remoteAddress: '10.9.8.7' })).statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(EXPORT_RATE.max - 2);
    expect(codes.at(-1)).toBe(429);
  });
});

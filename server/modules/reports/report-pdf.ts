import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { URGENCY_LABELS } from '../../../shared/constants';
import { reportPagePath, type Report } from '../../../shared/schemas/reports';
import { AppError } from '../../app-error';
import {
  balanceTable,
  campaignTable,
  categoryTable,
  donationTable,
  isMoney,
  spendingTable,
  wishTable,
  yuanText,
  type Cell,
  type ReportTable,
} from './report-tables';

/** Debian's fonts-wqy-zenhei (the default of REPORT_FONT_PATH); the face inside it we use. */
export const DEFAULT_REPORT_FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
const FONT_FACE = 'WenQuanYiZenHei';

const MARGIN = 48;
/** A notice board holds a few dozen pages at most: longer donation lists go to the web page and XLSX/CSV. */
export const PDF_ROWS_MAX = 600;
const INK = '#1a1a1a';
const MUTED = '#666666';
const ACCENT = '#c0392b';
const RULE = '#d0d0d0';
const SHADE = '#f2f2f2';

type Doc = PDFKit.PDFDocument;

function cellText(cell: Cell): string {
  if (isMoney(cell)) return yuanText(cell.fen);
  return String(cell);
}

const contentWidth = (doc: Doc) => doc.page.width - MARGIN * 2;
const bottom = (doc: Doc) => doc.page.height - MARGIN - 20;

function ensureRoom(doc: Doc, height: number): boolean {
  if (doc.y + height <= bottom(doc)) return false;
  doc.addPage();
  return true;
}

function heading(doc: Doc, text: string): void {
  ensureRoom(doc, 60);
  doc.moveDown(0.8);
  const y = doc.y;
  doc.rect(MARGIN, y + 2, 4, 14).fill(ACCENT);
  doc
    .fillColor(INK)
    .fontSize(13)
    .text(text, MARGIN + 10, y, { lineBreak: false });
  doc.y = y + 22;
  doc.x = MARGIN;
}

/**
 * A table across the page: shaded column names (repeated on each new page), thin rules between
 * rows, numbers and money right-aligned. Column widths follow the tables' relative widths.
 */
function table(doc: Doc, full: ReportTable, empty: string): void {
  const keep = full.columns.map((c) => c.pdf !== false);
  const t: ReportTable = {
    ...full,
    columns: full.columns.filter((_, i) => keep[i]),
    rows: full.rows.map((r) => r.filter((_, i) => keep[i])),
  };
  if (t.rows.length === 0) {
    doc.fillColor(MUTED).fontSize(10).text(empty, MARGIN, doc.y);
    doc.x = MARGIN;
    return;
  }
  const total = t.columns.reduce((s, c) => s + (c.width ?? 12), 0);
  const widths = t.columns.map((c) => ((c.width ?? 12) / total) * contentWidth(doc));
  const pad = 3;
  const size = t.columns.length > 7 ? 8 : 9;
  const rowHeight = (cells: string[]) =>
    Math.max(
      ...cells.map((text, i) =>
        doc.fontSize(size).heightOfString(text, { width: (widths[i] as number) - pad * 2 }),
      ),
    ) +
    pad * 2;
  const drawRow = (cells: string[], right: boolean[], shaded: boolean, h = rowHeight(cells)) => {
    const y = doc.y;
    if (shaded) doc.rect(MARGIN, y, contentWidth(doc), h).fill(SHADE);
    let x = MARGIN;
    cells.forEach((text, i) => {
      const w = widths[i] as number;
      doc
        .fillColor(shaded ? INK : INK)
        .fontSize(size)
        .text(text, x + pad, y + pad, { width: w - pad * 2, align: right[i] ? 'right' : 'left' });
      x += w;
    });
    doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + contentWidth(doc), y + h)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.y = y + h;
    doc.x = MARGIN;
  };
  const header = t.columns.map((c) => c.header);
  const numeric = t.columns.map((_, i) => t.rows.every((r) => typeof r[i] !== 'string'));
  // A short table stays on one page; a long one needs room for its header and a first row.
  const whole =
    t.rows.length > 12
      ? Infinity
      : t.rows.reduce((sum, r) => sum + rowHeight(r.map(cellText)), rowHeight(header));
  ensureRoom(doc, whole < 220 ? whole : rowHeight(header) * 2);
  drawRow(header, numeric, true);
  for (const row of t.rows) {
    const cells = row.map(cellText);
    const h = rowHeight(cells);
    if (ensureRoom(doc, h)) drawRow(header, numeric, true);
    drawRow(cells, numeric, false, h);
  }
}

function keyFigures(doc: Doc, report: Report): void {
  const t = report.totals;
  const figures: [string, string][] = [
    ['资金捐赠（净额）', yuanText(t.netDonationsFen)],
    ['实物捐赠（估值）', yuanText(t.inKindFen)],
    ['为心愿采购', yuanText(t.purchasesFen)],
    ['兑现心愿', `${t.wishesFulfilled} 个`],
  ];
  const gap = 8;
  const w = (contentWidth(doc) - gap * 3) / 4;
  const y = doc.y;
  figures.forEach(([label, value], i) => {
    const x = MARGIN + i * (w + gap);
    doc.roundedRect(x, y, w, 56, 4).lineWidth(0.8).strokeColor(RULE).stroke();
    doc
      .fillColor(MUTED)
      .fontSize(9)
      .text(label, x + 8, y + 8, { width: w - 16, lineBreak: false });
    doc
      .fillColor(INK)
      .fontSize(15)
      .text(value, x + 8, y + 26, { width: w - 16, lineBreak: false });
  });
  doc.y = y + 56 + 6;
  doc.x = MARGIN;
  doc
    .fillColor(MUTED)
    .fontSize(9)
    .text(
      `共 ${t.donationCount} 笔捐赠：资金 ${yuanText(t.cashDonationsFen)}，退款 ${yuanText(t.refundsFen)}。金额单位为人民币元；冲正、退款已从合计中扣除。`,
      MARGIN,
      doc.y,
      { width: contentWidth(doc) },
    );
}

function timeToFulfil(doc: Doc, report: Report): void {
  const hours = (h: number | null) =>
    h === null ? '—' : h < 1 ? '不到 1 小时' : h < 48 ? `${h} 小时` : `${Math.round(h / 2.4) / 10} 天`;
  ensureRoom(doc, 130);
  doc.fillColor(INK).fontSize(10).text('认领与送达用时（按紧急程度，中位数）', MARGIN, doc.y);
  doc.moveDown(0.3);
  table(
    doc,
    {
      title: '认领与送达用时',
      columns: [
        { header: '紧急程度', width: 10 },
        { header: '兑现心愿', width: 10 },
        { header: '从发布到认领', width: 16 },
        { header: '从认领到送达', width: 16 },
      ],
      rows: report.charts.timeToFulfil.map((r) => [
        URGENCY_LABELS[r.urgency],
        r.wishes,
        hours(r.medianClaimHours),
        hours(r.medianDeliverHours),
      ]),
    },
    '',
  );
}

function checkpoint(doc: Doc, report: Report, publicBaseUrl: string | null): void {
  heading(doc, '账本快照与核验');
  const cp = report.checkpoint;
  const lines = [
    `本公示依据心愿捐赠账本的前 ${cp.size} 笔记录（账本快照大小 ${cp.size}）计算。`,
    `快照根哈希：${cp.rootHash}`,
    report.previous
      ? `上一份公示快照大小 ${report.previous.checkpointSize}，一致性证明 ${report.previous.consistencyProof.length} 项：账本只增不改。`
      : '这是本机构的第一份公示，之前没有可对照的快照。',
    publicBaseUrl
      ? `如何核验：打开 ${publicBaseUrl}${reportPagePath(report.id)} ，点“核验”，或用捐赠收据上的“核验”对照本快照。`
      : `如何核验：在“心愿”的“公示”页打开本公示（编号 ${report.id}），点“核验”；捐赠人可用收据上的“核验”对照本快照。`,
  ];
  const h = lines.reduce(
    (s, l) => s + doc.fontSize(9).heightOfString(l, { width: contentWidth(doc) - 20 }) + 3,
    16,
  );
  ensureRoom(doc, h);
  const y = doc.y;
  doc.rect(MARGIN, y, contentWidth(doc), h).lineWidth(0.8).strokeColor(RULE).stroke();
  doc.y = y + 8;
  for (const line of lines) {
    doc
      .fillColor(INK)
      .fontSize(9)
      .text(line, MARGIN + 10, doc.y, { width: contentWidth(doc) - 20 });
    doc.y += 3;
  }
  doc.y = y + h;
  doc.x = MARGIN;
}

/** A large light 草稿 across a draft's pages, so it is never mistaken for a published notice. */
function draftMark(doc: Doc): void {
  const { width, height } = doc.page;
  doc.save();
  doc.rotate(-30, { origin: [width / 2, height / 2] });
  doc
    .fillColor(ACCENT)
    .fillOpacity(0.08)
    .fontSize(110)
    .text('草稿', 0, height / 2 - 70, { width, align: 'center', lineBreak: false });
  doc.restore();
  doc.fillOpacity(1);
}

function pageNumbers(doc: Doc, report: Report): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    if (report.status !== 'published') draftMark(doc);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN + 6;
    doc
      .fillColor(MUTED)
      .fontSize(8)
      .text(`${report.organization.name} · ${report.title}`, MARGIN, y, {
        width: contentWidth(doc) / 2,
        lineBreak: false,
      })
      .text(`第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, MARGIN + contentWidth(doc) / 2, y, {
        width: contentWidth(doc) / 2,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
}

/**
 * The report as an A4 portrait PDF for a notice board (公示栏): organization and period large,
 * key figures, then totals, balances, donations, wishes and spending as tables, and the ledger
 * checkpoint with how to verify it; page numbers on every page. The CJK font is embedded (subset).
 */
export async function reportPdf(
  report: Report,
  options: { fontPath: string; publicBaseUrl: string | null },
): Promise<Buffer> {
  if (!fs.existsSync(options.fontPath)) throw new AppError('REPORT_PDF_UNAVAILABLE');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${report.organization.name} ${report.title}`,
      Author: report.organization.name,
      Creator: '心愿',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', options.fontPath, FONT_FACE);
  doc.font('cjk');

  const width = contentWidth(doc);
  doc.fillColor(MUTED).fontSize(9).text('心愿 · 捐赠公示', MARGIN, MARGIN, { width, lineBreak: false });
  const status =
    report.status === 'published'
      ? `发布于 ${report.publishedAt?.slice(0, 10) ?? ''}`
      : '草稿 · 未发布，不得张贴';
  doc
    .fillColor(report.status === 'published' ? MUTED : ACCENT)
    .fontSize(9)
    .text(status, MARGIN, MARGIN, { width, align: 'right', lineBreak: false });
  doc.moveDown(1.2);
  doc.fillColor(INK).fontSize(18).text(report.organization.name, MARGIN, doc.y, { width, align: 'center' });
  doc.moveDown(0.2);
  doc.fontSize(26).text(report.title, { width, align: 'center' });
  doc.moveDown(0.3);
  doc
    .fillColor(MUTED)
    .fontSize(11)
    .text(`公示期间：${report.period.from} 至 ${report.period.to}`, { width, align: 'center' });
  doc.moveDown(1);
  doc.x = MARGIN;

  keyFigures(doc, report);
  heading(doc, '收支汇总（按类别）');
  table(doc, categoryTable(report), '');
  if (report.byCampaign.some((c) => c.campaign !== null)) {
    heading(doc, '收支汇总（按活动）');
    table(doc, campaignTable(report), '');
  }
  heading(doc, '资金余额');
  table(doc, balanceTable(report), '本期没有资金往来。');
  heading(doc, `捐赠明细（${report.donations.length} 笔）`);
  const donations = donationTable(report);
  table(doc, { ...donations, rows: donations.rows.slice(0, PDF_ROWS_MAX) }, '本期没有捐赠。');
  if (donations.rows.length > PDF_ROWS_MAX) {
    const more = donations.rows.length - PDF_ROWS_MAX;
    doc.moveDown(0.3);
    doc
      .fillColor(ACCENT)
      .fontSize(9)
      .text(
        `以上为前 ${PDF_ROWS_MAX} 笔；其余 ${more} 笔见本公示的网页或 Excel、CSV 导出，合计已包含全部捐赠。`,
        MARGIN,
        doc.y,
        {
          width,
        },
      );
  }
  heading(doc, `心愿兑现（${report.wishes.length} 个）`);
  table(doc, wishTable(report), '本期没有送达的心愿。');
  if (report.wishes.length > 0) {
    doc.moveDown(0.6);
    timeToFulfil(doc, report);
  }
  heading(doc, `支出（${report.spending.length} 笔）`);
  table(doc, spendingTable(report), '本期没有支出。');
  checkpoint(doc, report, options.publicBaseUrl);
  doc
    .fillColor(MUTED)
    .fontSize(8)
    .text(
      '捐赠人按本人意愿显示：署名、仅显示姓氏（如 张*）或 匿名。心愿只显示化名，不含任何儿童身份信息。',
      MARGIN,
      doc.y + 8,
      {
        width,
      },
    );
  pageNumbers(doc, report);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

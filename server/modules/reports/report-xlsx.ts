import ExcelJS from 'exceljs';
import type { Report } from '../../../shared/schemas/reports';
import {
  balanceTable,
  campaignTable,
  categoryTable,
  donationTable,
  isMoney,
  reportHeader,
  spendingTable,
  summaryTable,
  wishTable,
  type ReportTable,
} from './report-tables';

const MONEY_FORMAT = '#,##0.00';

/** Writes a table at the sheet's next row: a bold heading, bold column names, then the rows. */
function addTable(sheet: ExcelJS.Worksheet, table: ReportTable, heading: boolean): void {
  if (heading) {
    if (sheet.rowCount > 0) sheet.addRow([]);
    sheet.addRow([table.title]).font = { bold: true, size: 12 };
  }
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
  });
  for (const cells of table.rows) {
    // A spreadsheet keeps numbers as doubles: yuan with two decimals is exact enough to display.
    const row = sheet.addRow(cells.map((c) => (isMoney(c) ? c.fen / 100 : c)));
    cells.forEach((c, i) => {
      if (isMoney(c)) row.getCell(i + 1).numFmt = MONEY_FORMAT;
    });
  }
  table.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(column.width ?? 0, c.width ?? 12);
  });
}

/** The report as a workbook: 汇总 (header, totals, balances), 捐赠明细, 心愿兑现, 支出. */
export async function reportXlsx(report: Report): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '心愿';
  book.created = new Date(report.publishedAt ?? report.createdAt);

  const summary = book.addWorksheet('汇总');
  summary.addRow([`${report.organization.name} ${report.title}`]).font = { bold: true, size: 14 };
  for (const [k, v] of reportHeader(report)) summary.addRow([k, v]);
  for (const table of [
    summaryTable(report),
    categoryTable(report),
    campaignTable(report),
    balanceTable(report),
  ])
    addTable(summary, table, true);

  for (const table of [donationTable(report), wishTable(report), spendingTable(report)]) {
    const sheet = book.addWorksheet(table.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    addTable(sheet, table, false);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

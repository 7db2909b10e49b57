import type { Report } from '../../../shared/schemas/reports';
import { isMoney, reportHeader, reportTables, yuanDigits, type Cell } from './report-tables';

const BOM = '\uFEFF';

/** One CSV field: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function field(cell: Cell): string {
  if (isMoney(cell)) return yuanDigits(cell.fen);
  if (typeof cell === 'number') return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The report as CSV in sections (header, then each table with its heading and column names),
 * UTF-8 with a byte-order mark so Excel opens the Chinese correctly, CRLF line ends.
 */
export function reportCsv(report: Report): Buffer {
  const lines: string[] = [
    '心愿 · 捐赠公示',
    ...reportHeader(report).map(([k, v]) => `${field(k)},${field(v)}`),
  ];
  for (const table of reportTables(report)) {
    lines.push('', field(table.title), table.columns.map((c) => field(c.header)).join(','));
    for (const row of table.rows) lines.push(row.map(field).join(','));
  }
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

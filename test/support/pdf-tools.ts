import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_REPORT_FONT } from '../../server/modules/reports/report-pdf';
import { aptInstall, canApt, hasCommand } from './apt';

const HINT =
  'Report PDF tests need poppler-utils (pdftoppm, pdftotext) and the font fonts-wqy-zenhei. ' +
  'Install them (Debian/Ubuntu: `apt-get install poppler-utils fonts-wqy-zenhei`).';

/**
 * Poppler's pdftoppm and pdftotext (to look at and read the report PDFs) and the CJK font the
 * PDFs embed: on Debian/Ubuntu as root they are installed with apt when missing; elsewhere the
 * test stops and names what to install.
 */
export function ensurePdfTools(): void {
  const missing = [
    ...(hasCommand('pdftoppm') && hasCommand('pdftotext') ? [] : ['poppler-utils']),
    ...(fs.existsSync(DEFAULT_REPORT_FONT) ? [] : ['fonts-wqy-zenhei']),
  ];
  if (missing.length && canApt()) aptInstall(missing);
  if (!hasCommand('pdftoppm') || !hasCommand('pdftotext') || !fs.existsSync(DEFAULT_REPORT_FONT))
    throw new Error(HINT);
}

/** The text of a PDF, as pdftotext reads it (layout kept). */
export function pdfText(pdf: Buffer, dir: string): string {
  const file = path.join(dir, `text-${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** Renders each page of a PDF to `<prefix>-<page>.png` (pdftoppm, 80 dpi); returns the files. */
export function pdfToPngs(pdf: Buffer, prefix: string, dpi = 80): string[] {
  fs.mkdirSync(path.dirname(prefix), { recursive: true });
  for (const old of fs.readdirSync(path.dirname(prefix)))
    if (old.startsWith(`${path.basename(prefix)}-`) && old.endsWith('.png'))
      fs.rmSync(path.join(path.dirname(prefix), old));
  const file = `${prefix}.pdf`;
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), file, prefix]);
  fs.rmSync(file);
  return fs
    .readdirSync(path.dirname(prefix))
    .filter((f) => f.startsWith(`${path.basename(prefix)}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => path.join(path.dirname(prefix), f));
}

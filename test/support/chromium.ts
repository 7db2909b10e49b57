import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { aptInstall, canApt } from './apt';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

const INSTALL_HINT =
  'End-to-end tests need Chromium. Install it (Debian/Ubuntu: `apt-get install chromium fonts-wqy-zenhei`) ' +
  'or set CHROME_PATH to a Chrome or Chromium binary.';

function findChromium(): string | undefined {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (fs.existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH=${fromEnv} does not exist. ${INSTALL_HINT}`);
  }
  return CANDIDATES.find((p) => fs.existsSync(p));
}

function hasChineseFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

/**
 * The Chromium binary for end-to-end tests: CHROME_PATH, else a system Chrome/Chromium, else —
 * on Debian/Ubuntu as root — Debian's chromium installed with apt. Never a downloaded browser.
 * Chinese glyphs need a CJK font, or every screenshot shows boxes.
 */
export function ensureChromium(): string {
  let found = findChromium();
  const missing = [...(found ? [] : ['chromium']), ...(hasChineseFont() ? [] : ['fonts-wqy-zenhei'])];
  if (missing.length && canApt()) {
    aptInstall(missing);
    found = findChromium();
  }
  if (!found) throw new Error(INSTALL_HINT);
  if (!hasChineseFont())
    console.warn('[e2e] No Chinese font found: screenshots will show boxes (install fonts-wqy-zenhei).');
  return found;
}

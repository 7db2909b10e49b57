import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { startServer, type ServerProcess } from './server-process';

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', 'e2e', 'screenshots');

/** Debian's Chromium, headless, with nothing reaching for the network on its own. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone: 390×844 CSS pixels at 2×, touch, Chinese locale. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

/** Collects what a person would never see but a developer must: page errors and console errors. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/** Saves what the person sees, once page transitions (finite animations) have finished. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

export interface BrowserSuite {
  server: ServerProcess;
  browser: Browser;
  context: BrowserContext;
  /** A fresh phone-sized page for each test (its own storage: nobody is logged in). */
  page: Page;
  /** Page errors and console errors seen during the current test. */
  problems: string[];
}

/**
 * For a describe block: one real server process (with `env`) and one Chromium for the block,
 * a new phone context and page for each test.
 */
export function browserSuite(env: Record<string, string>): BrowserSuite {
  const s = {} as BrowserSuite;
  beforeAll(async () => {
    s.server = await startServer(env);
    s.browser = await launchChromium(inject('chromiumPath'));
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.server?.stop();
  });
  beforeEach(async () => {
    s.context = await phoneContext(s.browser);
    s.page = await s.context.newPage();
    s.problems = watchProblems(s.page);
  });
  afterEach(() => s.context.close());
  return s;
}

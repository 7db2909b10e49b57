import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, inject, it } from 'vitest';
import { DEMO_WISHES } from '../../server/demo/wishes';
import { launchChromium, phoneContext, screenshot, watchProblems } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server-process';

const publishedDemoCount = DEMO_WISHES.filter((w) => (w.status ?? 'published') === 'published').length;

describe('H5 app in Chromium at phone size', () => {
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    server = await startServer({ DEMO: '1' });
    browser = await launchChromium(inject('chromiumPath'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    context = await phoneContext(browser);
    page = await context.newPage();
    problems = watchProblems(page);
  });
  afterEach(async () => {
    await context.close();
  });

  const cards = () => page.locator('[data-testid="wish-card"]');

  it('shows the demo wishes, most urgent first, and pages to the end', async () => {
    await page.goto(server.url);
    await cards().first().waitFor();
    expect(await cards().count()).toBe(20);
    await expect.poll(() => cards().first().innerText()).toContain('紧急');
    await screenshot(page, '01-feed');

    // Scroll as a thumb does, a screen at a time, until the footer says the end is reached.
    const end = page.getByText('— 已经到底了 —');
    await page.mouse.move(195, 420);
    for (let i = 0; i < 60 && !(await end.isVisible()); i++) {
      await page.mouse.wheel(0, 700);
      await page.waitForTimeout(150);
    }
    await end.waitFor();
    expect(await cards().count()).toBe(publishedDemoCount);
    await screenshot(page, '02-feed-end');
    expect(problems).toEqual([]);
  });

  it('shows an error with a retry when the feed cannot load, and recovers', async () => {
    await page.route('**/api/v1/wishes*', (route) => route.abort('internetdisconnected'));
    await page.goto(server.url);
    await page.getByText('没能加载出来').waitFor();
    await expect.poll(() => page.getByText('网络不太好，请检查网络后重试').isVisible()).toBe(true);
    await screenshot(page, '03-feed-error');

    await page.unroute('**/api/v1/wishes*');
    await page.locator('.state-panel__retry').click();
    await cards().first().waitFor();
    expect(await cards().count()).toBe(20);
  });

  it('shows a friendly empty state when there are no wishes', async () => {
    await page.route('**/api/v1/wishes*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"items":[],"nextCursor":null}' }),
    );
    await page.goto(server.url);
    await page.getByText('暂时没有待认领的心愿').waitFor();
    await screenshot(page, '04-feed-empty');
  });

  it('has the tab bar 心愿 / 公示 / 我的 and opens a staff workbench in its subpackage', async () => {
    await page.goto(server.url);
    await cards().first().waitFor();
    await page.getByText('公示', { exact: true }).last().click();
    await page.getByText('还没有发布的公示').waitFor();
    await screenshot(page, '05-reports');

    await page.getByText('我的', { exact: true }).last().click();
    await page.getByText('登录心愿').waitFor();
    await screenshot(page, '06-me');

    // Staff see their workbench once logged in (here: the charity's finance officer).
    await page.getByText('机构财务').click();
    await page.getByText('机构工作台').waitFor();
    await page.getByText('机构工作台').first().click();
    await page.waitForURL(/#\/charity\/home\/index/);
    await page.getByText('在这里审核心愿', { exact: false }).waitFor();
    await page.waitForTimeout(500); // the page slides in
    await screenshot(page, '07-charity-home');
    expect(problems).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { DEMO_CLAIMED_WISHES } from '../../server/demo/seed-claims';
import { DEMO_WISHES } from '../../server/demo/wishes';
import { browserSuite, screenshot } from '../support/browser';

// The server seeds the demo's claims in flight too: those wishes are claimed, out of the feed.
const publishedDemoCount =
  DEMO_WISHES.filter((w) => (w.status ?? 'published') === 'published').length - DEMO_CLAIMED_WISHES;

describe('H5 app in Chromium at phone size', () => {
  const s = browserSuite({ DEMO: '1' });

  const cards = () => s.page.locator('[data-testid="wish-card"]');

  it('shows the demo wishes, most urgent first, and pages to the end', async () => {
    await s.page.goto(s.server.url);
    await cards().first().waitFor();
    expect(await cards().count()).toBe(20);
    await expect.poll(() => cards().first().innerText()).toContain('紧急');
    await screenshot(s.page, '01-feed');

    // Scroll as a thumb does, a screen at a time, until the footer says the end is reached.
    const end = s.page.getByText('— 已经到底了 —');
    await s.page.mouse.move(195, 420);
    for (let i = 0; i < 60 && !(await end.isVisible()); i++) {
      await s.page.mouse.wheel(0, 700);
      await s.page.waitForTimeout(150);
    }
    await end.waitFor();
    expect(await cards().count()).toBe(publishedDemoCount);
    await screenshot(s.page, '02-feed-end');
    expect(s.problems).toEqual([]);
  });

  it('shows an error with a retry when the feed cannot load, and recovers', async () => {
    await s.page.route('**/api/v1/wishes*', (route) => route.abort('internetdisconnected'));
    await s.page.goto(s.server.url);
    await s.page.getByText('没能加载出来').waitFor();
    await expect.poll(() => s.page.getByText('网络不太好，请检查网络后重试').isVisible()).toBe(true);
    await screenshot(s.page, '03-feed-error');

    await s.page.unroute('**/api/v1/wishes*');
    await s.page.locator('.state-panel__retry').click();
    await cards().first().waitFor();
    expect(await cards().count()).toBe(20);
  });

  it('shows a friendly empty state when there are no wishes', async () => {
    await s.page.route('**/api/v1/wishes*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"items":[],"nextCursor":null}' }),
    );
    await s.page.goto(s.server.url);
    await s.page.getByText('暂时没有待认领的心愿').waitFor();
    await screenshot(s.page, '04-feed-empty');
  });

  it('has the tab bar 心愿 / 公示 / 我的 and opens a staff workbench in its subpackage', async () => {
    await s.page.goto(s.server.url);
    await cards().first().waitFor();
    await s.page.getByText('公示', { exact: true }).last().click();
    // The demo publishes last month's report.
    await s.page.getByText('捐赠公示', { exact: false }).first().waitFor();
    await screenshot(s.page, '05-reports');

    await s.page.getByText('我的', { exact: true }).last().click();
    await s.page.getByText('登录心愿').waitFor();
    await screenshot(s.page, '06-me');

    // Staff see their workbench once logged in (here: the charity's finance officer).
    await s.page.getByText('机构财务').click();
    await s.page.getByText('机构工作台').waitFor();
    await s.page.getByText('机构工作台').first().click();
    await s.page.waitForURL(/#\/charity\/home\/index/);
    await s.page.getByText('登记捐赠和采购', { exact: false }).waitFor();
    await s.page.waitForTimeout(500); // the s.page slides in
    await screenshot(s.page, '07-charity-home');
    expect(s.problems).toEqual([]);
  });
});

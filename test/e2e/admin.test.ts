import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchChromium, phoneContext, screenshot, watchProblems } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server-process';

describe('administration on H5', () => {
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
  afterEach(() => context.close());

  const loginAs = async (persona: string) => {
    await page.goto(`${server.url}#/pages/me/index`);
    await page.getByText(persona, { exact: true }).click();
    await page.getByTestId('profile-name').waitFor();
  };

  it('lets the platform admin add an organization and invite its first member', async () => {
    await loginAs('平台管理员');
    await page.getByText('平台管理', { exact: true }).click();
    await page.getByText('机构（3）').waitFor();
    await screenshot(page, '20-admin-orgs');

    await page.locator('.admin-form__input input:visible').fill('云溪县红十字会');
    await page.getByText('创建机构').click();
    await page.getByText('机构（4）').waitFor();

    await page.getByText('云溪县红十字会').click();
    await page.getByText('云溪县红十字会 · 成员（0）').waitFor();
    await page.locator('.admin-form__input input:visible').fill('13611112222');
    await page.getByText('添加成员').click();
    await page.getByText('云溪县红十字会 · 成员（1）').waitFor();
    await page.getByText(/社工 \/ 儿童主任 · 全机构范围 · 136\*{4}2222/).waitFor();
    await screenshot(page, '21-admin-members');
    expect(problems).toEqual([]);
  });

  it('shows the region tree', async () => {
    await loginAs('平台管理员');
    await page.getByText('平台管理', { exact: true }).click();
    await page.getByText('地区管理').click();
    await page.getByText('全部地区（19）', { exact: false }).waitFor();
    await screenshot(page, '22-admin-regions');
  });

  it('lets an org admin manage the members of her own organization', async () => {
    await loginAs('机构管理员');
    await page.getByText('成员管理').click();
    await page.getByText('云溪县慈善总会 · 成员（2）').waitFor();
    await screenshot(page, '23-org-admin-members');
    expect(problems).toEqual([]);
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchChromium, phoneContext, screenshot, watchProblems } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server-process';

describe('logging in on H5 (我的 tab)', () => {
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    server = await startServer({ DEMO: '1', SMS_PROVIDER: 'console' });
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

  const openMe = async () => {
    await page.goto(`${server.url}#/pages/me/index`);
    await page.getByText('登录心愿').waitFor();
  };

  it('logs in as a demo caseworker, shows her role and workbench, and logs out', async () => {
    await openMe();
    await screenshot(page, '10-login');
    await page.getByText('儿童主任（村）').click();
    await page.getByTestId('profile-name').waitFor();
    expect(await page.getByTestId('profile-name').innerText()).toBe('儿童主任·林姐');
    await page.getByText(/社工 \/ 儿童主任 · 上坑村/).waitFor();
    await page.getByText('社工 / 儿童主任工作台').waitFor();
    expect(await page.getByText('机构工作台', { exact: true }).count()).toBe(0);
    await screenshot(page, '11-profile-caseworker');

    // The session survives a reload: the token is kept on the device.
    await page.reload();
    await page.getByTestId('profile-name').waitFor();

    await page.getByText('退出登录').click();
    await page.getByText('登录心愿').waitFor();
    expect(problems).toEqual([]);
  });

  it('logs in with a phone number and the code sent by SMS', async () => {
    await openMe();
    await page.getByTestId('phone-input').locator('input').fill('13912345678');
    await page.getByText('获取验证码').click();
    await page.getByText(/秒后重发/).waitFor();
    await expect.poll(() => /139\*{4}5678: (\d{6})/.exec(server.output())?.[1]).toBeTruthy();
    const code = /139\*{4}5678: (\d{6})/.exec(server.output())![1]!;
    await page.getByTestId('code-input').locator('input').fill(code);
    await screenshot(page, '12-phone-login');
    await page.locator('.login-panel__primary').click();
    await page.getByTestId('profile-name').waitFor();
    expect(await page.getByText('139****5678').count()).toBeGreaterThan(0);
    await screenshot(page, '13-profile-donor');
  });

  it('says clearly when the code is wrong', async () => {
    await openMe();
    await page.getByTestId('phone-input').locator('input').fill('13712345678');
    await page.getByText('获取验证码').click();
    await expect.poll(() => /137\*{4}5678: (\d{6})/.exec(server.output())?.[1]).toBeTruthy();
    const code = /137\*{4}5678: (\d{6})/.exec(server.output())![1]!;
    await page
      .getByTestId('code-input')
      .locator('input')
      .fill(code === '000000' ? '111111' : '000000');
    await page.locator('.login-panel__primary').click();
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').innerText()).toBe('验证码不对，请核对短信后重新输入');
    await screenshot(page, '14-login-wrong-code');
  });
});

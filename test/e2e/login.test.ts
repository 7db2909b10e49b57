import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot } from '../support/browser';

describe('logging in on H5 (我的 tab)', () => {
  const s = browserSuite({ DEMO: '1', SMS_PROVIDER: 'console' });

  const openMe = async () => {
    await s.page.goto(`${s.server.url}#/pages/me/index`);
    await s.page.getByText('登录心愿').waitFor();
  };

  it('logs in as a demo caseworker, shows her role and workbench, and logs out', async () => {
    await openMe();
    await screenshot(s.page, '10-login');
    await s.page.getByText('儿童主任（村）').click();
    await s.page.getByTestId('profile-name').waitFor();
    expect(await s.page.getByTestId('profile-name').innerText()).toBe('儿童主任·林姐');
    await s.page.getByText(/社工 \/ 儿童主任 · 上坑村/).waitFor();
    await s.page.getByText('社工 / 儿童主任工作台').waitFor();
    expect(await s.page.getByText('机构工作台', { exact: true }).count()).toBe(0);
    await screenshot(s.page, '11-profile-caseworker');

    // The session survives a reload: the token is kept on the device.
    await s.page.reload();
    await s.page.getByTestId('profile-name').waitFor();

    await s.page.getByText('退出登录').click();
    await s.page.getByText('登录心愿').waitFor();
    expect(s.problems).toEqual([]);
  });

  it('logs in with a phone number and the code sent by SMS', async () => {
    await openMe();
    await s.page.getByTestId('phone-input').locator('input').fill('13912345678');
    await s.page.getByText('获取验证码').click();
    await s.page.getByText(/秒后重发/).waitFor();
    await expect.poll(() => /139\*{4}5678: (\d{6})/.exec(s.server.output())?.[1]).toBeTruthy();
    const code = /139\*{4}5678: (\d{6})/.exec(s.server.output())![1]!;
    await s.page.getByTestId('code-input').locator('input').fill(code);
    await screenshot(s.page, '12-phone-login');
    await s.page.locator('.login-panel__primary').click();
    await s.page.getByTestId('profile-name').waitFor();
    expect(await s.page.getByText('139****5678').count()).toBeGreaterThan(0);
    await screenshot(s.page, '13-profile-donor');
  });

  it('says clearly when the code is wrong', async () => {
    await openMe();
    await s.page.getByTestId('phone-input').locator('input').fill('13712345678');
    await s.page.getByText('获取验证码').click();
    await expect.poll(() => /137\*{4}5678: (\d{6})/.exec(s.server.output())?.[1]).toBeTruthy();
    const code = /137\*{4}5678: (\d{6})/.exec(s.server.output())![1]!;
    await s.page
      .getByTestId('code-input')
      .locator('input')
      .fill(code === '000000' ? '111111' : '000000');
    await s.page.locator('.login-panel__primary').click();
    await s.page.getByTestId('login-error').waitFor();
    expect(await s.page.getByTestId('login-error').innerText()).toBe('验证码不对，请核对短信后重新输入');
    await screenshot(s.page, '14-login-wrong-code');
  });
});

import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot } from '../support/browser';

// The org admin adds her organization's first hand-over site (转交点), which caseworkers then
// pick when they post a wish. 云溪县慈善总会 has none in the demo.
describe('hand-over sites on H5', () => {
  const s = browserSuite({ DEMO: '1' });

  it('lets the org admin add a site, with the field error for an empty name', async () => {
    await s.page.goto(`${s.server.url}#/pages/me/index`);
    await s.page.getByText('机构管理员', { exact: true }).click();
    await s.page.getByTestId('profile-name').waitFor();
    await s.page.getByText('转交点管理', { exact: true }).click();

    await s.page.getByText('转交点（0）').waitFor();
    await s.page.getByText('还没有转交点').waitFor();
    await s.page.getByText(/不要填孩子家的地址。社工发布心愿前/).waitFor();
    await screenshot(s.page, 'sites-01-empty');

    // The first place in the picker (regions have random ids, so which one that is varies).
    await s.page.locator('[data-testid="site-region"]:visible').click();
    await s.page.locator('.weui-picker__action:visible').getByText('确定').click();
    const chosen = s.page.getByText(/^所在地区：/);
    await chosen.waitFor();
    const place = (await chosen.innerText()).replace('所在地区：', '').split(' · ').at(-1) ?? '';
    expect(place.length).toBeGreaterThan(1);

    // No name: the server's message, under the name field.
    await s.page.locator('.admin-form__submit:visible').click();
    await s.page.getByText('请填写转交点名称，如 上坑村儿童之家').waitFor();
    await screenshot(s.page, 'sites-02-form-error');

    await s.page.locator('[data-testid="site-name"]:visible input').fill('慈善总会爱心服务站');
    await expect.poll(() => s.page.getByText('请填写转交点名称，如 上坑村儿童之家').count()).toBe(0);
    await s.page.locator('.admin-form__submit:visible').click();
    await s.page.getByText('转交点（1）').waitFor();
    const row = s.page.locator('.admin-row:visible');
    await expect
      .poll(() => row.allInnerTexts())
      .toEqual([expect.stringMatching(new RegExp(`慈善总会爱心服务站\\s*${place}`))]);
    expect(await s.page.locator('[data-testid="site-name"]:visible input').inputValue()).toBe('');
    await screenshot(s.page, 'sites-03-listed');
    // The browser logs the refused empty name (400) itself; nothing else went wrong.
    expect(s.problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot } from '../support/browser';

describe('administration on H5', () => {
  const s = browserSuite({ DEMO: '1' });

  const loginAs = async (persona: string) => {
    await s.page.goto(`${s.server.url}#/pages/me/index`);
    await s.page.getByText(persona, { exact: true }).click();
    await s.page.getByTestId('profile-name').waitFor();
  };

  it('lets the platform admin add an organization and invite its first member', async () => {
    await loginAs('平台管理员');
    await s.page.getByText('平台管理', { exact: true }).click();
    await s.page.getByText('机构（3）').waitFor();
    await screenshot(s.page, '20-admin-orgs');

    await s.page.locator('.admin-form__input input:visible').fill('云溪县红十字会');
    await s.page.locator('.admin-form__submit:visible').click();
    await s.page.getByText('机构（4）').waitFor();

    await s.page.getByText('云溪县红十字会').click();
    await s.page.getByText('云溪县红十字会 · 成员（0）').waitFor();
    await s.page.locator('.admin-form__input input:visible').fill('13611112222');
    await s.page.locator('.admin-form__submit:visible').click();
    await s.page.getByText('云溪县红十字会 · 成员（1）').waitFor();
    await s.page.getByText(/社工 \/ 儿童主任 · 全机构范围 · 136\*{4}2222/).waitFor();
    await screenshot(s.page, '21-admin-members');
    expect(s.problems).toEqual([]);
  });

  it('shows the region tree', async () => {
    await loginAs('平台管理员');
    await s.page.getByText('平台管理', { exact: true }).click();
    await s.page.getByText('地区管理').click();
    await s.page.getByText('全部地区（19）', { exact: false }).waitFor();
    await screenshot(s.page, '22-admin-regions');
  });

  it('lets an org admin manage the members of her own organization', async () => {
    await loginAs('机构管理员');
    await s.page.getByText('成员管理').click();
    await s.page.getByText('云溪县慈善总会 · 成员（1）').waitFor();
    await screenshot(s.page, '23-org-admin-members');
    expect(s.problems).toEqual([]);
  });
});

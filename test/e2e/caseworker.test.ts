import type { APIRequestContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot } from '../support/browser';

// Taro keeps earlier pages mounted (hidden): every locator is scoped to what is visible.
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const byTestId = (page: Page, id: string) => visible(page, `[data-testid="${id}"]`);
const field = (page: Page, name: string) => visible(page, `[data-field="${name}"]`);
const fill = (target: Locator, text: string) => target.locator('input, textarea').first().fill(text);
const isDisabled = async (button: Locator) => (await button.getAttribute('aria-disabled')) === 'true';

/** Calls the API as a demo persona (for what another person does meanwhile, e.g. a reviewer). */
async function apiAs(request: APIRequestContext, base: string, persona: string) {
  const login = await request.post(`${base}api/v1/auth/demo`, { data: { persona } });
  const { token } = (await login.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  return {
    get: async (path: string) => (await request.get(`${base}api/v1${path}`, { headers })).json(),
    post: async (path: string, data?: unknown) =>
      (await request.post(`${base}api/v1${path}`, { headers, ...(data !== undefined && { data }) })).json(),
  };
}

describe('caseworker workbench on H5', () => {
  const s = browserSuite({ DEMO: '1' });

  const openWorkbench = async () => {
    await s.page.goto(`${s.server.url}#/pages/me/index`);
    await s.page.getByText('儿童主任（村）', { exact: true }).click();
    await s.page.getByTestId('profile-name').waitFor();
    await s.page.getByText('社工 / 儿童主任工作台').click();
    await visible(s.page, '.cw-home__entry').first().waitFor();
  };

  /** The public side and the required restricted field of a new file (the village is preselected). */
  const fillNewFile = async (pseudonym: string, realName: string) => {
    const page = s.page;
    await fill(field(page, 'pseudonym'), pseudonym);
    await byTestId(page, 'picker-birthYear').click();
    await visible(page, '.weui-picker__action').getByText('确定').click();
    await field(page, 'gender').getByText('女', { exact: true }).click();
    await field(page, 'category').getByText('留守', { exact: true }).click();
    await field(page, 'urgency').getByText('一般', { exact: true }).click();
    await fill(field(page, 'restricted.realName'), realName);
    const guardian = field(page, 'restricted.guardianName').locator('input');
    await guardian.nth(0).fill('林桂芳');
    await guardian.nth(1).fill('奶奶');
  };

  const writeWish = async (title: string, description: string, yuan: string) => {
    const page = s.page;
    await byTestId(page, 'input-title').waitFor();
    await fill(byTestId(page, 'input-title'), title);
    await fill(byTestId(page, 'input-description'), description);
    await fill(byTestId(page, 'input-value'), yuan);
  };

  it('creates a file with consent, writes a wish, is warned about a phone number, and submits it', async () => {
    const page = s.page;
    await openWorkbench();
    await screenshot(page, 'caseworker-01-home');

    await visible(page, '.cw-home__entry').getByText('孩子档案').click();
    await byTestId(page, 'file-row').first().waitFor();
    await screenshot(page, 'caseworker-02-files');

    await byTestId(page, 'new-file').click();
    await field(page, 'pseudonym').waitFor();
    await screenshot(page, 'caseworker-03-file-new');

    // Saving an empty form says what is missing, under each field.
    await byTestId(page, 'save-file').click();
    await byTestId(page, 'error-pseudonym').waitFor();
    expect(await byTestId(page, 'error-restricted.realName').innerText()).toBe('请填写真实姓名');
    await screenshot(page, 'caseworker-04-file-errors');

    await fillNewFile('小芽', '林雨桐');
    await byTestId(page, 'consent-toggle').click();
    await field(page, 'consent.guardianName').waitFor();
    // The guardian on file is offered as the one who consented.
    expect(await field(page, 'consent.guardianName').locator('input').inputValue()).toBe('林桂芳');
    await field(page, 'consent.guardianName').scrollIntoViewIfNeeded();
    await screenshot(page, 'caseworker-05-file-consent');
    await byTestId(page, 'save-file').click();

    await byTestId(page, 'file-pseudonym').waitFor();
    expect(await byTestId(page, 'file-pseudonym').innerText()).toBe('小芽');
    await byTestId(page, 'consent-card').getByText('已登记同意').waitFor();
    await page.getByText(/查看记录已留存/).waitFor();
    await screenshot(page, 'caseworker-06-file');

    await byTestId(page, 'new-wish').click();
    await writeWish('一个新书包', '书包背带断了，有事请打奶奶电话13812345678', '128.5');
    const warning = byTestId(page, 'privacy-description');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('这里像是手机号，请删除');
    expect(await byTestId(page, 'privacy-mark').innerText()).toBe('13812345678');
    expect(await isDisabled(byTestId(page, 'submit-wish'))).toBe(true);
    await warning.scrollIntoViewIfNeeded();
    await screenshot(page, 'caseworker-07-wish-warning');

    await fill(byTestId(page, 'input-description'), '书包背带断了，想要一个结实的新书包，开学能用。');
    await expect.poll(() => byTestId(page, 'privacy-description').count()).toBe(0);
    expect(await isDisabled(byTestId(page, 'submit-wish'))).toBe(false);
    await byTestId(page, 'submit-wish').click();

    const row = byTestId(page, 'wish-row').filter({ hasText: '一个新书包' });
    await row.waitFor();
    expect(await row.innerText()).toContain('待审核');
    expect(await row.innerText()).toContain('¥128.50');
    await screenshot(page, 'caseworker-08-wishes');

    await row.click();
    await byTestId(page, 'readonly-wish').waitFor();
    await screenshot(page, 'caseworker-09-wish-readonly');
    expect(s.problems).toEqual([]);
  });

  it('asks for consent before a wish can be submitted, then records it on the file', async () => {
    const page = s.page;
    await openWorkbench();
    await byTestId(page, 'home-new-file').click();
    await fillNewFile('小豆', '林思远');
    await byTestId(page, 'save-file').click();
    await byTestId(page, 'consent-card').getByText('未登记同意').waitFor();

    await byTestId(page, 'new-wish').click();
    await writeWish('一盒水彩笔', '喜欢画画，想要一盒二十四色的水彩笔。', '35');
    await byTestId(page, 'submit-wish').click();
    const problem = byTestId(page, 'wish-problem');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('还没有登记监护人同意');
    expect(await problem.innerText()).toContain('心愿已存为草稿');
    await problem.scrollIntoViewIfNeeded();
    await screenshot(page, 'caseworker-10-wish-consent-required');

    await problem.getByText('去孩子档案登记同意').click();
    await byTestId(page, 'record-consent').click();
    await field(page, 'relation').waitFor();
    await screenshot(page, 'caseworker-11-consent-form');
    await visible(page, '.cw-button').getByText('保存同意').click();
    await byTestId(page, 'consent-card').getByText('已登记同意').waitFor();
    // The draft saved a moment ago is on the file.
    await byTestId(page, 'file-wishes').getByText('一盒水彩笔').waitFor();
    await screenshot(page, 'caseworker-12-file-consented');

    // Withdrawing asks first, and says what happens to published wishes.
    await page.waitForTimeout(1600); // the "已登记同意" toast fades
    await visible(page, '.cw-button').getByText('撤回同意').click();
    await page.getByText(/孩子已发布的心愿会马上下架/).waitFor();
    await screenshot(page, 'caseworker-19-withdraw-confirm');
    await page.getByText('确认撤回', { exact: true }).click();
    await byTestId(page, 'consent-card').getByText('未登记同意').waitFor();
    await byTestId(page, 'consent-card')
      .getByText(/的同意已于 .* 撤回/)
      .waitFor();
    // The browser logs the refused submission (422) itself; nothing else went wrong.
    expect(s.problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
  });

  it('shows a returned wish with the reviewer’s reason, lets it be fixed and sent again', async () => {
    const page = s.page;
    // The demo has one wish in review; the reviewer sends it back.
    const reviewer = await apiAs(page.request, s.server.url, 'reviewer');
    const queue = (await reviewer.get('/staff/review-queue')) as { items: { id: string; title: string }[] };
    const wish = queue.items[0]!;
    await reviewer.post(`/staff/wishes/${wish.id}/return`, { reason: '说明里写了学校的名字，请删掉' });

    await openWorkbench();
    await byTestId(page, 'returned-notice').waitFor();
    await screenshot(page, 'caseworker-13-home-returned');
    await byTestId(page, 'returned-notice').getByText('去修改').click();

    const row = byTestId(page, 'wish-row').filter({ hasText: wish.title });
    await row.waitFor();
    expect(await row.innerText()).toContain('督导退回：说明里写了学校的名字，请删掉');
    await screenshot(page, 'caseworker-14-wishes-returned');

    await row.click();
    await byTestId(page, 'return-reason').waitFor();
    expect(await byTestId(page, 'return-reason').innerText()).toContain('说明里写了学校的名字，请删掉');
    await screenshot(page, 'caseworker-15-wish-returned');

    // Split into shares: the amount must divide evenly.
    await fill(field(page, 'shares'), '7');
    await field(page, 'shares')
      .getByText(/不能平均分成 7 份/)
      .waitFor();
    await fill(field(page, 'shares'), '2');
    await byTestId(page, 'per-share').waitFor();
    await byTestId(page, 'per-share').scrollIntoViewIfNeeded();
    await screenshot(page, 'caseworker-16-wish-shares');
    await byTestId(page, 'submit-wish').click();
    await byTestId(page, 'wish-row').filter({ hasText: wish.title }).getByText('待审核').waitFor();
    expect(s.problems).toEqual([]);
  });

  it('edits a file and shows what changed in its history', async () => {
    const page = s.page;
    await openWorkbench();
    await visible(page, '.cw-home__entry').getByText('孩子档案').click();
    await fill(visible(page, '.files-page__top'), '小棋');
    await expect.poll(() => byTestId(page, 'file-row').count()).toBe(1);
    await byTestId(page, 'file-row').click();
    await byTestId(page, 'file-pseudonym').waitFor();
    await visible(page, '.cw-button').getByText('编辑档案').click();
    await field(page, 'restricted.address').waitFor();
    await fill(field(page, 'restricted.address'), '上坑村二组');
    await field(page, 'restricted.realName').scrollIntoViewIfNeeded();
    await screenshot(page, 'caseworker-23-file-edit');
    await byTestId(page, 'save-file').click();
    const history = byTestId(page, 'file-history');
    await history.getByText(/修改了：家庭住址/).waitFor();
    await history.scrollIntoViewIfNeeded();
    await screenshot(page, 'caseworker-17-file-history');

    // A search that finds nothing says so.
    await page.goBack();
    await fill(visible(page, '.files-page__top'), '没有这个名字');
    await visible(page, '[data-testid="empty"]').waitFor();
    await screenshot(page, 'caseworker-18-files-empty-search');
    expect(s.problems).toEqual([]);
  });

  it('says when a list cannot load and retries; cancels a draft after asking', async () => {
    const page = s.page;
    await openWorkbench();
    await page.route('**/api/v1/beneficiaries*', (route) => route.abort('internetdisconnected'));
    await visible(page, '.cw-home__entry').getByText('孩子档案').click();
    await visible(page, '[data-testid="error"]').waitFor();
    await page.getByText('网络不太好，请检查网络后重试').waitFor();
    await screenshot(page, 'caseworker-20-files-error');
    await page.unroute('**/api/v1/beneficiaries*');
    await visible(page, '.state-panel__retry').click();
    await byTestId(page, 'file-row').first().waitFor();

    await page.goBack();
    await visible(page, '.cw-home__entry').getByText('我发布的心愿').click();
    await visible(page, '[role="tab"]').getByText('草稿').click();
    const draft = byTestId(page, 'wish-row').first();
    await draft.waitFor();
    const title = await draft.locator('.cw-row__title').innerText();
    await draft.getByText('撤销', { exact: true }).click();
    await page.getByText('确认撤销', { exact: true }).waitFor();
    await screenshot(page, 'caseworker-21-cancel-confirm');
    await page.getByText('确认撤销', { exact: true }).click();
    await expect.poll(() => byTestId(page, 'wish-row').filter({ hasText: title }).count()).toBe(0);

    // An empty tab says what will appear there.
    await page.route('**/api/v1/staff/wishes?*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"items":[],"nextCursor":null}' }),
    );
    await visible(page, '[role="tab"]').getByText('退回修改').click();
    await visible(page, '[data-testid="empty"]').getByText('没有被退回的心愿').waitFor();
    await screenshot(page, 'caseworker-22-wishes-empty');
    // The browser logs the aborted request itself.
    expect(s.problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot } from '../support/browser';

/** The demo's one wish in review (a file of 林姐's in 上坑村). */
const DEMO_IN_REVIEW = '一套口琴入门课';

describe('reviewing wishes on H5 (机构工作台 → 心愿审核)', () => {
  const s = browserSuite({ DEMO: '1' });

  /** Calls the API as a demo persona, as the app would. */
  async function api<T>(token: string | null, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(path, s.server.url), {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
  const tokenOf = async (persona: string) =>
    (await api<{ token: string }>(null, 'POST', '/api/v1/auth/demo', { persona })).token;

  /** 林姐 writes a wish for one of her consented files (the most urgent) and submits it for review. */
  async function submitWishForReview(title: string): Promise<string> {
    const token = await tokenOf('caseworker');
    type File = { id: string; urgency: string; consent: unknown };
    const files = (await api<{ items: File[] }>(token, 'GET', '/api/v1/beneficiaries')).items;
    const file = files.find((f) => f.consent && f.urgency === 'red') ?? files.find((f) => f.consent);
    const sites = (await api<{ items: { id: string }[] }>(token, 'GET', '/api/v1/staff/sites')).items;
    const wish = await api<{ id: string }>(token, 'POST', `/api/v1/beneficiaries/${file!.id}/wishes`, {
      title,
      description: '孩子冬天上学路上冷，想要一件厚实的外套。',
      kind: 'item',
      quantity: 1,
      estimatedValueFen: 26000,
      shares: 1,
      handoverSiteId: sites[0]!.id,
    });
    await api(token, 'POST', `/api/v1/staff/wishes/${wish.id}/submit`);
    return wish.id;
  }

  const visible = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]:visible`);
  const row = (page: Page, title: string) => visible(page, 'queue-row').filter({ hasText: title });

  async function logInAsReviewer(page: Page) {
    await page.goto(`${s.server.url}#/pages/me/index`);
    await page.getByText('儿童督导员（镇）', { exact: true }).click();
    await page.getByTestId('profile-name').waitFor();
  }

  /** 我的 → 儿童督导员（镇） → 机构工作台 → 心愿审核. */
  async function openQueueAsReviewer(page: Page, shots = false) {
    await logInAsReviewer(page);
    await page.getByText('机构工作台', { exact: true }).click();
    await page.getByText('在这里审核心愿', { exact: false }).waitFor();
    await visible(page, 'mark-review').filter({ hasText: '待审' }).waitFor();
    if (shots) await screenshot(page, 'review-01-workbench');
    await page.getByText('心愿审核', { exact: true }).click();
    await page.waitForURL(/#\/charity\/review\/index/);
  }

  it('returns the demo wish with a reason, and it leaves the queue', async () => {
    await openQueueAsReviewer(s.page, true);
    await row(s.page, DEMO_IN_REVIEW).waitFor();
    expect(await row(s.page, DEMO_IN_REVIEW).innerText()).toMatch(/一般[\s\S]*小琴 · 11岁 · 女 · 石桥镇/);
    await screenshot(s.page, 'review-02-queue');

    await row(s.page, DEMO_IN_REVIEW).click();
    await visible(s.page, 'wish-preview').waitFor();
    await s.page.getByText('没有真实姓名、电话、证件号、住址、学校和班级').waitFor();
    await screenshot(s.page, 'review-03-detail');

    await s.page.getByText('退回修改', { exact: true }).click();
    await visible(s.page, 'return-sheet').waitFor();
    await screenshot(s.page, 'review-04-return-sheet');

    // A reason is required; a quick pick fills it in, and it can be added to.
    await visible(s.page, 'return-submit').click();
    await visible(s.page, 'return-reason-error').waitFor();
    expect(await visible(s.page, 'return-reason-error').innerText()).toBe('请写明退回的原因，方便社工修改');
    await screenshot(s.page, 'review-05-return-reason-required');
    await s.page.getByText('描述不清楚，请补充').click();
    const box = visible(s.page, 'return-reason').locator('textarea');
    expect(await box.inputValue()).toBe('描述不清楚，请补充');
    await box.fill('描述不清楚，请补充：口琴课由谁来上、上几次');
    await screenshot(s.page, 'review-06-return-reason-filled');

    await visible(s.page, 'return-submit').click();
    await s.page.getByText('已退回').waitFor();
    await s.page.waitForURL(/#\/charity\/review\/index/);
    await s.page.getByText('没有待审核的心愿').waitFor();
    expect(await row(s.page, DEMO_IN_REVIEW).count()).toBe(0);
    await s.page.waitForTimeout(1600); // the toast fades
    await screenshot(s.page, 'review-07-queue-empty');

    // The caseworker sees why it came back.
    const token = await tokenOf('caseworker');
    const mine = await api<{ items: { title: string; status: string; returnReason: string | null }[] }>(
      token,
      'GET',
      '/api/v1/staff/wishes?status=returned',
    );
    expect(mine.items.find((w) => w.title === DEMO_IN_REVIEW)?.returnReason).toBe(
      '描述不清楚，请补充：口琴课由谁来上、上几次',
    );
    expect(s.problems).toEqual([]);
  });

  it('approves a wish after confirming, and donors find it in the feed', async () => {
    const title = '一件厚实的冬季外套';
    await submitWishForReview(title);
    await openQueueAsReviewer(s.page);
    await row(s.page, title).waitFor();
    // Written here without WeChat's check: the reviewer is told to read it closely.
    expect(await row(s.page, title).getByTestId('check-badge').innerText()).toBe('未经自动检测');
    await screenshot(s.page, 'review-08-queue-unchecked');

    await row(s.page, title).click();
    await visible(s.page, 'wish-preview').waitFor();
    await screenshot(s.page, 'review-09-detail-unchecked');
    await visible(s.page, 'approve').click();
    await s.page.getByText('发布后，所有人都能在心愿列表里看到它，爱心人士可以认领。').waitFor();
    await screenshot(s.page, 'review-10-approve-confirm');
    await s.page.getByText('确认发布', { exact: true }).click();
    await s.page.getByText('已发布').waitFor();
    await s.page.waitForURL(/#\/charity\/review\/index/);
    await s.page.getByText('没有待审核的心愿').waitFor();

    // The 心愿 tab: scroll as a thumb does until the new wish shows.
    await s.page.goto(s.server.url);
    const card = s.page.locator('[data-testid="wish-card"]:visible').filter({ hasText: title });
    await s.page.locator('[data-testid="wish-card"]:visible').first().waitFor();
    await s.page.mouse.move(195, 420);
    for (let i = 0; i < 60 && !(await card.isVisible()); i++) {
      await s.page.mouse.wheel(0, 700);
      await s.page.waitForTimeout(150);
    }
    await card.scrollIntoViewIfNeeded();
    await screenshot(s.page, 'review-11-published-in-feed');
    expect(s.problems).toEqual([]);
  });

  it('sends the reviewer back when someone else decided first', async () => {
    const title = '一双保暖的棉手套';
    const wishId = await submitWishForReview(title);
    await openQueueAsReviewer(s.page);
    await row(s.page, title).click();
    await visible(s.page, 'wish-preview').waitFor();

    // Meanwhile another reviewer returns it.
    await api(await tokenOf('reviewer'), 'POST', `/api/v1/staff/wishes/${wishId}/return`, {
      reason: '请补充尺码',
    });

    await visible(s.page, 'approve').click();
    await s.page.getByText('确认发布', { exact: true }).click();
    await s.page.getByText('这个心愿已经处理过了').waitFor();
    await screenshot(s.page, 'review-12-decided-elsewhere');
    await s.page.getByText('回到列表', { exact: true }).click();
    await s.page.waitForURL(/#\/charity\/review\/index/);
    await s.page.getByText('没有待审核的心愿').waitFor();
  });

  it('shows an error with a retry when the queue cannot load, and recovers', async () => {
    await s.page.route('**/api/v1/staff/review-queue*', (route) => route.abort('internetdisconnected'));
    await logInAsReviewer(s.page);
    await s.page.goto(`${s.server.url}#/charity/review/index`);
    await s.page.getByText('没能加载出来').waitFor();
    await screenshot(s.page, 'review-13-queue-error');
    await s.page.unroute('**/api/v1/staff/review-queue*');
    await s.page.locator('.state-panel__retry:visible').click();
    await s.page.getByText('没有待审核的心愿').waitFor();
  });
  it('marks the wishes the automatic check asks a person to read closely', async () => {
    const wish = (title: string, urgency: string, contentCheck: string | null, hoursAgo: number) => ({
      id: `wish${title.length}${urgency}`.padEnd(16, 'x').slice(0, 16),
      status: 'in_review',
      title,
      description: '说明',
      kind: 'item',
      quantity: 1,
      estimatedValueFen: 12000,
      shares: 1,
      beneficiary: {
        id: 'fileaaaaaaaaaaaa',
        pseudonym: '小安',
        age: 9,
        gender: 'male',
        category: 'left_behind',
        urgency,
        story: null,
        consentGiven: true,
      },
      region: { id: 'regionaaaaaaaaaa', name: '上坑村' },
      town: { id: 'townaaaaaaaaaaaa', name: '石桥镇' },
      handoverSite: { id: 'siteaaaaaaaaaaaa', name: '上坑村儿童之家' },
      campaign: null,
      contentCheck,
      returnReason: null,
      createdBy: '儿童主任·林姐',
      createdAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
      updatedAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
      submittedAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
      reviewedAt: null,
      publishedAt: null,
      version: 2,
    });
    const page = {
      items: [
        wish('一副合适的助听器', 'red', 'review', 30),
        wish('冬天穿的羽绒服和棉鞋', 'orange', 'unchecked', 5),
        wish('一套新校服', 'blue', 'pass', 80),
      ],
      nextCursor: null,
    };
    await s.page.route('**/api/v1/staff/review-queue*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(page) }),
    );
    await logInAsReviewer(s.page);
    await s.page.goto(`${s.server.url}#/charity/review/index`);
    await row(s.page, '一副合适的助听器').waitFor();
    expect(await row(s.page, '一副合适的助听器').getByTestId('check-badge').innerText()).toBe('需重点核查');
    expect(await row(s.page, '冬天穿的羽绒服和棉鞋').getByTestId('check-badge').innerText()).toBe(
      '未经自动检测',
    );
    expect(await row(s.page, '一套新校服').getByTestId('check-badge').count()).toBe(0);
    await screenshot(s.page, 'review-15-queue-badges');
  });
});

describe('campaigns on H5 (机构工作台 → 活动管理)', () => {
  const s = browserSuite({ DEMO: '1' });
  const visible = (testId: string) => s.page.locator(`[data-testid="${testId}"]:visible`);

  async function logInAs(persona: string) {
    await s.page.goto(`${s.server.url}#/pages/me/index`);
    await s.page.getByText(persona, { exact: true }).click();
    await s.page.getByTestId('profile-name').waitFor();
  }

  /** Answers the next campaign creation with an error, as the server would. */
  async function refuseCreation(status: number, code: string, message: string) {
    await s.page.route('**/api/v1/staff/campaigns', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code, message } }),
          })
        : route.fallback(),
    );
  }

  it('lists the campaigns with their progress and creates a new one', async () => {
    await logInAs('儿童督导员（镇）');
    await s.page.getByText('机构工作台', { exact: true }).click();
    await s.page.getByText('活动管理', { exact: true }).click();
    await visible('campaign-row').filter({ hasText: '冬日暖心·点亮微心愿' }).waitFor();
    expect(await visible('campaign-row').first().innerText()).toMatch(/进行中[\s\S]*目标 60 个/);
    await screenshot(s.page, 'campaigns-01-list');

    await visible('campaign-new').click();
    await visible('campaign-form').waitFor();
    await screenshot(s.page, 'campaigns-02-form');

    // Nothing typed: the theme is marked, nothing is sent.
    await visible('campaign-submit').click();
    await s.page.getByText('请填写活动主题').waitFor();
    await screenshot(s.page, 'campaigns-03-form-errors');

    // The date picker (Taro's own on H5).
    await visible('campaign-ends').click();
    await s.page.waitForTimeout(400);
    await screenshot(s.page, 'campaigns-04-date-picker');
    await s.page.getByText('取消', { exact: true }).last().click();
    await s.page.waitForTimeout(400);

    await visible('campaign-title').locator('input').fill('六一·点亮微心愿');
    await visible('campaign-description').locator('textarea').fill('为留守儿童实现一个小小的六一心愿。');
    await visible('campaign-target').locator('input').fill('30');

    // Refusals the server may give, shown where they belong; what was typed stays.
    await refuseCreation(422, 'CAMPAIGN_DATES_INVALID', '活动的结束日期不能早于开始日期');
    await visible('campaign-submit').click();
    await s.page.getByText('结束日期不能早于开始日期，也不能早于今天').waitFor();
    expect(await visible('campaign-title').locator('input').inputValue()).toBe('六一·点亮微心愿');
    await screenshot(s.page, 'campaigns-05-dates-refused');
    await s.page.unrouteAll();
    await refuseCreation(403, 'FORBIDDEN', '没有权限进行这个操作');
    await visible('campaign-submit').click();
    await s.page.getByText('只有机构管理员或督导可以创建活动').waitFor();
    await screenshot(s.page, 'campaigns-06-forbidden');
    await s.page.unrouteAll();

    await visible('campaign-submit').click();
    await visible('campaign-row').filter({ hasText: '六一·点亮微心愿' }).waitFor();
    expect(await visible('campaign-row').filter({ hasText: '六一·点亮微心愿' }).innerText()).toMatch(
      /进行中[\s\S]*为留守儿童实现一个小小的六一心愿。[\s\S]*目标 30 个/,
    );
    await s.page.waitForTimeout(1600); // the toast fades
    await screenshot(s.page, 'campaigns-07-created');
  });

  it('shows a caseworker the campaigns but not the form', async () => {
    await logInAs('儿童主任（村）');
    await s.page.goto(`${s.server.url}#/charity/campaigns/index`);
    await visible('campaign-row').first().waitFor();
    await s.page.getByText('只有机构管理员或督导可以创建活动。').waitFor();
    expect(await visible('campaign-new').count()).toBe(0);
    await screenshot(s.page, 'campaigns-08-caseworker');
    expect(s.problems).toEqual([]);
  });

  it('shows finance staff what is theirs on the workbench, and nothing they cannot open', async () => {
    await logInAs('机构财务');
    await s.page.getByText('机构工作台', { exact: true }).click();
    await s.page.getByText('登记捐赠和采购', { exact: false }).waitFor();
    await visible('mark-review').filter({ hasText: '审核员可用' }).waitFor();
    await visible('entry-ledger').waitFor();
    await screenshot(s.page, 'review-14-workbench-finance');
    expect(s.problems).toEqual([]);
  });
});

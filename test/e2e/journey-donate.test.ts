import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chinaDate } from '../../shared/china-date';
import { browserSuite, screenshot } from '../support/browser';

// Online money donations (#8) on a phone, in demo mode (the local fake WeChat Pay stands in):
// a donor gives ¥50 to the running campaign under a masked name, pays with 模拟支付, sees
// 捐赠成功 with the receipt number, opens the receipt and verifies it against the public ledger
// (pending until the next signed snapshot, ✓ after it); pays for two shares of a split wish and
// follows the claim; finds it in 我的在线捐款; finance gives the campaign gift back 原路.

// Taro keeps earlier pages mounted (hidden): every locator is scoped to what is visible.
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const byTestId = (page: Page, id: string) => visible(page, `[data-testid="${id}"]`);
const fill = (target: Locator, text: string) => target.locator('input, textarea').first().fill(text);

const CAMPAIGN = '冬日暖心·点亮微心愿';

async function apiToken(request: APIRequestContext, base: string, persona: string): Promise<string> {
  const login = await request.post(`${base}api/v1/auth/demo`, { data: { persona } });
  return ((await login.json()) as { token: string }).token;
}

/** Finance drafts this month's 公示: the ledger gets a signed snapshot covering every entry so far. */
async function snapshotLedger(request: APIRequestContext, base: string) {
  const finance = await apiToken(request, base, 'finance');
  const made = await request.post(`${base}api/v1/staff/reports`, {
    headers: { authorization: `Bearer ${finance}`, 'idempotency-key': randomUUID() },
    data: { kind: 'month', month: chinaDate(Date.now()).slice(0, 7) },
  });
  expect(made.status(), await made.text()).toBe(201);
}

async function verifyAndWait(page: Page) {
  await byTestId(page, 'verify-receipt').click();
  const result = byTestId(page, 'check-result');
  await result.waitFor({ timeout: 20_000 });
  await result.scrollIntoViewIfNeeded();
  return result;
}

/** Waits for toasts to fade, so screenshots show the page. */
const settle = (page: Page) => page.waitForTimeout(1600);

describe('online donations with WeChat Pay (demo mode)', () => {
  const s = browserSuite({ DEMO: '1' });

  it('a campaign: ¥50 under a masked name → 模拟支付 → 捐赠成功 → receipt → 核验 ✓', async () => {
    const page = s.page;
    const base = s.server.url;

    // 1. The feed, filtered to the running campaign: a way to give to the campaign itself.
    await page.goto(`${base}#/pages/wishes/index`);
    await byTestId(page, 'wish-list').waitFor();
    await byTestId(page, 'filter-button').click();
    await visible(page, '.filter-chip').getByText(CAMPAIGN, { exact: true }).click();
    await visible(page, '.filter-sheet__apply').click();
    const give = byTestId(page, 'campaign-donate');
    await give.waitFor();
    await screenshot(page, 'donate-00-feed-campaign');
    await give.click();

    // 2. Not logged in yet: the donate page asks first (demo login as 爱心人士).
    await page.waitForURL(/#\/donor\/donate\/index\?campaign=/);
    expect(await byTestId(page, 'donate-title').innerText()).toBe(CAMPAIGN);
    await byTestId(page, 'sign-in-gate').waitFor();
    await screenshot(page, 'donate-01-login-first');
    await byTestId(page, 'sign-in-gate').getByText('爱心人士', { exact: true }).click();

    // 3. ¥50, masked: the 公示 will say 王*.
    await byTestId(page, 'donate-form').waitFor();
    await byTestId(page, 'amount-50').click();
    await byTestId(page, 'display-masked').click();
    await fill(byTestId(page, 'donor-name'), '王小明');
    expect(await byTestId(page, 'donor-preview').innerText()).toMatch(/公示名单里显示为\s*王\*/);
    expect(await byTestId(page, 'donate-pay').innerText()).toBe('支付 ¥50.00');
    await screenshot(page, 'donate-02-form');

    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/pay/orders') && r.request().method() === 'POST',
    );
    await byTestId(page, 'donate-pay').click();
    const answer = await created;
    expect(answer.status(), await answer.text()).toBe(201);
    expect(answer.request().headers()['idempotency-key']).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(answer.request().postDataJSON()).toEqual({
      target: { kind: 'campaign', campaignId: expect.any(String) },
      amountFen: 5000,
      donorDisplay: 'masked',
      donorName: '王小明',
      channel: 'h5',
    });
    const order = (await answer.json()) as { id: string; demo: boolean; amountFen: number };
    expect(order).toMatchObject({ demo: true, amountFen: 5000 });

    // 4. The order's page: a demo order is paid by 模拟支付（演示）.
    await page.waitForURL(new RegExp(`#/donor/pay-order/index\\?id=${order.id}`));
    await byTestId(page, 'pay-demo').waitFor();
    expect(await byTestId(page, 'pay-state').innerText()).toBe('待支付');
    expect(await byTestId(page, 'pay-amount').innerText()).toBe('¥50.00');
    await screenshot(page, 'donate-03-demo-pay');
    await byTestId(page, 'pay-simulate').click();

    // 5. 捐赠成功 with the receipt number.
    const success = byTestId(page, 'pay-success');
    await success.waitFor({ timeout: 20_000 });
    expect(await success.innerText()).toContain('捐赠成功');
    expect(await byTestId(page, 'pay-amount').innerText()).toBe('¥50.00');
    expect(await byTestId(page, 'pay-public-name').innerText()).toBe('王*');
    const receiptNo = (await byTestId(page, 'pay-receipt-no').innerText()).trim();
    expect(receiptNo).toMatch(/\d/);
    await screenshot(page, 'donate-04-paid');

    // 6. The receipt: written to the ledger, verifiable once the next snapshot is signed.
    await byTestId(page, 'pay-receipt').click();
    await page.waitForURL(/#\/public\/receipt\/index\?id=/);
    await byTestId(page, 'receipt').waitFor();
    expect(await byTestId(page, 'receipt-no').innerText()).toBe(receiptNo);
    expect(await byTestId(page, 'receipt-amount').innerText()).toBe('¥50');
    expect(await byTestId(page, 'receipt-public-name').innerText()).toBe('王*');
    const pending = await verifyAndWait(page);
    expect(await pending.getAttribute('data-status')).toBe('pending');
    expect(await byTestId(page, 'check-summary').innerText()).toBe(
      '收据已记账，将在下一次账本快照（每日）后可核验',
    );
    await screenshot(page, 'donate-05-receipt-pending');

    await snapshotLedger(page.request, base);
    await page.reload();
    await byTestId(page, 'receipt').waitFor();
    const verified = await verifyAndWait(page);
    expect(await verified.getAttribute('data-status'), await verified.innerText()).toBe('ok');
    expect(
      await byTestId(page, 'check-line').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))),
    ).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(await byTestId(page, 'check-summary').innerText()).toMatch(
      /已写入公开账本第 \d+ 条，账本没有被改写过/,
    );
    await screenshot(page, 'donate-06-receipt-verified');
    expect(s.problems).toEqual([]);
  });

  it('wish shares: 出资认领 2 shares, anonymous → 模拟支付 → the claim; it is in 我的在线捐款', async () => {
    const page = s.page;
    const base = s.server.url;
    const feed = await page.request.get(`${base}api/v1/wishes?limit=50`);
    const { items } = (await feed.json()) as {
      items: { id: string; title: string; shares: number; sharesLeft: number; estimatedValueFen: number }[];
    };
    const wish = items.find((w) => w.shares > 1 && w.sharesLeft >= 2);
    if (!wish) throw new Error('the demo has no split wish with two shares left');

    await page.goto(`${base}#/pages/me/index`);
    await page.getByText('爱心人士', { exact: true }).click();
    await page.getByTestId('profile-name').waitFor();

    await page.goto(`${base}#/pages/wish/index?id=${wish.id}`);
    await page.getByTestId('wish-title').waitFor();
    await screenshot(page, 'donate-10-wish');
    await byTestId(page, 'fund-button').click();
    await page.waitForURL(/#\/donor\/donate\/index\?wish=/);
    await byTestId(page, 'donate-form').waitFor();
    await byTestId(page, 'shares-plus').click();
    expect(await byTestId(page, 'shares-value').innerText()).toBe('2');
    await byTestId(page, 'display-anonymous').click();
    expect(await byTestId(page, 'donor-preview').innerText()).toMatch(/公示名单里显示为\s*匿名/);
    const total = await byTestId(page, 'donate-total').innerText();
    expect(total).toMatch(/^2 份，合计 ¥[\d,]+\.\d\d$/);
    await screenshot(page, 'donate-11-shares-form');

    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/pay/orders') && r.request().method() === 'POST',
    );
    await byTestId(page, 'donate-pay').click();
    const answer = await created;
    expect(answer.status(), await answer.text()).toBe(201);
    const order = (await answer.json()) as { amountFen: number };
    // The server priced the shares; the page showed the same price.
    const shown = total.replace(/^.*¥/, '').replace(/,/g, '');
    expect(shown).toBe(
      `${Math.trunc(order.amountFen / 100)}.${String(order.amountFen % 100).padStart(2, '0')}`,
    );

    await byTestId(page, 'pay-simulate').click();
    await byTestId(page, 'pay-success').waitFor({ timeout: 20_000 });
    expect(await byTestId(page, 'pay-public-name').innerText()).toBe('匿名');
    await screenshot(page, 'donate-12-shares-paid');
    await byTestId(page, 'pay-claim').click();
    await page.waitForURL(/#\/donor\/claim\/index\?id=/);
    await byTestId(page, 'claim-page').waitFor();
    expect(await byTestId(page, 'claim-title').innerText()).toBe(wish.title);
    await settle(page);
    await screenshot(page, 'donate-13-shares-claim');

    // 我的 → 我的捐赠收据 → 我的在线捐款: the gift just made (paid, with its receipt).
    await page.goto(`${base}#/pages/me/index`);
    await byTestId(page, 'receipts-entry').click();
    await page.waitForURL(/#\/donor\/receipts\/index/);
    await byTestId(page, 'my-receipts').waitFor();
    await screenshot(page, 'donate-14-my-receipts');
    await byTestId(page, 'pay-orders-entry').click();
    await page.waitForURL(/#\/donor\/pay-orders\/index/);
    const rows = byTestId(page, 'pay-order-row');
    await rows.first().waitFor();
    expect(await rows.first().innerText()).toContain(wish.title);
    expect(await rows.first().innerText()).toContain('捐赠成功');
    expect(await rows.first().innerText()).toMatch(/收据 .+ ›/);
    await screenshot(page, 'donate-15-my-pay-orders');
    expect(s.problems).toEqual([]);
  });

  it('finance gives an online gift back 原路 through WeChat Pay from the books', async () => {
    const page = s.page;
    const base = s.server.url;
    // A donor's ¥20 to the campaign, paid (through the API: the browser part is proven above).
    const donor = await apiToken(page.request, base, 'donor');
    const campaigns = await page.request.get(`${base}api/v1/campaigns`);
    const campaign = ((await campaigns.json()) as { items: { id: string; title: string }[] }).items.find(
      (c) => c.title === CAMPAIGN,
    )!;
    const made = await page.request.post(`${base}api/v1/pay/orders`, {
      headers: { authorization: `Bearer ${donor}`, 'idempotency-key': randomUUID() },
      data: {
        target: { kind: 'campaign', campaignId: campaign.id },
        amountFen: 2000,
        donorDisplay: 'named',
        donorName: '李退款',
        channel: 'h5',
      },
    });
    expect(made.status(), await made.text()).toBe(201);
    const { id } = (await made.json()) as { id: string };
    const paid = await page.request.post(`${base}api/v1/demo/pay/orders/${id}/simulate`, {
      headers: { authorization: `Bearer ${donor}` },
    });
    expect(paid.status(), await paid.text()).toBe(200);

    await page.goto(`${base}#/pages/me/index`);
    await page.getByText('机构财务', { exact: true }).click();
    await page.getByTestId('profile-name').waitFor();
    await page.goto(`${base}#/charity/ledger/index`);
    await byTestId(page, 'ledger-list').waitFor();
    await byTestId(page, 'ledger-row').filter({ hasText: '¥20' }).first().click();
    await byTestId(page, 'ledger-sheet').waitFor();
    expect(await byTestId(page, 'ledger-sheet').innerText()).toContain('微信支付');
    expect(await byTestId(page, 'ledger-refund').count()).toBe(0);
    await byTestId(page, 'ledger-online-refund').click();
    await fill(byTestId(page, 'ledger-reason'), '捐赠人误捐，申请退回');
    await screenshot(page, 'donate-20-online-refund-form');
    await byTestId(page, 'ledger-submit').click();
    await visible(page, '.taro-modal__foot').getByText('确认', { exact: true }).click();
    const result = byTestId(page, 'online-refund-result');
    await result.waitFor({ timeout: 20_000 });
    expect(['processing', 'succeeded']).toContain(await result.getAttribute('data-status'));
    expect(await result.innerText()).toContain('¥20.00');
    await screenshot(page, 'donate-21-online-refund-result');
    await byTestId(page, 'online-refund-done').click();
    await settle(page);
    expect(s.problems).toEqual([]);
  });
});

import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot } from '../support/browser';

// Journey 4 of PRODUCT.md on a phone, as the bureau's finance clerk (福利股财务·张会计) does it:
// the dashboard, a donation recorded with its receipt, the books, a purchase that would overdraw
// the campaign's fund and then one that fits, and a reversal of a mistaken entry.

// Taro keeps earlier pages mounted (hidden): every locator is scoped to what is visible.
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const byTestId = (page: Page, id: string) => visible(page, `[data-testid="${id}"]`);
const fill = (target: Locator, text: string) => target.locator('input, textarea').first().fill(text);

describe('finance on H5 (机构工作台 → 看板, 台账, 登记捐赠, 登记采购)', () => {
  const s = browserSuite({ DEMO: '1' });

  async function logInAsFinance(page: Page) {
    await page.goto(`${s.server.url}#/pages/me/index`);
    await page.getByText('机构财务', { exact: true }).click();
    await page.getByTestId('profile-name').waitFor();
    await page.getByText('机构工作台', { exact: true }).click();
    await byTestId(page, 'entry-dashboard').waitFor();
  }

  /**
   * Picks the choice whose text contains `text` in Taro's H5 picker: the column dragged up by
   * whole rows (34 px each, Taro's LINE_HEIGHT), then 确定.
   */
  async function pick(page: Page, picker: Locator, text: string) {
    await picker.click();
    await page.waitForTimeout(500); // the picker slides up
    const column = visible(page, '.weui-picker__group').first();
    const index = await column
      .locator('.weui-picker__item')
      .evaluateAll((items, t) => items.findIndex((item) => item.textContent?.includes(t)), text);
    expect(index, `no row ${text} in the picker`).toBeGreaterThanOrEqual(0);
    const box = await column.boundingBox();
    if (!box) throw new Error('the picker column is not on screen');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, y - 17 * index, { steps: 4 });
    await page.mouse.move(x, y - 34 * index, { steps: 4 });
    await page.mouse.up();
    await page.waitForTimeout(300);
    await visible(page, '.weui-picker__action').getByText('确定').click();
    await page.waitForTimeout(400);
  }

  it('shows the dashboard: open wishes, claim rate, times against the promise, late claims, funds', async () => {
    const { page } = s;
    await logInAsFinance(page);
    await screenshot(page, 'ledger-01-workbench');
    await byTestId(page, 'entry-dashboard').click();
    await byTestId(page, 'dashboard').waitFor();
    const open = await byTestId(page, 'open-wishes').innerText();
    expect(open).toMatch(/紧急[\s\S]*较急[\s\S]*一般[\s\S]*常规/);
    await byTestId(page, 'fund-balances').getByText('非限定性资金').waitFor();
    await screenshot(page, 'ledger-02-dashboard');

    await byTestId(page, 'dashboard-period').getByText('全部', { exact: true }).click();
    await visible(page, '.ch-section-title').getByText('所有发布过的心愿', { exact: false }).waitFor();
    expect(await byTestId(page, 'timing').innerText()).toContain('紧急心愿承诺 48 小时内送到');
    await byTestId(page, 'timing').scrollIntoViewIfNeeded();
    await screenshot(page, 'ledger-03-dashboard-timing');

    // A claim past its deadline (the sweeper releases them within a minute, so the demo has none
    // for long): the real answer with one added, to see the row with its phone and link.
    await page.route('**/api/v1/staff/dashboard**', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { overdueClaims: unknown[]; generatedAt: string };
      body.overdueClaims = [
        {
          claimId: 'CLAIMAAAAAAAAAAA',
          wish: {
            id: 'WISHAAAAAAAAAAAA',
            title: '一辆轻便轮椅，想自己去村口看看',
            pseudonym: '小潘',
            urgency: 'red',
          },
          stage: 'claimed',
          shares: 1,
          claimedAt: new Date(Date.parse(body.generatedAt) - 53 * 3_600_000).toISOString(),
          deadlineAt: new Date(Date.parse(body.generatedAt) - 5 * 3_600_000).toISOString(),
          donor: { name: '爱心人士·周先生', phone: '13912345678' },
        },
      ];
      await route.fulfill({ response: res, json: body });
    });
    await byTestId(page, 'dashboard-period').getByText('本季度', { exact: true }).click();
    await byTestId(page, 'overdue-claim').waitFor();
    expect(await byTestId(page, 'overdue-claim').innerText()).toMatch(
      /已超期 5 小时[\s\S]*拨打电话 13912345678/,
    );
    await byTestId(page, 'overdue').scrollIntoViewIfNeeded();
    await screenshot(page, 'ledger-04-dashboard-overdue');
    await page.unrouteAll();
    expect(s.problems).toEqual([]);
  });

  it('records a donation, finds it in the books, overdraws a fund, buys within it and reverses', async () => {
    const { page } = s;
    await logInAsFinance(page);
    await byTestId(page, 'entry-ledger').click();
    await byTestId(page, 'ledger-list').waitFor();
    await screenshot(page, 'ledger-05-books');

    // 登记捐赠: nothing typed is marked and nothing is sent.
    await byTestId(page, 'go-donation').click();
    await byTestId(page, 'donation-form').waitFor();
    await byTestId(page, 'donation-submit').click();
    await byTestId(page, 'error-amountFen').waitFor();
    expect(await byTestId(page, 'error-donorName').innerText()).toContain('请填写捐赠人');
    await screenshot(page, 'ledger-06-donation-errors');

    await fill(byTestId(page, 'donation-amount'), '500');
    await fill(byTestId(page, 'donation-donor'), '王建国');
    expect(await byTestId(page, 'donation-preview').innerText()).toContain('王*');
    await byTestId(page, 'donation-display').getByText('实名', { exact: true }).click();
    expect(await byTestId(page, 'donation-preview').innerText()).toContain('王建国');
    await byTestId(page, 'donation-display').getByText('隐去名字', { exact: true }).click();
    await pick(page, byTestId(page, 'donation-fund'), '冬日暖心');
    expect(await byTestId(page, 'donation-fund').innerText()).toContain('冬日暖心');
    await fill(byTestId(page, 'donation-memo'), '转账附言：给孩子们买冬衣');
    await screenshot(page, 'ledger-07-donation-form');
    await byTestId(page, 'donation-submit').click();
    await byTestId(page, 'donation-done').waitFor();
    const receiptNo = await byTestId(page, 'donation-receipt').innerText();
    expect(receiptNo).toMatch(/\S+/);
    expect(await byTestId(page, 'donation-link').innerText()).toMatch(
      /\/#\/public\/receipt\/index\?id=[\w-]+$/,
    );
    await screenshot(page, 'ledger-08-donation-done');

    await page.getByText('查看台账', { exact: true }).click();
    const newest = byTestId(page, 'ledger-row').first();
    await newest.filter({ hasText: '王*' }).waitFor();
    expect(await newest.innerText()).toMatch(/资金捐赠[\s\S]*冬日暖心[\s\S]*王\*[\s\S]*\+¥500/);
    expect(await newest.innerText()).toContain(receiptNo);
    await screenshot(page, 'ledger-09-books-with-donation');

    // 登记采购 for the most urgent wish: far more than the fund holds is refused with what is left.
    await byTestId(page, 'go-purchase').click();
    await byTestId(page, 'purchase-form').waitFor();
    await byTestId(page, 'purchase-wish').click();
    await visible(page, '.weui-picker__action').getByText('确定').click();
    await page.waitForTimeout(400);
    await byTestId(page, 'purchase-wish-info').waitFor();
    await pick(page, byTestId(page, 'purchase-fund'), '冬日暖心');
    await fill(byTestId(page, 'purchase-amount'), '99999');
    await byTestId(page, 'purchase-submit').click();
    const overdrawn = await byTestId(page, 'error-amountFen').innerText();
    expect(overdrawn).toMatch(/^这笔资金只剩 ¥[\d,.]+，不够支出 ¥99,999。请核对金额，或换一笔资金。$/);
    await screenshot(page, 'ledger-10-purchase-overdrawn');

    await fill(byTestId(page, 'purchase-amount'), '50');
    await byTestId(page, 'purchase-submit').click();
    await byTestId(page, 'ledger-list').waitFor();
    const purchase = byTestId(page, 'ledger-row').first();
    await purchase.filter({ hasText: '为心愿采购' }).waitFor();
    expect(await purchase.innerText()).toContain('-¥50');

    // The purchase was typed wrong: 冲正 asks for a reason, then confirms.
    await purchase.click();
    await byTestId(page, 'ledger-sheet').waitFor();
    expect(await byTestId(page, 'ledger-postings').innerText()).toMatch(/项目支出[\s\S]*银行存款/);
    await screenshot(page, 'ledger-11-entry-sheet');
    await byTestId(page, 'ledger-reverse').click();
    await byTestId(page, 'ledger-submit').click();
    expect(await byTestId(page, 'error-reason').innerText()).toBe('请写明冲正原因');
    await fill(byTestId(page, 'ledger-reason'), '采购金额录错了，应为 45 元');
    await screenshot(page, 'ledger-12-reverse-form');
    await byTestId(page, 'ledger-submit').click();
    await visible(page, '.taro-modal__foot').getByText('确认', { exact: true }).click();
    await byTestId(page, 'ledger-row').first().filter({ hasText: '冲正' }).waitFor();
    await byTestId(page, 'ledger-row').nth(1).filter({ hasText: '已冲正' }).waitFor();
    await page.waitForTimeout(1600); // the toast fades
    await screenshot(page, 'ledger-13-after-reversal');
    // The one refused purchase: Chromium logs every 4xx answer as an error.
    expect(s.problems).toEqual([
      'console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
    ]);
  });

  it('makes a draft 公示 for this month, publishes it after asking, and shares its link and QR code', async () => {
    const { page } = s;
    await logInAsFinance(page);
    await byTestId(page, 'entry-reports').click();
    await byTestId(page, 'report-create').waitFor();
    await byTestId(page, 'report-period').getByText('本月', { exact: true }).click();
    await byTestId(page, 'report-submit').click();
    const draft = byTestId(page, 'report-card').first();
    await draft.filter({ hasText: '草稿' }).waitFor();
    expect(await draft.innerText()).toMatch(/月度公示[\s\S]*捐款净额/);
    await page.waitForTimeout(1600); // the toast fades
    await screenshot(page, 'ledger-14-report-draft');

    await byTestId(page, 'report-publish').first().click();
    await visible(page, '.taro-modal__foot').getByText('确认发布', { exact: true }).click();
    const published = byTestId(page, 'report-card').first();
    await published.filter({ hasText: '已发布' }).waitFor();
    expect(await byTestId(page, 'report-link').first().innerText()).toMatch(
      /\/#\/public\/report\/index\?id=[\w-]+$/,
    );
    await byTestId(page, 'report-qr-toggle').first().click();
    await byTestId(page, 'report-qr').waitFor();
    await page.waitForTimeout(1600); // the toast fades
    await screenshot(page, 'ledger-15-report-published');
    const csv = await page.request.get(
      `${s.server.url}api/v1/reports/${(await byTestId(page, 'report-link').first().innerText()).split('id=')[1]}/export.csv`,
    );
    expect(csv.status()).toBe(200);
    expect(s.problems).toEqual([]);
  });
});

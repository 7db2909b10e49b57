import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot } from '../support/browser';

// Journeys 2 and 3 of PRODUCT.md, one after the other in one browser, as the three people would:
// the village child director files a child with the guardian's consent and writes a wish (and is
// warned about a phone number), the town supervisor approves it, a donor finds it by urgency.
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const byTestId = (page: Page, id: string) => visible(page, `[data-testid="${id}"]`);
const field = (page: Page, name: string) => visible(page, `[data-field="${name}"]`);
const fill = (target: Locator, text: string) => target.locator('input, textarea').first().fill(text);

describe('a wish from file to feed', () => {
  const s = browserSuite({ DEMO: '1' });

  async function logInAs(page: Page, persona: string) {
    await page.goto(`${s.server.url}#/pages/me/index`);
    const signOut = visible(page, '.profile__logout');
    const choice = page.getByText(persona, { exact: true });
    await signOut.or(choice).first().waitFor();
    if (await signOut.count()) await signOut.click();
    await choice.click();
    await page.getByTestId('profile-name').waitFor();
  }

  it('caseworker files and writes → reviewer approves → donor finds it by urgency', async () => {
    const page = s.page;
    const title = '一双防滑雪地靴';

    // 1. The caseworker: a new file with consent.
    await logInAs(page, '儿童主任（村）');
    await page.getByText('社工 / 儿童主任工作台').click();
    await byTestId(page, 'home-new-file').click();
    await fill(field(page, 'pseudonym'), '小冰');
    await byTestId(page, 'picker-birthYear').click();
    await visible(page, '.weui-picker__action').getByText('确定').click();
    await field(page, 'gender').getByText('男', { exact: true }).click();
    await field(page, 'category').getByText('留守', { exact: true }).click();
    await field(page, 'urgency').getByText('紧急', { exact: true }).click();
    await fill(field(page, 'restricted.realName'), '林志强');
    const guardian = field(page, 'restricted.guardianName').locator('input');
    await guardian.nth(0).fill('林桂芳');
    await guardian.nth(1).fill('奶奶');
    await byTestId(page, 'consent-toggle').click();
    await field(page, 'consent.guardianName').waitFor();
    await screenshot(page, 'journey-01-file-with-consent');
    await byTestId(page, 'save-file').click();
    await byTestId(page, 'consent-card').getByText('已登记同意').waitFor();

    // 2. The wish: a phone number in the description is caught while typing, then removed.
    await byTestId(page, 'new-wish').click();
    await byTestId(page, 'input-title').waitFor();
    await fill(byTestId(page, 'input-title'), title);
    await fill(byTestId(page, 'input-description'), '冬天上学路滑，联系奶奶 139 1234 5678');
    await fill(byTestId(page, 'input-value'), '168');
    await byTestId(page, 'privacy-description').waitFor();
    expect(await byTestId(page, 'submit-wish').getAttribute('aria-disabled')).toBe('true');
    await byTestId(page, 'privacy-description').scrollIntoViewIfNeeded();
    await screenshot(page, 'journey-02-wish-phone-warning');
    await fill(byTestId(page, 'input-description'), '冬天上学要走山路，路滑，想要一双防滑的雪地靴。');
    await expect.poll(() => byTestId(page, 'privacy-description').count()).toBe(0);
    await byTestId(page, 'submit-wish').click();
    const mine = byTestId(page, 'wish-row').filter({ hasText: title });
    await mine.waitFor();
    expect(await mine.innerText()).toContain('待审核');
    await screenshot(page, 'journey-03-submitted');

    // 3. The reviewer approves it.
    await logInAs(page, '儿童督导员（镇）');
    await page.getByText('机构工作台', { exact: true }).click();
    await page.getByText('心愿审核', { exact: true }).click();
    const row = byTestId(page, 'queue-row').filter({ hasText: title });
    await row.waitFor();
    // Urgent wishes are on top of the queue.
    expect(await byTestId(page, 'queue-row').first().innerText()).toContain(title);
    await screenshot(page, 'journey-04-queue');
    await row.click();
    await byTestId(page, 'wish-preview').waitFor();
    await byTestId(page, 'approve').click();
    await page.getByText('确认发布', { exact: true }).click();
    await page.getByText('没有待审核的心愿').or(byTestId(page, 'queue-row').first()).waitFor();
    expect(await byTestId(page, 'queue-row').filter({ hasText: title }).count()).toBe(0);

    // 4. A donor (not logged in) filters the feed to 紧急 and finds it.
    await logInAs(page, '爱心人士');
    await page.goto(s.server.url);
    await visible(page, '[data-testid="wish-card"]').first().waitFor();
    await page.getByTestId('filter-button').click();
    const sheet = page.getByTestId('filter-sheet');
    await sheet.getByText('紧急', { exact: true }).click();
    const filtered = page.waitForResponse((r) => r.url().includes('urgency=red'));
    await sheet.getByText('确定').click();
    await filtered;
    const card = visible(page, '[data-testid="wish-card"]').filter({ hasText: title });
    await page.mouse.move(195, 420);
    for (let i = 0; i < 30 && !(await card.isVisible()); i++) {
      await page.mouse.wheel(0, 700);
      await page.waitForTimeout(150);
    }
    await card.scrollIntoViewIfNeeded();
    expect(await card.innerText()).toContain('紧急');
    expect(await card.innerText()).toContain('小冰');
    // The real name and the guardian never reach the donor's screen.
    const shown = await page.locator('body').innerText();
    expect(shown).not.toContain('林志强');
    expect(shown).not.toContain('林桂芳');
    await screenshot(page, 'journey-05-donor-finds-it');

    await card.click();
    await page.getByTestId('wish-title').waitFor();
    expect(await page.getByTestId('wish-title').innerText()).toBe(title);
    await screenshot(page, 'journey-06-detail');
    expect(s.problems).toEqual([]);
  });
});

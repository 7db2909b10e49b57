import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot } from '../support/browser';

// Journey 1 of PRODUCT.md on a phone, as the two people would do it: a donor claims a wish,
// buys and sends the gift; the village child director receives it, hands it over with a photo
// and writes the child's thank-you; the donor sees the photo and the note and confirms.

// Taro keeps earlier pages mounted (hidden): every locator is scoped to what is visible.
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const byTestId = (page: Page, id: string) => visible(page, `[data-testid="${id}"]`);
const fill = (target: Locator, text: string) => target.locator('input, textarea').first().fill(text);

interface StaffWishItem {
  id: string;
  title: string;
  shares: number;
  beneficiary: { urgency: string };
}

async function apiToken(request: APIRequestContext, base: string, persona: string): Promise<string> {
  const login = await request.post(`${base}api/v1/auth/demo`, { data: { persona } });
  return ((await login.json()) as { token: string }).token;
}

/** Published single-donor wishes the demo child director looks after (she receives their gifts). */
async function caseworkerWishes(request: APIRequestContext, base: string): Promise<StaffWishItem[]> {
  const token = await apiToken(request, base, 'caseworker');
  const res = await request.get(`${base}api/v1/staff/wishes?status=published&limit=50`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { items } = (await res.json()) as { items: StaffWishItem[] };
  return items.filter((w) => w.shares === 1);
}

/** A real JPEG, as a phone camera would give one. */
function photoJpeg(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="#f6d7b0"/>
    <rect x="180" y="140" width="280" height="220" rx="16" fill="#b5651d"/>
    <rect x="300" y="140" width="40" height="220" fill="#fff" opacity="0.7"/>
    <circle cx="540" cy="90" r="50" fill="#fcc419"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

async function choosePhoto(page: Page, testId: string, buffer: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await byTestId(page, `${testId}-add`).click();
  const sheet = page.getByText('从相册选择', { exact: true });
  const first = await Promise.race([
    chooser.then(() => 'chooser' as const),
    sheet.waitFor().then(() => 'sheet' as const),
  ]);
  if (first === 'sheet') await sheet.click();
  await (await chooser).setFiles({ name: 'handover.jpg', mimeType: 'image/jpeg', buffer });
}

/** Waits for toasts to fade, so screenshots show the page. */
const settle = (page: Page) => page.waitForTimeout(1600);

describe('journey 1: a donor claims a wish and follows it to the thank-you', () => {
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

  it('claim → purchased → shipped → received → handed over with a photo → thanked → confirmed', async () => {
    const page = s.page;
    const mine = await caseworkerWishes(page.request, s.server.url);
    const wish = mine.find((w) => w.beneficiary.urgency === 'red') ?? mine[0];
    if (!wish) throw new Error('the demo child director has no published single-donor wish');

    // 1. The donor opens the wish from a shared link, not logged in: 确认认领 asks to log in first.
    await page.goto(`${s.server.url}#/pages/wish/index?id=${wish.id}`);
    await page.getByTestId('wish-title').waitFor();
    await screenshot(page, 'claim-00-wish');
    await page.getByTestId('claim-button').click();
    await byTestId(page, 'claim-login').waitFor();
    await screenshot(page, 'claim-01-login-first');
    await byTestId(page, 'claim-login').getByText('爱心人士', { exact: true }).click();

    // 2. Logged in, the same page: the deadline and what comes next.
    const deadline = byTestId(page, 'claim-deadline');
    await deadline.waitFor();
    const within = wish.beneficiary.urgency === 'red' ? '48 小时内' : '天内';
    expect(await deadline.innerText()).toMatch(
      new RegExp(`^请在 \\d+月\\d+日 \\d\\d:\\d\\d 前（.*${within}）把礼物寄到或送到转交点$`),
    );
    expect(await byTestId(page, 'claim-steps').innerText()).toContain('社工签收并转交给孩子');
    await screenshot(page, 'claim-02-confirm');

    const claimed = page.waitForResponse(
      (r) => r.url().includes(`/wishes/${wish.id}/claims`) && r.request().method() === 'POST',
    );
    await byTestId(page, 'claim-confirm').click();
    const answer = await claimed;
    expect(answer.status()).toBe(201);
    expect(answer.request().headers()['idempotency-key']).toMatch(/^[A-Za-z0-9]{24}$/);

    // 3. The claim page: a countdown, where to send the gift, the first step of the timeline.
    await byTestId(page, 'claim-page').waitFor();
    await page.waitForURL(/#\/donor\/claim\/index\?id=/);
    await byTestId(page, 'claimed-banner').waitFor();
    expect(await byTestId(page, 'claim-title').innerText()).toBe(wish.title);
    expect(await byTestId(page, 'claim-countdown').innerText()).toMatch(/剩 \d+ 天 \d+ 小时/);
    expect(await byTestId(page, 'claim-stage').innerText()).toBe('已认领');
    const site = byTestId(page, 'handover-site');
    expect(await site.innerText()).toContain('转交点');
    const steps = byTestId(page, 'timeline-step');
    expect(await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual([
      'claimed',
    ]);
    await screenshot(page, 'claim-03-claimed');

    // 4. 已购买, with a note.
    await byTestId(page, 'action-purchase').click();
    await fill(byTestId(page, 'purchase-note'), '买好了，周末寄出');
    await byTestId(page, 'purchase-sheet-submit').click();
    await expect.poll(() => byTestId(page, 'claim-stage').innerText()).toBe('已购买');
    await settle(page);

    // 5. 寄出 by post: empty fields are pointed out before anything is sent.
    await byTestId(page, 'action-ship').click();
    await byTestId(page, 'ship-sheet').waitFor();
    await byTestId(page, 'ship-sheet-submit').click();
    expect(await byTestId(page, 'error-carrier').innerText()).toBe('请填写快递公司');
    expect(await byTestId(page, 'error-trackingNumber').innerText()).toBe('请填写快递单号');
    await screenshot(page, 'claim-05-ship-errors');
    await byTestId(page, 'ship-sheet').getByText('顺丰', { exact: true }).click();
    await fill(byTestId(page, 'ship-tracking'), 'SF1234567890');
    await screenshot(page, 'claim-06-ship-form');
    await byTestId(page, 'ship-sheet-submit').click();
    await expect.poll(() => byTestId(page, 'claim-stage').innerText()).toBe('已寄出');
    expect(await byTestId(page, 'claim-countdown').count()).toBe(0);
    expect(await byTestId(page, 'stage-hint').innerText()).toContain('等转交点签收');
    expect(await steps.first().innerText()).toContain('快递寄出 · 顺丰 · 单号 SF1234567890');
    await settle(page);
    await screenshot(page, 'claim-07-shipped');

    // 6. 我的: 我的认领 lists it; 消息 has the confirmation.
    await page.goto(`${s.server.url}#/pages/me/index`);
    await byTestId(page, 'my-claims-entry').click();
    const row = byTestId(page, 'claim-row').filter({ hasText: wish.title });
    await row.waitFor();
    expect(await row.innerText()).toContain('已寄出');
    await screenshot(page, 'claim-08-my-claims');

    // 7. The child director receives it, hands it over with a photo, writes the thank-you.
    await logInAs(page, '儿童主任（村）');
    await page.getByText('社工 / 儿童主任工作台').click();
    await byTestId(page, 'home-gifts').click();
    const incoming = byTestId(page, 'claim-row').filter({ hasText: wish.title });
    await incoming.waitFor();
    await incoming.click();
    const card = byTestId(page, 'claim-card');
    await card.waitFor();
    await card.getByText('完好', { exact: true }).click();
    await byTestId(page, 'receive-submit').click();
    await byTestId(page, 'handover-form').waitFor();
    await choosePhoto(page, 'handover-photos', await photoJpeg());
    await expect
      .poll(() => byTestId(page, 'handover-photos-photo').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('done');
    await fill(byTestId(page, 'input-handover-note'), '今天在儿童之家交给了孩子，孩子很开心。');
    await byTestId(page, 'handover-submit').click();
    await byTestId(page, 'thank-you-form').waitFor();
    const thanks = '谢谢阿姨送我的礼物，我会好好珍惜，也会好好学习的！';
    await fill(byTestId(page, 'input-thank-you'), thanks);
    await expect.poll(() => byTestId(page, 'privacy-thank-you').count()).toBe(0);
    await byTestId(page, 'thank-you-submit').click();
    await expect.poll(() => byTestId(page, 'thank-you-form').count()).toBe(0);

    // 8. The donor: an unread badge, the message, the claim with the photo and the thank-you.
    await logInAs(page, '爱心人士');
    const badge = byTestId(page, 'unread-badge');
    await badge.waitFor();
    expect(Number(await badge.innerText())).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'claim-09-me-badge');
    await byTestId(page, 'inbox-entry').click();
    const messages = byTestId(page, 'message');
    await messages.first().waitFor();
    const titles = await messages.locator('.dn-message__title').allInnerTexts();
    for (const t of ['认领成功', '礼物已签收', '礼物已经交到孩子手中', '收到一封感谢信'])
      expect(titles).toContain(t);
    await screenshot(page, 'claim-10-inbox');
    await messages.filter({ hasText: '收到一封感谢信' }).click();

    await byTestId(page, 'claim-page').waitFor();
    await expect.poll(() => byTestId(page, 'claim-stage').innerText()).toBe('已收到感谢');
    const kinds = await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(['thanked', 'handed_over', 'received', 'shipped', 'purchased', 'claimed']);
    expect(await byTestId(page, 'thank-you-text').innerText()).toBe(thanks);
    expect(await steps.nth(1).innerText()).toContain('今天在儿童之家交给了孩子');
    const photo = byTestId(page, 'timeline-photo').locator('img').first();
    await expect.poll(() => photo.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await screenshot(page, 'claim-11-thanked');

    // 9. 确认完成.
    await byTestId(page, 'action-confirm').scrollIntoViewIfNeeded();
    await byTestId(page, 'action-confirm').click();
    await page.getByText('确认孩子已经收到礼物，这次认领就完成了。').waitFor();
    await visible(page, '.taro-modal__foot').getByText('确认完成', { exact: true }).click();
    await expect.poll(() => byTestId(page, 'claim-stage').innerText()).toBe('已完成');
    expect(await byTestId(page, 'action-confirm').count()).toBe(0);
    await settle(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'claim-13-confirmed');

    // The inbox's message was read by opening it.
    await page.goBack();
    await expect
      .poll(() => messages.filter({ hasText: '收到一封感谢信' }).first().getAttribute('data-read'))
      .toBe('true');
    expect(s.problems).toEqual([]);
  });

  it('a shared wish: the share stepper, 你已经认领 explained, withdrawing puts the share back', async () => {
    const page = s.page;
    const feed = await page.request.get(`${s.server.url}api/v1/wishes?limit=50`);
    const { items } = (await feed.json()) as {
      items: { id: string; title: string; shares: number; sharesLeft: number }[];
    };
    const wish = items.find((w) => w.shares > 1 && w.sharesLeft >= 2);
    if (!wish) throw new Error('no published shared wish with two shares left');
    await logInAs(page, '爱心人士');

    await page.goto(`${s.server.url}#/pages/wish/index?id=${wish.id}`);
    await page.getByTestId('claim-button').click();
    await byTestId(page, 'claim-deadline').waitFor();
    // The stepper stops at the shares left.
    const value = byTestId(page, 'shares-value');
    expect(await value.innerText()).toBe('1');
    for (let i = 1; i < wish.sharesLeft; i++) await byTestId(page, 'shares-plus').click();
    await byTestId(page, 'shares-plus').click({ force: true }); // off at the end: nothing happens
    expect(await value.innerText()).toBe(String(wish.sharesLeft));
    expect(await byTestId(page, 'shares-plus').getAttribute('aria-disabled')).toBe('true');
    await byTestId(page, 'shares-minus').click();
    expect(await byTestId(page, 'claim-confirm').innerText()).toBe(`确认认领 ${wish.sharesLeft - 1} 份`);
    await screenshot(page, 'claim-20-shares');

    // Meanwhile the same donor claims one share on another phone (through the API).
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('xinyuan.session') ?? '{}').data);
    const res = await page.request.post(`${s.server.url}api/v1/wishes/${wish.id}/claims`, {
      headers: { authorization: `Bearer ${token as string}`, 'idempotency-key': `e2e-${randomUUID()}` },
      data: { shares: 1 },
    });
    expect(res.status()).toBe(201);
    await byTestId(page, 'claim-confirm').click();
    const error = byTestId(page, 'claim-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('你已经认领了这个心愿');
    // The wish was refreshed (one share fewer left); claiming again would only be refused again.
    await expect.poll(() => byTestId(page, 'shares-value').innerText()).toBe(String(wish.sharesLeft - 1));
    expect(await byTestId(page, 'claim-confirm').count()).toBe(0);
    expect(await byTestId(page, 'claim-mine').innerText()).toBe('查看我的认领');
    await screenshot(page, 'claim-21-already-yours');
    await error.getByText('查看我的认领 ›').click();

    const row = byTestId(page, 'claim-row').filter({ hasText: wish.title });
    await row.waitFor();
    await row.click();
    await byTestId(page, 'claim-page').waitFor();
    expect(await byTestId(page, 'timeline-step').first().innerText()).toContain('认领 1 份');
    await byTestId(page, 'action-withdraw').click();
    const sheet = byTestId(page, 'withdraw-sheet');
    expect(await sheet.innerText()).toContain('退出后心愿会回到心愿池');
    await fill(byTestId(page, 'withdraw-reason'), '临时出差，来不及寄出');
    await screenshot(page, 'claim-22-withdraw');
    await byTestId(page, 'withdraw-sheet-submit').click();
    await expect.poll(() => byTestId(page, 'claim-stage').innerText()).toBe('已退出认领');
    expect(await byTestId(page, 'claim-actions').count()).toBe(0);
    expect(await byTestId(page, 'timeline-step').first().innerText()).toContain('临时出差，来不及寄出');
    await settle(page);
    await screenshot(page, 'claim-23-withdrawn');

    // The share is back in the pool; the claim is under 已结束.
    const again = (await (await page.request.get(`${s.server.url}api/v1/wishes/${wish.id}`)).json()) as {
      sharesLeft: number;
    };
    expect(again.sharesLeft).toBe(wish.sharesLeft);
    await page.goBack();
    await visible(page, '[role="tab"]').getByText('已结束').click();
    await byTestId(page, 'claim-row').filter({ hasText: wish.title }).waitFor();
    await screenshot(page, 'claim-24-ended');
    // The one refusal on purpose (409, 你已经认领) is the only thing the browser complained about.
    expect(s.problems.filter((p) => !p.includes('status of 409'))).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot } from '../support/browser';

// Taro keeps earlier pages mounted (hidden): every locator is scoped to what is visible.
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);
const byTestId = (page: Page, id: string) => visible(page, `[data-testid="${id}"]`);
const fill = (target: Locator, text: string) => target.locator('input, textarea').first().fill(text);
const isDisabled = async (button: Locator) => (await button.getAttribute('aria-disabled')) === 'true';

interface Api {
  get: (path: string) => Promise<unknown>;
  post: (path: string, data?: unknown, headers?: Record<string, string>) => Promise<unknown>;
}

/** Calls the API as a demo persona (what the donor does meanwhile). */
async function apiAs(request: APIRequestContext, base: string, persona: string): Promise<Api> {
  const login = await request.post(`${base}api/v1/auth/demo`, { data: { persona } });
  const { token } = (await login.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  const check = async (res: Awaited<ReturnType<APIRequestContext['get']>>) => {
    const body = (await res.json()) as unknown;
    if (res.status() >= 400) throw new Error(`${res.url()} → ${res.status()} ${JSON.stringify(body)}`);
    return body;
  };
  return {
    get: async (path) => check(await request.get(`${base}api/v1${path}`, { headers: auth })),
    post: async (path, data, headers = {}) =>
      check(
        await request.post(`${base}api/v1${path}`, {
          headers: { ...auth, ...headers },
          ...(data !== undefined && { data }),
        }),
      ),
  };
}

interface StaffWishItem {
  id: string;
  title: string;
  shares: number;
  quantity: number;
}

/**
 * A published single-donor wish of the demo caseworker's village, claimed by the demo donor
 * (with an Idempotency-Key) and sent by post, as the donor would do it on their phone.
 */
async function shippedWish(request: APIRequestContext, base: string, skip: string[] = []) {
  const caseworker = await apiAs(request, base, 'caseworker');
  const page = (await caseworker.get('/staff/wishes?status=published&limit=50')) as {
    items: StaffWishItem[];
  };
  const wish = page.items.find((w) => w.shares === 1 && !skip.includes(w.id));
  if (!wish) throw new Error('the demo caseworker has no published single-donor wish left');
  const donor = await apiAs(request, base, 'donor');
  const claim = (await donor.post(
    `/wishes/${wish.id}/claims`,
    { shares: 1 },
    { 'idempotency-key': `e2e-${randomUUID()}` },
  )) as { id: string };
  await donor.post(`/claims/${claim.id}/ship`, {
    mode: 'post',
    carrier: '顺丰速运',
    trackingNumber: 'SF1234567890',
  });
  return { wish, claimId: claim.id };
}

/** Taro's H5 toast (已签收, 已确认转交 …) shows for 1.5 s over the page. */
const toastGone = (page: Page) => page.waitForTimeout(1600);

/** A real JPEG, as a phone camera would give one (small: a 640×480 picture of a parcel). */
function photoJpeg(hue: 'warm' | 'cool'): Promise<Buffer> {
  const [bg, box] = hue === 'warm' ? ['#f6d7b0', '#b5651d'] : ['#cfe3f5', '#1c7ed6'];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="${bg}"/>
    <rect x="180" y="140" width="280" height="220" rx="16" fill="${box}"/>
    <rect x="300" y="140" width="40" height="220" fill="#fff" opacity="0.7"/>
    <circle cx="540" cy="90" r="50" fill="#fcc419"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/** Chooses a photo in the picker `testId`: the browser's file chooser (or Taro's 拍摄/相册 sheet first on a phone UA). */
async function choosePhoto(page: Page, testId: string, name: string, buffer: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await byTestId(page, `${testId}-add`).click();
  const sheet = page.getByText('从相册选择', { exact: true });
  const first = await Promise.race([
    chooser.then(() => 'chooser' as const),
    sheet.waitFor().then(() => 'sheet' as const),
  ]);
  if (first === 'sheet') await sheet.click();
  await (await chooser).setFiles({ name, mimeType: 'image/jpeg', buffer });
}

describe('caseworker fulfilment on H5', () => {
  const s = browserSuite({ DEMO: '1' });

  /**
   * Taro's H5 uploadFile reads the chosen photo back from its blob: URL with an XHR, which the
   * page's CSP must allow (`connect-src blob:`); refused, the upload never starts.
   */
  const cspRefusals = () => s.problems.filter((p) => p.includes('Content Security Policy'));
  const uploadFinished = (tile: Locator) =>
    expect
      .poll(
        async () =>
          cspRefusals().length > 0 ||
          ['done', 'failed'].includes((await tile.getAttribute('data-status')) ?? ''),
        { timeout: 15_000 },
      )
      .toBe(true);

  const openWorkbench = async () => {
    await s.page.goto(`${s.server.url}#/pages/me/index`);
    await s.page.getByText('儿童主任（村）', { exact: true }).click();
    await s.page.getByTestId('profile-name').waitFor();
    await s.page.getByText('社工 / 儿童主任工作台').click();
    await byTestId(s.page, 'home-gifts').waitFor();
  };

  it('receives a shipped gift, hands it over with a photo, and writes the thank-you', async () => {
    const page = s.page;
    const { wish } = await shippedWish(page.request, s.server.url);

    await openWorkbench();
    const entry = byTestId(page, 'home-gifts');
    await expect.poll(() => entry.innerText()).toMatch(/\d+ 件已寄出待签收/);
    await screenshot(page, 'fulfilment-01-home');

    await entry.click();
    const row = byTestId(page, 'claim-row').filter({ hasText: wish.title });
    await row.waitFor();
    expect(await row.innerText()).toContain('顺丰速运 SF1234567890');
    expect(await row.innerText()).toContain('陈女士');
    await screenshot(page, 'fulfilment-02-incoming');

    await row.click();
    const card = byTestId(page, 'claim-card');
    await card.waitFor();
    expect(await byTestId(page, 'next-step').innerText()).toContain('在下面签收');
    await screenshot(page, 'fulfilment-03-wish');

    // A problem needs a note; 完好 does not.
    await card.getByText('有损坏', { exact: true }).click();
    await byTestId(page, 'receive-submit').click();
    await byTestId(page, 'error-note').waitFor();
    await byTestId(page, 'receive-form').scrollIntoViewIfNeeded();
    await screenshot(page, 'fulfilment-04-receive-problem');
    await card.getByText('完好', { exact: true }).click();
    await expect.poll(() => byTestId(page, 'input-note').count()).toBe(0);
    await byTestId(page, 'receive-submit').click();

    // All gifts received: the hand-over form, its button off until a photo is uploaded.
    const handover = byTestId(page, 'handover-form');
    await handover.waitFor();
    expect(await isDisabled(byTestId(page, 'handover-submit'))).toBe(true);
    expect(await byTestId(page, 'handover-why').innerText()).toBe('请先上传至少 1 张转交照片');
    await choosePhoto(page, 'handover-photos', 'handover.jpg', await photoJpeg('warm'));
    const tile = byTestId(page, 'handover-photos-photo');
    await uploadFinished(tile);
    expect(cspRefusals()).toEqual([]);
    expect(await tile.getAttribute('data-status')).toBe('done');
    await fill(byTestId(page, 'input-handover-note'), '今天在儿童之家交给了孩子，孩子很开心。');
    expect(await isDisabled(byTestId(page, 'handover-submit'))).toBe(false);
    await toastGone(page);
    await handover.scrollIntoViewIfNeeded();
    await screenshot(page, 'fulfilment-05-handover');
    await byTestId(page, 'handover-submit').click();

    // Handed over: the thank-you, with a photo of a drawing.
    const thanks = byTestId(page, 'thank-you-form');
    await thanks.waitFor();
    await fill(byTestId(page, 'input-thank-you'), '谢谢阿姨！有事打奶奶电话13812345678');
    await byTestId(page, 'privacy-thank-you').waitFor();
    expect(await isDisabled(byTestId(page, 'thank-you-submit'))).toBe(true);
    await fill(
      byTestId(page, 'input-thank-you'),
      '谢谢阿姨送我的新书包，我每天都背着它上学，我会好好学习的！',
    );
    await expect.poll(() => byTestId(page, 'privacy-thank-you').count()).toBe(0);
    await choosePhoto(page, 'thank-you-photo', 'drawing.jpg', await photoJpeg('cool'));
    await uploadFinished(byTestId(page, 'thank-you-photo-photo'));
    expect(await byTestId(page, 'thank-you-photo-photo').getAttribute('data-status')).toBe('done');
    await toastGone(page);
    await thanks.scrollIntoViewIfNeeded();
    await screenshot(page, 'fulfilment-06-thank-you');
    await byTestId(page, 'thank-you-submit').click();

    await expect.poll(() => byTestId(page, 'thank-you-form').count()).toBe(0);
    const timeline = byTestId(page, 'timeline');
    await timeline.locator('[data-kind="thanked"]').waitFor();
    const kinds = await timeline
      .locator('[data-testid="timeline-item"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds.slice(0, 2)).toEqual(['thanked', 'handed_over']);
    expect(kinds).toContain('received');
    expect(kinds).toContain('shipped');
    // The hand-over photo comes back as a signed link the page can show.
    const img = timeline.locator('[data-kind="handed_over"] img').first();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await toastGone(page);
    await timeline.scrollIntoViewIfNeeded();
    await screenshot(page, 'fulfilment-07-timeline');

    await page.goBack();
    await visible(page, '[role="tab"]').getByText('已完成').click();
    await byTestId(page, 'claim-row').filter({ hasText: wish.title }).waitFor();
    await screenshot(page, 'fulfilment-08-done');
    expect(s.problems).toEqual([]);
  });

  it('a damaged gift goes back to the donor with the note; a failed upload is retried', async () => {
    const page = s.page;
    const { wish } = await shippedWish(page.request, s.server.url);
    await openWorkbench();
    await byTestId(page, 'home-gifts').click();
    await byTestId(page, 'claim-row').filter({ hasText: wish.title }).click();
    const card = byTestId(page, 'claim-card');
    await card.getByText('数量不够', { exact: true }).click();
    await fill(byTestId(page, 'input-note'), '只收到一本，少了一本。');
    await byTestId(page, 'receive-submit').click();
    await card.getByText('签收有问题').waitFor();
    expect(await byTestId(page, 'next-step').innerText()).toContain('等对方重新寄出');
    await expect.poll(() => byTestId(page, 'handover-form').count()).toBe(0);
    await toastGone(page);
    await screenshot(page, 'fulfilment-09-problem');

    await page.goBack();
    await visible(page, '[role="tab"]').getByText('有问题').click();
    await byTestId(page, 'claim-row').filter({ hasText: wish.title }).waitFor();
    await screenshot(page, 'fulfilment-10-problem-tab');

    // A second gift, received; its photo upload fails once (the network drops), then is retried.
    const second = await shippedWish(page.request, s.server.url, [wish.id]);
    await page.goto(`${s.server.url}#/caseworker/fulfilment/index?id=${second.wish.id}`);
    await byTestId(page, 'claim-card').getByText('完好', { exact: true }).click();
    await byTestId(page, 'receive-submit').click();
    await byTestId(page, 'handover-form').waitFor();
    await page.route('**/api/v1/media', (route) => route.abort('internetdisconnected'));
    await choosePhoto(page, 'handover-photos', 'handover.jpg', await photoJpeg('warm'));
    const tile = byTestId(page, 'handover-photos-photo');
    await uploadFinished(tile);
    expect(cspRefusals()).toEqual([]);
    expect(await tile.getAttribute('data-status')).toBe('failed');
    expect(await byTestId(page, 'handover-photos-error').innerText()).toBe(
      '网络不太好，照片没有传上去，请重试',
    );
    expect(await isDisabled(byTestId(page, 'handover-submit'))).toBe(true);
    await toastGone(page);
    await byTestId(page, 'handover-form').scrollIntoViewIfNeeded();
    await screenshot(page, 'fulfilment-11-upload-failed');
    await page.unroute('**/api/v1/media');
    await tile.click();
    await uploadFinished(tile);
    expect(await tile.getAttribute('data-status')).toBe('done');
    expect(await isDisabled(byTestId(page, 'handover-submit'))).toBe(false);
    // The browser logs the refused receipt-less request and the dropped upload itself.
    expect(s.problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });
});

import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Claim } from '../../shared/schemas/claims';
import type { PublicWishDetail } from '../../shared/schemas/wishes';
import { ApiError } from '../../client/api/http';
import { ClaimConfirm } from '../../client/donor/components/ClaimConfirm';
import { deadlineSentence } from '../../client/donor/lib/claim-terms';
import type * as ClaimsApi from '../../client/api/claims';
import { newIdempotencyKey } from '../../client/api/claims';

const api = vi.hoisted(() => ({
  claimWish: vi.fn(),
  getAuthOptions: vi.fn(),
  subscriptionTemplates: vi.fn(),
}));
const session = vi.hoisted(() => ({ state: { status: 'signedIn' } as { status: string; me?: unknown } }));

vi.mock('../../client/api/claims', async (original) => ({
  ...(await original<typeof ClaimsApi>()),
  claimWish: api.claimWish,
}));
vi.mock('../../client/api/auth', () => ({ getAuthOptions: api.getAuthOptions }));
vi.mock('../../client/api/notifications', () => ({ subscriptionTemplates: api.subscriptionTemplates }));
vi.mock('../../client/session/session-store', () => ({
  useSession: () => session.state,
  loadSession: vi.fn(() => Promise.resolve()),
  signedIn: vi.fn(),
}));

// 20:00 in China.
const NOW = Date.parse('2026-11-23T12:00:00Z');

// `as`: the fixture also fits the schema while `progress` is being added to it.
const wish = {
  id: 'AAAAAAAAAAAAAAAA',
  title: '一辆轻便轮椅',
  kind: 'item',
  pseudonym: '小潘',
  age: { min: 13, max: 13 },
  gender: 'male',
  category: 'disability',
  urgency: 'red',
  estimatedValueFen: 98000,
  shares: 1,
  sharesLeft: 1,
  town: '南岭镇',
  campaign: null,
  status: 'published',
  publishedAt: '2026-11-20T12:00:00.000Z',
  description: '上下学要走很远的路。',
  quantity: 1,
  story: null,
  handover: { organization: '云溪县民政局儿童福利股', town: '南岭镇' },
  progress: { claimedAt: null, deliveredAt: null, confirmedAt: null },
} as PublicWishDetail;
const split: PublicWishDetail = {
  ...wish,
  title: '一间教室的图书角',
  shares: 5,
  sharesLeft: 3,
  estimatedValueFen: 50000,
};

const claim = { id: 'CCCCCCCCCCCCCCCC' } as Claim;

function renderConfirm(w: PublicWishDetail = wish) {
  const props = { onCancel: vi.fn(), onClaimed: vi.fn(), onStale: vi.fn() };
  const view = render(<ClaimConfirm wish={w} now={NOW} {...props} />);
  return {
    ...props,
    rerender: (next: PublicWishDetail) => view.rerender(<ClaimConfirm wish={next} now={NOW} {...props} />),
  };
}
const confirm = () => fireEvent.click(screen.getByTestId('claim-confirm'));
const keyOfCall = (n: number) => api.claimWish.mock.calls[n]?.[2] as string;

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset();
  session.state = { status: 'signedIn', me: {} };
});

describe('确认认领: what the donor commits to', () => {
  it.each([
    ['red', '请在 11月25日 20:00 前（48 小时内）把礼物寄到或送到转交点'],
    ['orange', '请在 11月26日 20:00 前（3 天内）把礼物寄到或送到转交点'],
    ['yellow', '请在 11月30日 20:00 前（7 天内）把礼物寄到或送到转交点'],
    ['blue', '请在 12月7日 20:00 前（14 天内）把礼物寄到或送到转交点'],
  ] as const)('a %s wish: %s', (urgency, text) => {
    expect(deadlineSentence(urgency, NOW)).toBe(text);
    renderConfirm({ ...wish, urgency });
    expect(screen.getByTestId('claim-deadline').textContent).toBe(text);
  });

  it('says what happens next, where the gift goes, and asks for no share count on a one-donor wish', () => {
    renderConfirm();
    const steps = screen.getByTestId('claim-steps').textContent;
    expect(steps).toContain('购买礼物');
    expect(steps).toContain('寄出或送到转交点');
    expect(steps).toContain('社工签收并转交给孩子');
    expect(steps).toContain('收到孩子的感谢');
    expect(screen.getByText(/云溪县民政局儿童福利股 在 南岭镇/)).toBeTruthy();
    expect(screen.queryByTestId('shares-value')).toBeNull();
    expect(screen.getByTestId('claim-confirm').textContent).toBe('确认认领');
  });
});

describe('确认认领: shares', () => {
  it('counts from 1 up to the shares left, never past either end, and claims that many', async () => {
    api.claimWish.mockResolvedValue(claim);
    renderConfirm(split);
    const value = () => screen.getByTestId('shares-value').textContent;
    expect(value()).toBe('1');
    expect(screen.getByTestId('shares-minus').getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(screen.getByTestId('shares-minus'));
    expect(value()).toBe('1');
    for (let i = 0; i < 5; i++) fireEvent.click(screen.getByTestId('shares-plus'));
    expect(value()).toBe('3');
    expect(screen.getByTestId('shares-plus').getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByTestId('claim-total').textContent).toBe('合计约 ¥300');
    fireEvent.click(screen.getByTestId('shares-minus'));
    expect(value()).toBe('2');
    expect(screen.getByTestId('claim-total').textContent).toBe('合计约 ¥200');
    expect(screen.getByTestId('claim-confirm').textContent).toBe('确认认领 2 份');
    confirm();
    await waitFor(() => expect(api.claimWish).toHaveBeenCalledOnce());
    expect(api.claimWish.mock.calls[0]?.slice(0, 2)).toEqual([split.id, 2]);
  });

  it('a refreshed wish with fewer shares left lowers the count', async () => {
    api.claimWish.mockRejectedValue(
      new ApiError('NO_SHARES_LEFT', 409, '这个心愿剩下的份数不够了，请刷新后看看还剩几份'),
    );
    const { onStale, rerender } = renderConfirm(split);
    fireEvent.click(screen.getByTestId('shares-plus'));
    fireEvent.click(screen.getByTestId('shares-plus'));
    confirm();
    await screen.findByTestId('claim-error');
    expect(onStale).toHaveBeenCalledOnce();
    rerender({ ...split, sharesLeft: 1 });
    expect(screen.getByTestId('shares-value').textContent).toBe('1');
    expect(screen.getByTestId('claim-error').textContent).toContain('剩下的份数不够了');
  });
});

describe('确认认领: answers from the server', () => {
  it('success hands the claim to the page', async () => {
    api.claimWish.mockResolvedValue(claim);
    const { onClaimed } = renderConfirm();
    confirm();
    await waitFor(() => expect(onClaimed).toHaveBeenCalledWith(claim));
    const key = keyOfCall(0);
    expect(key).toMatch(/^[A-Za-z0-9_.:-]{8,100}$/);
  });

  it('taken meanwhile (409): says so, refreshes the wish, and offers other wishes once it is gone', async () => {
    api.claimWish.mockRejectedValue(
      new ApiError('WISH_ALREADY_CLAIMED', 409, '这个心愿刚刚被别的爱心人士认领了，看看其他心愿吧'),
    );
    const { onStale, onClaimed, rerender } = renderConfirm();
    confirm();
    const error = await screen.findByTestId('claim-error');
    expect(error.textContent).toContain('刚刚被别的爱心人士认领了');
    expect(error.getAttribute('data-code')).toBe('WISH_ALREADY_CLAIMED');
    expect(onStale).toHaveBeenCalledOnce();
    expect(onClaimed).not.toHaveBeenCalled();
    rerender({ ...wish, status: 'claimed', sharesLeft: 0 });
    expect(screen.queryByTestId('claim-confirm')).toBeNull();
    expect(screen.getByTestId('claim-elsewhere').textContent).toBe('看看其他心愿');
  });

  it.each([
    ['ALREADY_CLAIMED_BY_YOU', 409, '你已经认领了这个心愿，可以在“我的认领”里查看进度'],
    ['CLAIM_LIMIT_REACHED', 422, '你进行中的认领已经达到上限，请先完成或退出一个，再认领新的'],
  ])('%s points to 我的认领', async (code, status, message) => {
    api.claimWish.mockRejectedValue(new ApiError(code, status, message));
    renderConfirm();
    confirm();
    const error = await screen.findByTestId('claim-error');
    expect(error.textContent).toContain(message);
    expect(error.textContent).toContain('查看我的认领');
    // Holding this wish already: a second claim would be refused again, so the button goes there.
    expect(screen.queryByTestId('claim-confirm') === null).toBe(code === 'ALREADY_CLAIMED_BY_YOU');
    if (code === 'ALREADY_CLAIMED_BY_YOU')
      expect(screen.getByTestId('claim-mine').textContent).toBe('查看我的认领');
  });

  it('a retry after a network error sends the same Idempotency-Key', async () => {
    api.claimWish
      .mockRejectedValueOnce(new ApiError('NETWORK_ERROR', 0, '网络不太好，请检查网络后重试'))
      .mockRejectedValueOnce(new ApiError('INTERNAL_ERROR', 500, '服务器出了点问题，请稍后再试'))
      .mockResolvedValueOnce(claim);
    const { onClaimed, onStale } = renderConfirm();
    confirm();
    expect((await screen.findByTestId('claim-error')).textContent).toContain('不会重复认领');
    confirm();
    await waitFor(() => expect(api.claimWish).toHaveBeenCalledTimes(2));
    await screen.findByText('服务器出了点问题，请稍后再试');
    confirm();
    await waitFor(() => expect(onClaimed).toHaveBeenCalledWith(claim));
    expect(keyOfCall(1)).toBe(keyOfCall(0));
    expect(keyOfCall(2)).toBe(keyOfCall(0));
    expect(onStale).not.toHaveBeenCalled();
  });

  it('after a refusal the next tap is a new claim with a new key; so is another share count', async () => {
    api.claimWish
      .mockRejectedValueOnce(new ApiError('NO_SHARES_LEFT', 409, '这个心愿剩下的份数不够了'))
      .mockRejectedValueOnce(new ApiError('NETWORK_ERROR', 0, '网络不太好'))
      .mockResolvedValueOnce(claim);
    renderConfirm(split);
    fireEvent.click(screen.getByTestId('shares-plus'));
    confirm();
    await screen.findByTestId('claim-error');
    confirm();
    await waitFor(() => expect(api.claimWish).toHaveBeenCalledTimes(2));
    await screen.findByText(/不会重复认领/);
    fireEvent.click(screen.getByTestId('shares-minus'));
    confirm();
    await waitFor(() => expect(api.claimWish).toHaveBeenCalledTimes(3));
    expect(keyOfCall(1)).not.toBe(keyOfCall(0));
    expect(keyOfCall(2)).not.toBe(keyOfCall(1));
    expect(api.claimWish.mock.calls.map((c) => c[1])).toEqual([2, 2, 1]);
  });

  it('one tap at a time: a second tap while claiming sends nothing', async () => {
    let resolve: (c: Claim) => void = () => undefined;
    api.claimWish.mockReturnValue(new Promise<Claim>((r) => (resolve = r)));
    const { onClaimed } = renderConfirm();
    confirm();
    await screen.findByText('正在认领…');
    confirm();
    resolve(claim);
    await waitFor(() => expect(onClaimed).toHaveBeenCalledOnce());
    expect(api.claimWish).toHaveBeenCalledOnce();
  });
});

describe('确认认领: not logged in', () => {
  it('shows the login panel instead of the claim', async () => {
    session.state = { status: 'anonymous' };
    api.getAuthOptions.mockResolvedValue({ demo: true, sms: true, wechat: false });
    renderConfirm();
    await screen.findByTestId('claim-login');
    expect(screen.getByText('登录心愿')).toBeTruthy();
    expect(screen.queryByTestId('claim-confirm')).toBeNull();
  });
});

describe('idempotency keys', () => {
  it('are 24 characters the server accepts, and differ each time', () => {
    const keys = new Set(Array.from({ length: 200 }, newIdempotencyKey));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9]{24}$/);
  });

  it('fall back to Math.random without crypto.getRandomValues', () => {
    vi.stubGlobal('crypto', undefined);
    try {
      expect(newIdempotencyKey()).toMatch(/^[A-Za-z0-9]{24}$/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

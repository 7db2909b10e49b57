import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClaimEvent } from '../../shared/claim-lifecycle';
import type { ClaimStage } from '../../shared/constants';
import type { ClaimDetail, TimelineEntry } from '../../shared/schemas/claims';
import { ApiError } from '../../client/api/http';
import { ClaimActions } from '../../client/donor/components/ClaimActions';
import { ClaimRow } from '../../client/donor/components/ClaimRow';
import { Timeline } from '../../client/donor/components/Timeline';

const api = vi.hoisted(() => ({
  markPurchased: vi.fn(),
  markShipped: vi.fn(),
  withdrawClaim: vi.fn(),
  confirmClaim: vi.fn(),
}));
vi.mock('../../client/api/claims', () => api);

// 20:00 in China.
const NOW = Date.parse('2026-11-23T12:00:00Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const claim: ClaimDetail = {
  id: 'CCCCCCCCCCCCCCCC',
  wish: {
    id: 'AAAAAAAAAAAAAAAA',
    title: '一辆轻便轮椅',
    pseudonym: '小潘',
    kind: 'item',
    urgency: 'red',
    quantity: 1,
    estimatedValueFen: 98000,
    shares: 1,
    status: 'claimed',
  },
  shares: 1,
  valueFen: 98000,
  stage: 'claimed',
  claimedAt: iso(NOW - 2 * HOUR),
  deadlineAt: iso(NOW + 46 * HOUR),
  endedAt: null,
  shipping: null,
  handoverSite: {
    name: '南岭镇儿童之家',
    town: '南岭镇',
    organization: '云溪县民政局儿童福利股',
    address: '南岭镇政府院内二楼',
    contactPhone: '0595-12345678',
  },
  paidOnline: false,
  actions: ['purchase', 'ship', 'withdraw'],
  donor: null,
  timeline: [],
};

function entry(kind: ClaimStage, at: number, patch: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    kind,
    at: iso(at),
    by: 'donor',
    claimId: claim.id,
    shares: null,
    shippingMode: null,
    carrier: null,
    trackingNumber: null,
    quantity: null,
    condition: null,
    note: null,
    text: null,
    photos: [],
    ...patch,
  };
}
const photo = (id: string) => ({
  id: id.repeat(16).slice(0, 16),
  url: `/api/v1/media/${id}?size=full`,
  thumbUrl: `/api/v1/media/${id}?size=thumb`,
  width: 800,
  height: 600,
  check: 'pass' as const,
});

afterEach(() => vi.restoreAllMocks());
beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset();
});

describe('timeline', () => {
  const entries = [
    entry('claimed', NOW - 50 * HOUR, { shares: 1 }),
    entry('shipped', NOW - 30 * HOUR, {
      shippingMode: 'post',
      carrier: '顺丰',
      trackingNumber: 'SF1234567890',
      note: '一共两个包裹',
    }),
    entry('received', NOW - 20 * HOUR, { by: 'staff', quantity: 1, condition: 'good' }),
    entry('handed_over', NOW - 10 * HOUR, {
      by: 'staff',
      claimId: null,
      note: '在儿童之家交给了小潘',
      photos: [photo('P'), photo('Q')],
    }),
    entry('thanked', NOW - 2 * HOUR, {
      by: 'staff',
      claimId: null,
      text: '谢谢阿姨！我可以自己去上学了。',
      photos: [photo('T')],
    }),
  ];

  it('shows every step newest first, with who, when and the details', () => {
    render(<Timeline entries={entries} now={NOW} split />);
    const steps = screen.getAllByTestId('timeline-step');
    expect(steps.map((s) => s.getAttribute('data-kind'))).toEqual([
      'thanked',
      'handed_over',
      'received',
      'shipped',
      'claimed',
    ]);
    expect(steps[0]?.className).toContain('dn-step--latest');
    const [thanked, handedOver, received, shipped, claimed] = steps.map((s) => within(s));
    expect(thanked!.getByText('已收到感谢')).toBeTruthy();
    expect(thanked!.getByText('11月23日 18:00')).toBeTruthy();
    expect(thanked!.getByTestId('thank-you-text').textContent).toBe('谢谢阿姨！我可以自己去上学了。');
    expect(handedOver!.getByText('已转交')).toBeTruthy();
    expect(handedOver!.getByText('转交点社工')).toBeTruthy();
    expect(handedOver!.getByText('在儿童之家交给了小潘')).toBeTruthy();
    expect(received!.getByText('收到 1 件')).toBeTruthy();
    expect(received!.getByText('物品状况：完好')).toBeTruthy();
    expect(shipped!.getByText('快递寄出 · 顺丰 · 单号 SF1234567890')).toBeTruthy();
    expect(shipped!.getByText('一共两个包裹')).toBeTruthy();
    expect(shipped!.getByText('你')).toBeTruthy();
    expect(claimed!.getByText('认领 1 份')).toBeTruthy();
    expect(claimed!.getByText('11月21日 18:00')).toBeTruthy();
  });

  it('shows hand-over photos as thumbnails; a tap opens the full photos', () => {
    const preview = vi.spyOn(Taro, 'previewImage').mockResolvedValue({ errMsg: 'ok' });
    render(<Timeline entries={entries} now={NOW} />);
    // A one-donor wish: no share count on its claim step.
    expect(screen.queryByText('认领 1 份')).toBeNull();
    const photos = screen.getAllByTestId('timeline-photo');
    expect(photos).toHaveLength(3);
    const thumbs = photos.map((p) => p.getAttribute('src') ?? p.querySelector('img')?.getAttribute('src'));
    expect(thumbs).toEqual([
      '/api/v1/media/T?size=thumb',
      '/api/v1/media/P?size=thumb',
      '/api/v1/media/Q?size=thumb',
    ]);
    fireEvent.click(photos[2]!);
    expect(preview).toHaveBeenCalledWith({
      current: '/api/v1/media/Q?size=full',
      urls: ['/api/v1/media/P?size=full', '/api/v1/media/Q?size=full'],
    });
  });
});

describe('claim row', () => {
  it('shows the countdown, in red in the last day', () => {
    const { rerender } = render(<ClaimRow claim={claim} now={NOW} onOpen={vi.fn()} />);
    const left = () => screen.getByTestId('claim-countdown');
    expect(left().textContent).toBe('剩 1 天 22 小时');
    expect(left().getAttribute('data-pressing')).toBe('false');
    rerender(<ClaimRow claim={claim} now={NOW + 30 * HOUR} onOpen={vi.fn()} />);
    expect(left().textContent).toBe('剩 16 小时 0 分');
    expect(left().getAttribute('data-pressing')).toBe('true');
    expect(left().className).toContain('dn-row__countdown--pressing');
    expect(screen.getByText('一辆轻便轮椅')).toBeTruthy();
    expect(screen.getByText('紧急')).toBeTruthy();
    expect(screen.getByTestId('claim-stage').textContent).toBe('已认领');
  });

  it('no countdown once the gift is on its way; an ended claim says when it ended', () => {
    const { rerender } = render(
      <ClaimRow claim={{ ...claim, stage: 'shipped' }} now={NOW} onOpen={vi.fn()} />,
    );
    expect(screen.queryByTestId('claim-countdown')).toBeNull();
    expect(screen.getByText('礼物在路上，等转交点签收')).toBeTruthy();
    rerender(
      <ClaimRow
        claim={{ ...claim, stage: 'withdrawn', endedAt: iso(NOW - HOUR) }}
        now={NOW}
        onOpen={vi.fn()}
      />,
    );
    expect(screen.getByText('11月23日 19:00 结束')).toBeTruthy();
    expect(screen.getByTestId('claim-stage').textContent).toBe('已退出认领');
  });
});

describe('the donor’s steps', () => {
  function renderActions(stage: ClaimStage, actions: ClaimEvent[]) {
    const props = { onChanged: vi.fn(), onStale: vi.fn() };
    const c = { ...claim, stage, actions };
    render(<ClaimActions claim={c} {...props} />);
    return { ...props, claim: c };
  }
  const buttons = () =>
    ['action-purchase', 'action-ship', 'action-confirm', 'action-withdraw'].filter((id) =>
      screen.queryByTestId(id),
    );

  it.each([
    ['claimed', ['purchase', 'ship', 'withdraw'], ['action-purchase', 'action-ship', 'action-withdraw']],
    ['purchased', ['ship', 'withdraw'], ['action-ship', 'action-withdraw']],
    ['problem', ['ship', 'withdraw'], ['action-ship', 'action-withdraw']],
    ['shipped', [], []],
    ['received', [], []],
    ['handed_over', ['confirm'], ['action-confirm']],
    ['thanked', ['confirm'], ['action-confirm']],
    ['confirmed', [], []],
  ] as [ClaimStage, ClaimEvent[], string[]][])(
    '%s: the buttons the server allows',
    (stage, actions, shown) => {
      renderActions(stage, actions);
      expect(buttons()).toEqual(shown);
    },
  );

  it('a gift with a problem is shipped again', () => {
    renderActions('problem', ['ship', 'withdraw']);
    expect(screen.getByTestId('action-ship').textContent).toBe('重新寄出');
  });

  it('已购买 with a note', async () => {
    const next = { ...claim, stage: 'purchased' as const, actions: ['ship', 'withdraw'] as ClaimEvent[] };
    api.markPurchased.mockResolvedValue(next);
    const { onChanged } = renderActions('claimed', ['purchase', 'ship', 'withdraw']);
    fireEvent.click(screen.getByTestId('action-purchase'));
    fireEvent.input(screen.getByTestId('purchase-note'), { target: { value: ' 蓝色的 ' } });
    fireEvent.click(screen.getByTestId('purchase-sheet-submit'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(next));
    expect(api.markPurchased).toHaveBeenCalledWith(claim.id, { note: '蓝色的' });
    expect(screen.queryByTestId('purchase-sheet')).toBeNull();
  });

  it('寄出 by post: carrier and tracking number are required, checked before sending', async () => {
    api.markShipped.mockResolvedValue({ ...claim, stage: 'shipped', actions: [] });
    const { onChanged } = renderActions('claimed', ['purchase', 'ship', 'withdraw']);
    fireEvent.click(screen.getByTestId('action-ship'));
    fireEvent.click(screen.getByTestId('ship-sheet-submit'));
    expect(screen.getByTestId('error-carrier').textContent).toBe('请填写快递公司');
    expect(screen.getByTestId('error-trackingNumber').textContent).toBe('请填写快递单号');
    expect(api.markShipped).not.toHaveBeenCalled();

    fireEvent.click(screen.getByText('顺丰'));
    expect(screen.queryByTestId('error-carrier')).toBeNull();
    fireEvent.input(screen.getByTestId('ship-tracking'), { target: { value: 'SF 123' } });
    fireEvent.click(screen.getByTestId('ship-sheet-submit'));
    expect(screen.getByTestId('error-trackingNumber').textContent).toBe('快递单号只能包含字母、数字和 -');
    fireEvent.input(screen.getByTestId('ship-tracking'), { target: { value: 'SF1234567890' } });
    fireEvent.click(screen.getByTestId('ship-sheet-submit'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(api.markShipped).toHaveBeenCalledWith(claim.id, {
      mode: 'post',
      carrier: '顺丰',
      trackingNumber: 'SF1234567890',
      note: null,
    });
  });

  it('寄出 in person needs no tracking number', async () => {
    api.markShipped.mockResolvedValue({ ...claim, stage: 'shipped', actions: [] });
    renderActions('purchased', ['ship', 'withdraw']);
    fireEvent.click(screen.getByTestId('action-ship'));
    fireEvent.click(screen.getByTestId('ship-mode-in_person'));
    expect(screen.queryByTestId('ship-tracking')).toBeNull();
    fireEvent.input(screen.getByTestId('ship-note'), { target: { value: '周六上午送到' } });
    fireEvent.click(screen.getByTestId('ship-sheet-submit'));
    await waitFor(() => expect(api.markShipped).toHaveBeenCalledOnce());
    expect(api.markShipped).toHaveBeenCalledWith(claim.id, { mode: 'in_person', note: '周六上午送到' });
  });

  it('the server’s field errors show under their fields; other refusals above the buttons', async () => {
    api.markShipped
      .mockRejectedValueOnce(
        new ApiError('VALIDATION_FAILED', 400, '提交的内容不符合要求，请按提示修改后重试', [
          { path: 'body.carrier', message: '含有看不见的特殊字符（如零宽字符），请重新输入这段文字' },
        ]),
      )
      .mockRejectedValueOnce(new ApiError('RATE_LIMITED', 429, '操作太频繁了，请稍后再试'));
    renderActions('claimed', ['purchase', 'ship', 'withdraw']);
    fireEvent.click(screen.getByTestId('action-ship'));
    fireEvent.input(screen.getByTestId('ship-carrier'), { target: { value: '顺丰' } });
    fireEvent.input(screen.getByTestId('ship-tracking'), { target: { value: 'SF1' } });
    fireEvent.click(screen.getByTestId('ship-sheet-submit'));
    expect((await screen.findByTestId('error-carrier')).textContent).toContain('看不见的特殊字符');
    expect(screen.queryByTestId('sheet-error')).toBeNull();
    fireEvent.click(screen.getByTestId('ship-sheet-submit'));
    expect((await screen.findByTestId('sheet-error')).textContent).toBe('操作太频繁了，请稍后再试');
  });

  it('a step the claim has moved past: says so and reloads the claim', async () => {
    const toast = vi.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'ok' });
    api.withdrawClaim.mockRejectedValue(
      new ApiError('CLAIM_STEP_REFUSED', 422, '认领当前的进度不能进行这一步，请刷新后查看'),
    );
    const { onStale } = renderActions('claimed', ['purchase', 'ship', 'withdraw']);
    fireEvent.click(screen.getByTestId('action-withdraw'));
    fireEvent.click(screen.getByTestId('withdraw-sheet-submit'));
    await waitFor(() => expect(onStale).toHaveBeenCalledOnce());
    expect(toast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '认领当前的进度不能进行这一步，请刷新后查看' }),
    );
    expect(screen.queryByTestId('withdraw-sheet')).toBeNull();
  });

  it('退出认领: explains that the wish goes back to the pool, sends the reason', async () => {
    api.withdrawClaim.mockResolvedValue({ ...claim, stage: 'withdrawn', actions: [] });
    const { onChanged } = renderActions('claimed', ['purchase', 'ship', 'withdraw']);
    fireEvent.click(screen.getByTestId('action-withdraw'));
    expect(screen.getByTestId('withdraw-sheet').textContent).toContain('退出后心愿会回到心愿池');
    fireEvent.click(screen.getByText('再想想'));
    expect(screen.queryByTestId('withdraw-sheet')).toBeNull();
    fireEvent.click(screen.getByTestId('action-withdraw'));
    fireEvent.input(screen.getByTestId('withdraw-reason'), { target: { value: '临时出差' } });
    fireEvent.click(screen.getByTestId('withdraw-sheet-submit'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(api.withdrawClaim).toHaveBeenCalledWith(claim.id, { reason: '临时出差' });
  });

  it('确认完成 asks first', async () => {
    const modal = vi
      .spyOn(Taro, 'showModal')
      .mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'ok' })
      .mockResolvedValueOnce({ confirm: true, cancel: false, errMsg: 'ok' });
    api.confirmClaim.mockResolvedValue({ ...claim, stage: 'confirmed', actions: [] });
    const { onChanged } = renderActions('handed_over', ['confirm']);
    fireEvent.click(screen.getByTestId('action-confirm'));
    await waitFor(() => expect(modal).toHaveBeenCalledOnce());
    expect(api.confirmClaim).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('action-confirm'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(api.confirmClaim).toHaveBeenCalledWith(claim.id);
  });
});

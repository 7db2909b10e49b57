import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PayOrder } from '../../shared/schemas/payments';
import { ApiError } from '../../client/api/http';
import { PayOrderView } from '../../client/donor/components/PayOrderView';
import { usePayOrder } from '../../client/donor/lib/use-pay-order';
import PayOrderPage from '../../client/donor/pay-order/index';
import PayOrdersPage from '../../client/donor/pay-orders/index';
import ReceiptsPage from '../../client/donor/receipts/index';

const api = vi.hoisted(() => ({
  getPayOrder: vi.fn(),
  simulatePayment: vi.fn(),
  listMyPayOrders: vi.fn(),
}));
const router = vi.hoisted(() => ({ params: {} as Record<string, string> }));
const ledgerApi = vi.hoisted(() => ({ listMyReceipts: vi.fn() }));
vi.mock('../../client/api/payments', () => api);
vi.mock('../../client/api/ledger', () => ledgerApi);
vi.mock('../../client/session/session-store', () => ({
  useSession: () => ({ status: 'signedIn', me: {} }),
  loadSession: vi.fn(() => Promise.resolve()),
  signedIn: vi.fn(),
}));
// Page lifecycle hooks are the mini-program's; in jsdom they do nothing.
vi.mock('@tarojs/taro', async (original) => {
  const taro = await original<{ default: Record<string, unknown> }>();
  const noop = () => undefined;
  return {
    ...taro,
    useRouter: () => router,
    useDidShow: noop,
    usePullDownRefresh: noop,
    useReachBottom: noop,
  };
});

const NOW = Date.parse('2026-11-23T12:00:00Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function order(patch: Partial<PayOrder> = {}): PayOrder {
  return {
    id: 'ORDERAAAAAAAAAAA',
    status: 'created',
    amountFen: 5000,
    refundedFen: 0,
    target: { kind: 'campaign', id: 'CAMPAIGNAAAAAAAA', title: '六一·点亮微心愿' },
    organization: '云溪县民政局儿童福利股',
    channel: 'h5',
    donorDisplay: 'masked',
    donorName: '陈小红',
    createdAt: iso(Date.now() - MIN),
    expiresAt: iso(Date.now() + 29 * MIN),
    paidAt: null,
    pay: { kind: 'h5', h5Url: 'https://pay.example/h5pay?prepay_id=wx1' },
    receipt: null,
    claimId: null,
    redirectedToFund: false,
    demo: false,
    ...patch,
  };
}
const paid = (patch: Partial<PayOrder> = {}) =>
  order({
    status: 'paid',
    pay: null,
    paidAt: iso(Date.now()),
    receipt: { id: 'RECEIPTAAAAAAAAA', receiptNo: 'XY-2026-000123' },
    ...patch,
  });

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset();
  router.params = {};
});
afterEach(() => vi.restoreAllMocks());

describe('捐款详情: waiting for WeChat Pay', () => {
  it('after paying, checks again until paid, then 捐赠成功 with the amount, public name and receipt number', async () => {
    const navigate = vi.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' });
    api.getPayOrder
      .mockResolvedValueOnce(order())
      .mockResolvedValueOnce(order())
      .mockResolvedValueOnce(paid())
      .mockResolvedValue(paid());
    router.params = { id: 'ORDERAAAAAAAAAAA', paying: '1' };
    render(<PayOrderPage />);
    expect((await screen.findByTestId('pay-checking')).textContent).toContain('正在确认支付结果…');
    const success = await screen.findByTestId('pay-success', {}, { timeout: 5000 });
    expect(success.textContent).toContain('捐赠成功');
    expect(success.textContent).toContain('¥50.00');
    expect(screen.getByTestId('pay-receipt-no').textContent).toBe('XY-2026-000123');
    expect(screen.getByTestId('pay-public-name').textContent).toBe('陈*');
    // Paid: no more checks.
    const calls = api.getPayOrder.mock.calls.length;
    expect(calls).toBe(3);
    await new Promise((r) => setTimeout(r, 1200));
    expect(api.getPayOrder).toHaveBeenCalledTimes(3);
    fireEvent.click(screen.getByTestId('pay-receipt'));
    expect(navigate).toHaveBeenCalledWith({ url: '/public/receipt/index?id=RECEIPTAAAAAAAAA' });
    expect(screen.queryByTestId('pay-claim')).toBeNull();
  });

  it('a demo order: 模拟支付（演示） pays it once however often it is tapped', async () => {
    api.getPayOrder.mockResolvedValue(order({ demo: true }));
    let answer: (o: PayOrder) => void = () => undefined;
    api.simulatePayment.mockReturnValue(new Promise<PayOrder>((resolve) => (answer = resolve)));
    router.params = { id: 'ORDERAAAAAAAAAAA' };
    render(<PayOrderPage />);
    const button = await screen.findByTestId('pay-simulate');
    expect(button.textContent).toBe('模拟支付（演示）¥50.00');
    expect(screen.getByTestId('pay-demo').textContent).toContain('不会真的扣款');
    expect(screen.getByTestId('pay-state').textContent).toBe('待支付');
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByTestId('pay-simulate').textContent).toBe('正在支付…'));
    fireEvent.click(screen.getByTestId('pay-simulate'));
    await act(async () => answer(paid({ demo: true })));
    expect(api.simulatePayment).toHaveBeenCalledOnce();
    expect(api.simulatePayment).toHaveBeenCalledWith('ORDERAAAAAAAAAAA');
    expect((await screen.findByTestId('pay-success')).textContent).toContain('捐赠成功');
  });

  it('模拟支付 refused: the server’s message, and the button is there to try again', async () => {
    api.getPayOrder.mockResolvedValue(order({ demo: true }));
    api.simulatePayment.mockRejectedValue(
      new ApiError('PAY_ORDER_CLOSED', 409, '这笔订单已经关闭（超时未支付），请重新下单'),
    );
    router.params = { id: 'ORDERAAAAAAAAAAA' };
    render(<PayOrderPage />);
    fireEvent.click(await screen.findByTestId('pay-simulate'));
    expect((await screen.findByTestId('pay-error')).textContent).toBe(
      '这笔订单已经关闭（超时未支付），请重新下单',
    );
    expect(screen.getByTestId('pay-simulate').getAttribute('aria-disabled')).toBe('false');
  });

  it('an order that cannot load: the server’s message and 重新加载', async () => {
    api.getPayOrder
      .mockRejectedValueOnce(new ApiError('PAY_ORDER_NOT_FOUND', 404, '没有找到这笔捐款订单，或它不是你的'))
      .mockResolvedValueOnce(order());
    router.params = { id: 'ORDERAAAAAAAAAAA' };
    render(<PayOrderPage />);
    const error = await screen.findByTestId('error');
    expect(error.textContent).toContain('没有找到这笔捐款订单，或它不是你的');
    fireEvent.click(screen.getByText('重新加载'));
    expect((await screen.findByTestId('pay-unpaid')).textContent).toContain('等待付款');
    expect(screen.getByTestId('pay-go').textContent).toBe('微信支付 ¥50.00');
  });

  it('a failed check while waiting keeps the order on screen, says why, and keeps checking', async () => {
    api.getPayOrder
      .mockResolvedValueOnce(order())
      .mockRejectedValueOnce(new ApiError('NETWORK_ERROR', 0, '网络不太好，请检查网络后重试'))
      .mockResolvedValue(paid());
    router.params = { id: 'ORDERAAAAAAAAAAA', paying: '1' };
    render(<PayOrderPage />);
    expect((await screen.findByTestId('pay-check-error', {}, { timeout: 3000 })).textContent).toContain(
      '网络不太好，请检查网络后重试',
    );
    expect(screen.getByTestId('pay-checking')).toBeTruthy();
    await screen.findByTestId('pay-success', {}, { timeout: 5000 });
    expect(screen.queryByTestId('pay-check-error')).toBeNull();
  });
});

/** The hook on its own, with short waits. */
function Probe({ pollForMs }: { pollForMs: number }) {
  const { state } = usePayOrder('ORDERAAAAAAAAAAA', { watchFirst: true, delays: [10], pollForMs });
  return (
    <span data-testid="probe">
      {state.status === 'ready' ? `${state.order.status}|${state.checking}|${state.gaveUp}` : state.status}
    </span>
  );
}

describe('usePayOrder', () => {
  it('stops checking after a while and says it gave up', async () => {
    api.getPayOrder.mockResolvedValue(order());
    render(<Probe pollForMs={80} />);
    await waitFor(() => expect(screen.getByTestId('probe').textContent).toBe('created|false|true'));
    const calls = api.getPayOrder.mock.calls.length;
    expect(calls).toBeGreaterThan(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(api.getPayOrder).toHaveBeenCalledTimes(calls);
  });

  it('stops as soon as the order is closed', async () => {
    api.getPayOrder.mockResolvedValueOnce(order()).mockResolvedValue(order({ status: 'closed', pay: null }));
    render(<Probe pollForMs={10_000} />);
    await waitFor(() => expect(screen.getByTestId('probe').textContent).toBe('closed|false|false'));
    await new Promise((r) => setTimeout(r, 60));
    expect(api.getPayOrder).toHaveBeenCalledTimes(2);
  });
});

describe('捐款详情: what the donor sees in each state', () => {
  const props = {
    now: NOW,
    checking: false,
    gaveUp: false,
    checkError: null,
    onPaying: vi.fn(),
    onAnswer: vi.fn(),
    onRefresh: vi.fn(),
  };
  const at = (ms: number) => iso(NOW + ms);

  it('closed: no charge was made; 重新捐款 opens the same campaign again', () => {
    const redirect = vi.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' });
    render(<PayOrderView {...props} order={order({ status: 'closed', pay: null, expiresAt: at(-MIN) })} />);
    expect(screen.getByTestId('pay-state').textContent).toBe('已关闭');
    expect(screen.getByTestId('pay-closed').textContent).toContain('没有扣款');
    fireEvent.click(screen.getByTestId('pay-again'));
    expect(redirect).toHaveBeenCalledWith({ url: '/donor/donate/index?campaign=CAMPAIGNAAAAAAAA' });
  });

  it('past its time and unpaid: says a payment made anyway is not lost, and offers a new order', () => {
    render(<PayOrderView {...props} order={order({ pay: null, expiresAt: at(-MIN) })} />);
    expect(screen.getByTestId('pay-state').textContent).toBe('已超时');
    const text = screen.getByTestId('pay-expired').textContent;
    expect(text).toContain('订单已超过支付时间');
    expect(text).toContain('11月23日 19:59 前支付');
    expect(text).toContain('捐款不会丢失');
    fireEvent.click(screen.getByTestId('pay-refresh'));
    expect(props.onRefresh).toHaveBeenCalledOnce();
  });

  it('gave up waiting: tells the donor not to pay again', () => {
    render(<PayOrderView {...props} gaveUp order={order({ expiresAt: at(29 * MIN) })} />);
    expect(screen.getByTestId('pay-gave-up').textContent).toContain('如果你已经付款，不用再付');
  });

  it('wish shares paid: 查看认领进度 opens the claim; money moved to the fund is explained instead', () => {
    const navigate = vi.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' });
    const shares = paid({
      target: { kind: 'wish', id: 'WISHAAAAAAAAAAAA', title: '一间教室的图书角', shares: 2 },
      amountFen: 33333,
      claimId: 'CLAIMAAAAAAAAAAA',
    });
    const { rerender } = render(<PayOrderView {...props} order={shares} />);
    expect(screen.getByTestId('pay-amount').textContent).toBe('¥333.33');
    expect(screen.getByText('一间教室的图书角 · 2 份')).toBeTruthy();
    fireEvent.click(screen.getByTestId('pay-claim'));
    expect(navigate).toHaveBeenCalledWith({ url: '/donor/claim/index?id=CLAIMAAAAAAAAAAA' });
    rerender(<PayOrderView {...props} order={{ ...shares, claimId: null, redirectedToFund: true }} />);
    expect(screen.getByTestId('pay-redirected').textContent).toContain('捐款已转入专项资金');
    expect(screen.queryByTestId('pay-claim')).toBeNull();
  });

  it('refunded in part: shows what came back', () => {
    render(<PayOrderView {...props} order={paid({ refundedFen: 2000 })} />);
    expect(screen.getByTestId('pay-refunded').textContent).toBe('¥20.00（原路退回微信）');
  });
});

describe('我的在线捐款', () => {
  it('lists orders newest first with their state; a tap opens one; more pages on request', async () => {
    const navigate = vi.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' });
    api.listMyPayOrders.mockResolvedValueOnce({
      items: [
        paid(),
        order({ id: 'ORDERBBBBBBBBBBB' }),
        order({ id: 'ORDERCCCCCCCCCCC', status: 'closed', pay: null }),
        paid({ id: 'ORDERDDDDDDDDDDD', refundedFen: 5000 }),
      ],
      nextCursor: null,
    });
    render(<PayOrdersPage />);
    const rows = await screen.findAllByTestId('pay-order-row');
    expect(rows.map((r) => r.querySelector('.dn-pay-tag')?.textContent)).toEqual([
      '捐赠成功',
      '待支付',
      '已关闭',
      '已退款',
    ]);
    expect(rows[0]!.textContent).toContain('¥50.00');
    expect(rows[0]!.textContent).toContain('收据 XY-2026-000123 ›');
    expect(rows[1]!.textContent).toContain('去支付 ›');
    fireEvent.click(rows[1]!);
    expect(navigate).toHaveBeenCalledWith({ url: '/donor/pay-order/index?id=ORDERBBBBBBBBBBB' });
    expect(api.listMyPayOrders).toHaveBeenCalledWith(undefined);
  });

  it('none yet: says how to give', async () => {
    api.listMyPayOrders.mockResolvedValue({ items: [], nextCursor: null });
    render(<PayOrdersPage />);
    expect((await screen.findByTestId('empty')).textContent).toContain('还没有在线捐款');
  });

  it('cannot load: the server’s message', async () => {
    api.listMyPayOrders.mockRejectedValue(new ApiError('SESSION_EXPIRED', 401, '登录已过期，请重新登录'));
    render(<PayOrdersPage />);
    expect((await screen.findByTestId('error')).textContent).toContain('登录已过期，请重新登录');
  });
});

describe('我的捐赠收据 → 我的在线捐款', () => {
  it('leads from the receipts (reached from 我的) to the online orders, with or without receipts', async () => {
    const navigate = vi.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' });
    ledgerApi.listMyReceipts.mockResolvedValue({ items: [] });
    render(<ReceiptsPage />);
    const entry = await screen.findByTestId('pay-orders-entry');
    expect(entry.textContent).toContain('我的在线捐款');
    expect(screen.getByTestId('empty').textContent).toContain('还没有捐赠收据');
    fireEvent.click(entry);
    expect(navigate).toHaveBeenCalledWith({ url: '/donor/pay-orders/index' });
  });
});

import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PayOrder } from '../../shared/schemas/payments';
import type { PublicCampaign, PublicWishDetail } from '../../shared/schemas/wishes';
import { ApiError } from '../../client/api/http';
import { DonateForm, sharesCostFen, type DonateTarget } from '../../client/donor/components/DonateForm';
import {
  campaignAmount,
  donateRequest,
  EMPTY_DONATE_FORM,
  payChannel,
  publicNamePreview,
} from '../../client/donor/lib/donate';
import { h5PayUrl, launchPayment, payOrderPath } from '../../client/donor/lib/pay';

const api = vi.hoisted(() => ({ createPayOrder: vi.fn(), subscriptionTemplates: vi.fn() }));
vi.mock('../../client/api/payments', () => ({ createPayOrder: api.createPayOrder }));
vi.mock('../../client/api/notifications', () => ({ subscriptionTemplates: api.subscriptionTemplates }));
vi.mock('../../client/session/session-store', () => ({ loadSession: vi.fn(() => Promise.resolve()) }));

const campaign: PublicCampaign = {
  id: 'CAMPAIGNAAAAAAAA',
  title: '六一·点亮微心愿',
  organization: '云溪县民政局儿童福利股',
  startsOn: '2026-11-01',
  endsOn: '2026-12-31',
};

// `as`: the fixture also fits the schema while fields are being added to it.
const wish = {
  id: 'WISHAAAAAAAAAAAA',
  title: '一间教室的图书角',
  kind: 'item',
  pseudonym: '小棋',
  age: { min: 9, max: 9 },
  gender: 'female',
  category: 'education',
  urgency: 'yellow',
  estimatedValueFen: 50000,
  shares: 3,
  sharesLeft: 3,
  town: '南岭镇',
  campaign: null,
  status: 'published',
  publishedAt: '2026-11-20T12:00:00.000Z',
  description: '班上想要一个图书角。',
  quantity: 1,
  story: null,
  handover: { organization: '云溪县民政局儿童福利股', town: '南岭镇' },
  progress: { claimedAt: null, deliveredAt: null, confirmedAt: null },
} as PublicWishDetail;

function order(patch: Partial<PayOrder> = {}): PayOrder {
  return {
    id: 'ORDERAAAAAAAAAAA',
    status: 'created',
    amountFen: 5000,
    refundedFen: 0,
    target: { kind: 'campaign', id: campaign.id, title: campaign.title },
    organization: campaign.organization,
    channel: 'h5',
    donorDisplay: 'masked',
    donorName: '陈小红',
    createdAt: '2026-11-23T12:00:00.000Z',
    expiresAt: '2026-11-23T12:30:00.000Z',
    paidAt: null,
    pay: { kind: 'h5', h5Url: 'https://pay.example/h5pay?prepay_id=wx1' },
    receipt: null,
    claimId: null,
    redirectedToFund: false,
    demo: true,
    ...patch,
  };
}

function renderForm(target: DonateTarget = { kind: 'campaign', campaign }) {
  const props = { onCancel: vi.fn(), onOrder: vi.fn(), onStale: vi.fn() };
  const view = render(<DonateForm target={target} {...props} />);
  return {
    ...props,
    rerender: (next: DonateTarget) => view.rerender(<DonateForm target={next} {...props} />),
  };
}
const typeInto = (testId: string, value: string) =>
  fireEvent.input(screen.getByTestId(testId), { target: { value } });
const payButton = () => screen.getByTestId('donate-pay');
const keyOfCall = (n: number) => api.createPayOrder.mock.calls[n]?.[1] as string;

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset();
});
afterEach(() => vi.restoreAllMocks());

describe('在线捐款: amounts and names, without a screen', () => {
  it.each([
    ['66', 6600],
    ['12.5', 1250],
    ['12.05', 1205],
    ['１００', 10000],
    ['¥20', 2000],
    ['50000', 5_000_000],
  ])('typed %s 元 → %i fen (string arithmetic, never a float)', (typed, fen) => {
    expect(campaignAmount({ ...EMPTY_DONATE_FORM, amount: 'custom', custom: typed })).toEqual({
      ok: true,
      fen,
    });
  });

  it.each([
    ['', '请填写捐款金额'],
    ['0.5', '捐款金额至少 1 元'],
    ['0', '捐款金额必须大于 0'],
    ['12.345', '金额最多精确到分（小数点后两位）'],
    ['1,000', '请不要加逗号，直接写数字，如 1200'],
    ['-5', '金额不能是负数'],
    ['50000.01', '单笔在线捐款最多 5 万元，更多请联系机构转账'],
    ['1e3', '请只填数字，如 120 或 12.50'],
  ])('typed "%s" → %s', (typed, message) => {
    expect(campaignAmount({ ...EMPTY_DONATE_FORM, amount: 'custom', custom: typed })).toEqual({
      ok: false,
      message,
    });
  });

  it('previews the public name as the 公示 prints it', () => {
    expect(publicNamePreview({ donorName: ' 陈小红 ', donorDisplay: 'masked' })).toBe('陈*');
    expect(publicNamePreview({ donorName: '陈小红', donorDisplay: 'named' })).toBe('陈小红');
    expect(publicNamePreview({ donorName: '陈小红', donorDisplay: 'anonymous' })).toBe('匿名');
    expect(publicNamePreview({ donorName: '', donorDisplay: 'anonymous' })).toBe('匿名');
    expect(publicNamePreview({ donorName: '  ', donorDisplay: 'masked' })).toBeNull();
  });

  it('a campaign gift carries its amount; wish shares carry none (the server prices them)', () => {
    const form = { ...EMPTY_DONATE_FORM, donorName: '陈小红' };
    expect(donateRequest({ kind: 'campaign', campaignId: campaign.id }, form, 'h5')).toEqual({
      ok: true,
      body: {
        target: { kind: 'campaign', campaignId: campaign.id },
        amountFen: 5000,
        donorDisplay: 'masked',
        donorName: '陈小红',
        channel: 'h5',
      },
    });
    const shares = donateRequest(
      { kind: 'wish', wishId: wish.id, shares: 1 },
      { ...form, shares: 2 },
      'jsapi',
    );
    expect(shares.ok && shares.body).toEqual({
      target: { kind: 'wish', wishId: wish.id, shares: 2 },
      donorDisplay: 'masked',
      donorName: '陈小红',
      channel: 'jsapi',
    });
  });

  it('asks for a name unless anonymous', () => {
    const masked = donateRequest({ kind: 'campaign', campaignId: campaign.id }, EMPTY_DONATE_FORM, 'h5');
    expect(masked).toEqual({ ok: false, errors: { donorName: '请填写捐赠人姓名；不想留名请选“匿名”' } });
    const anonymous = donateRequest(
      { kind: 'campaign', campaignId: campaign.id },
      { ...EMPTY_DONATE_FORM, donorDisplay: 'anonymous' },
      'h5',
    );
    expect(anonymous.ok && anonymous.body.donorName).toBeNull();
  });

  it('prices the next shares of a wish the way the server does: all shares add up to the value', () => {
    expect(sharesCostFen(wish, 1)).toBe(16666);
    expect(sharesCostFen(wish, 3)).toBe(50000);
    expect(sharesCostFen({ ...wish, sharesLeft: 1 }, 1)).toBe(50000 - 33333);
  });

  it('pays in a browser through WeChat Pay’s H5 cashier, which sends the donor back to the order', () => {
    expect(payChannel()).toBe('h5');
    const url = h5PayUrl('https://pay.example/h5pay?prepay_id=wx1', 'ORDERAAAAAAAAAAA');
    expect(url.startsWith('https://pay.example/h5pay?prepay_id=wx1&redirect_url=')).toBe(true);
    const back = decodeURIComponent(url.split('redirect_url=')[1]!);
    expect(back).toBe(
      `${window.location.origin}${window.location.pathname}#${payOrderPath('ORDERAAAAAAAAAAA', true)}`,
    );
    expect(back.endsWith('#/donor/pay-order/index?id=ORDERAAAAAAAAAAA&paying=1')).toBe(true);
  });

  it('hands a demo order to 模拟支付, not to WeChat Pay', async () => {
    expect(await launchPayment(order({ demo: true }))).toEqual({ kind: 'none' });
    expect(await launchPayment(order({ demo: false, status: 'paid', pay: null }))).toEqual({ kind: 'none' });
  });
});

describe('在线捐款 to a campaign', () => {
  it('offers 20/50/100/200 元 and 自定义; the button says what will be paid, to the fen', () => {
    renderForm();
    const amounts = screen.getByTestId('donate-amounts').textContent;
    expect(amounts).toBe('20 元50 元100 元200 元自定义');
    expect(payButton().textContent).toBe('支付 ¥50.00');
    fireEvent.click(screen.getByTestId('amount-200'));
    expect(payButton().textContent).toBe('支付 ¥200.00');
    fireEvent.click(screen.getByTestId('amount-custom'));
    typeInto('amount-input', '66.6');
    expect(payButton().textContent).toBe('支付 ¥66.60');
    typeInto('amount-input', '66.666');
    expect(payButton().textContent).toBe('支付');
    expect(screen.getByText(/“六一·点亮微心愿”的专项资金/)).toBeTruthy();
  });

  it('previews how the name appears in the 公示 as the donor types and chooses', () => {
    renderForm();
    const preview = () => screen.getByTestId('donor-preview').textContent;
    expect(preview()).toBe('公示名单里显示为填写姓名后显示');
    typeInto('donor-name', '陈小红');
    expect(preview()).toBe('公示名单里显示为陈*');
    fireEvent.click(screen.getByTestId('display-named'));
    expect(preview()).toBe('公示名单里显示为陈小红');
    fireEvent.click(screen.getByTestId('display-anonymous'));
    expect(preview()).toBe('公示名单里显示为匿名');
  });

  it('支付 makes one order (50 元, masked) and hands it over; a second tap meanwhile does nothing', async () => {
    let answer: (o: PayOrder) => void = () => undefined;
    api.createPayOrder.mockReturnValue(new Promise<PayOrder>((resolve) => (answer = resolve)));
    const { onOrder } = renderForm();
    typeInto('donor-name', '陈小红');
    fireEvent.click(payButton());
    await waitFor(() => expect(payButton().textContent).toBe('正在下单…'));
    fireEvent.click(payButton());
    fireEvent.click(payButton());
    answer(order());
    await waitFor(() => expect(onOrder).toHaveBeenCalledWith(order(), { kind: 'none' }));
    expect(api.createPayOrder).toHaveBeenCalledOnce();
    expect(api.createPayOrder.mock.calls[0]?.[0]).toEqual({
      target: { kind: 'campaign', campaignId: campaign.id },
      amountFen: 5000,
      donorDisplay: 'masked',
      donorName: '陈小红',
      channel: 'h5',
    });
    expect(keyOfCall(0)).toMatch(/^[A-Za-z0-9]{24}$/);
  });

  it('sends nothing while something needs fixing, and says what under the field', () => {
    renderForm();
    fireEvent.click(screen.getByTestId('amount-custom'));
    typeInto('amount-input', '0.5');
    fireEvent.click(payButton());
    expect(screen.getByTestId('error-amountFen').textContent).toBe('捐款金额至少 1 元');
    expect(screen.getByTestId('error-donorName').textContent).toBe('请填写捐赠人姓名；不想留名请选“匿名”');
    expect(screen.getByTestId('donate-error').textContent).toBe('有几项需要修改，请看标红的地方');
    expect(api.createPayOrder).not.toHaveBeenCalled();
    typeInto('amount-input', '8');
    expect(screen.queryByTestId('error-amountFen')).toBeNull();
  });

  it('retries of one intended order send one Idempotency-Key; a refusal or a change makes the next a new order', async () => {
    api.createPayOrder
      .mockRejectedValueOnce(new ApiError('NETWORK_ERROR', 0, '网络不太好，请检查网络后重试'))
      .mockRejectedValueOnce(
        new ApiError('PAY_UNAVAILABLE', 503, '微信支付暂时连接不上，请稍后再试（不会重复扣款）'),
      )
      .mockRejectedValueOnce(
        new ApiError('CAMPAIGN_NOT_ACTIVE', 422, '这个活动现在不在进行中，不能在线捐款，请选择进行中的活动'),
      )
      .mockRejectedValueOnce(new ApiError('NETWORK_ERROR', 0, '网络不太好，请检查网络后重试'))
      .mockResolvedValueOnce(order({ amountFen: 10000 }));
    const { onOrder } = renderForm();
    typeInto('donor-name', '陈小红');
    fireEvent.click(payButton());
    expect((await screen.findByTestId('donate-error')).textContent).toBe(
      '网络不太好，没能确认是否下单。请检查网络后再点一次，不会重复下单，也不会重复扣款。',
    );
    fireEvent.click(payButton());
    await screen.findByText('微信支付暂时连接不上，请稍后再试（不会重复扣款）');
    fireEvent.click(payButton());
    await screen.findByText('这个活动现在不在进行中，不能在线捐款，请选择进行中的活动');
    expect(keyOfCall(1)).toBe(keyOfCall(0));
    expect(keyOfCall(2)).toBe(keyOfCall(0));
    // Refused: the next tap is a new decision, with a new key.
    fireEvent.click(payButton());
    await waitFor(() => expect(api.createPayOrder).toHaveBeenCalledTimes(4));
    expect(keyOfCall(3)).not.toBe(keyOfCall(0));
    // Another amount is another order.
    fireEvent.click(screen.getByTestId('amount-100'));
    fireEvent.click(payButton());
    await waitFor(() => expect(onOrder).toHaveBeenCalledOnce());
    expect(keyOfCall(4)).not.toBe(keyOfCall(3));
    expect(api.createPayOrder.mock.calls[4]?.[0]).toMatchObject({ amountFen: 10000 });
  });

  it('puts the server’s field refusals under their fields', async () => {
    api.createPayOrder.mockRejectedValue(
      new ApiError('VALIDATION_FAILED', 400, '提交的内容有误', [
        { path: 'body.donorName', message: '含有看不见的特殊字符（如零宽字符），请重新输入这段文字' },
      ]),
    );
    renderForm();
    typeInto('donor-name', '陈\u200b小红');
    fireEvent.click(payButton());
    expect((await screen.findByTestId('error-donorName')).textContent).toBe(
      '含有看不见的特殊字符（如零宽字符），请重新输入这段文字',
    );
  });
});

describe('出资认领: shares of a wish', () => {
  it('counts shares up to those left and shows the price of the next ones; the order carries no amount', async () => {
    api.createPayOrder.mockResolvedValue(
      order({ target: { kind: 'wish', id: wish.id, title: wish.title, shares: 2 }, amountFen: 33333 }),
    );
    const { onOrder } = renderForm({ kind: 'wish', wish });
    expect(screen.queryByTestId('donate-amounts')).toBeNull();
    expect(screen.getByTestId('donate-total').textContent).toBe('1 份，合计 ¥166.66');
    for (let i = 0; i < 4; i++) fireEvent.click(screen.getByTestId('shares-plus'));
    expect(screen.getByTestId('shares-value').textContent).toBe('3');
    expect(screen.getByTestId('donate-total').textContent).toBe('3 份，合计 ¥500.00');
    fireEvent.click(screen.getByTestId('shares-minus'));
    expect(payButton().textContent).toBe('支付 ¥333.33');
    fireEvent.click(screen.getByTestId('display-anonymous'));
    fireEvent.click(payButton());
    await waitFor(() => expect(onOrder).toHaveBeenCalledOnce());
    expect(api.createPayOrder.mock.calls[0]?.[0]).toEqual({
      target: { kind: 'wish', wishId: wish.id, shares: 2 },
      donorDisplay: 'anonymous',
      donorName: null,
      channel: 'h5',
    });
  });

  it('shares taken meanwhile: says so, reloads the wish, and counts down to what is left', async () => {
    api.createPayOrder.mockRejectedValue(
      new ApiError('NO_SHARES_LEFT', 409, '这个心愿剩下的份数不够了，请刷新后看看还剩几份'),
    );
    const { onStale, rerender } = renderForm({ kind: 'wish', wish });
    fireEvent.click(screen.getByTestId('shares-plus'));
    fireEvent.click(screen.getByTestId('shares-plus'));
    typeInto('donor-name', '陈小红');
    fireEvent.click(payButton());
    expect((await screen.findByTestId('donate-error')).textContent).toBe(
      '这个心愿剩下的份数不够了，请刷新后看看还剩几份',
    );
    expect(onStale).toHaveBeenCalledOnce();
    rerender({ kind: 'wish', wish: { ...wish, sharesLeft: 1 } });
    expect(screen.getByTestId('shares-value').textContent).toBe('1');
    expect(screen.getByTestId('donate-total').textContent).toBe('1 份，合计 ¥166.67');
    rerender({ kind: 'wish', wish: { ...wish, sharesLeft: 0, status: 'claimed' } });
    expect(screen.getByTestId('donate-wish-closed')).toBeTruthy();
    expect(screen.queryByTestId('donate-pay')).toBeNull();
    expect(screen.getByTestId('donate-elsewhere').textContent).toBe('看看其他心愿');
  });

  it('a one-donor wish: the whole value, no share count', () => {
    renderForm({ kind: 'wish', wish: { ...wish, shares: 1, sharesLeft: 1, estimatedValueFen: 98000 } });
    expect(screen.queryByTestId('shares-value')).toBeNull();
    expect(screen.getByTestId('donate-total').textContent).toBe('合计 ¥980.00');
  });
});

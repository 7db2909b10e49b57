import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LedgerTx } from '../../shared/schemas/ledger';
import type { OnlineRefund } from '../../shared/schemas/payments';
import { ApiError } from '../../client/api/http';
import { LedgerTxSheet } from '../../client/charity/components/LedgerTxSheet';
import { canRefundOnline, txActions } from '../../client/charity/lib/ledger-terms';

const api = vi.hoisted(() => ({ refundOnlineDonation: vi.fn(), refundDonation: vi.fn() }));
vi.mock('../../client/api/payments', () => ({ refundOnlineDonation: api.refundOnlineDonation }));
vi.mock('../../client/api/ledger', () => ({
  refundDonation: api.refundDonation,
  reverseLedgerTx: vi.fn(),
  revalueInKind: vi.fn(),
}));

/** Taro's Textarea is its web component, undefined in jsdom: it reports input as `detail.value`. */
const typeText = (testId: string, value: string) =>
  act(() => {
    screen.getByTestId(testId).dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true }));
  });

/** A ¥50 gift paid with WeChat Pay into a campaign's fund. */
const online: LedgerTx = {
  id: 'TXAAAAAAAAAAAAAA',
  leafIndex: 9,
  kind: 'cash_donation',
  memo: null,
  effectiveAt: '2026-11-23T04:00:00.000Z',
  recordedAt: '2026-11-23T04:00:01.000Z',
  recordedBy: null,
  postings: [
    { account: 'wechat_clearing', unit: 'CNY', amountFen: 5000 },
    { account: 'donation_income', unit: 'CNY', amountFen: -5000 },
    { account: 'restricted_fund:CAMPAIGNAAAAAAAA', unit: 'CNY', amountFen: 5000 },
    { account: 'donation_income', unit: 'CNY', amountFen: -5000 },
  ],
  campaign: { id: 'CAMPAIGNAAAAAAAA', title: '六一·点亮微心愿' },
  wish: null,
  reverses: null,
  reversedBy: null,
  refundOf: null,
  refundedFen: 0,
  donation: {
    receiptNo: '2026-000031',
    receiptId: 'RCAAAAAAAAAAAAAA',
    channel: 'wechat',
    donorName: '陈小红',
    donorDisplay: 'masked',
    publicName: '陈*',
  },
};
const bank: LedgerTx = { ...online, donation: { ...online.donation!, channel: 'bank' } };

function refund(status: OnlineRefund['status'], amountFen = 5000): OnlineRefund {
  return {
    id: 'RFAAAAAAAAAAAAAA',
    status,
    amountFen,
    reason: '捐赠人误捐',
    donationTxId: online.id,
    ledgerTxId: status === 'succeeded' ? 'TXRRRRRRRRRRRRRR' : null,
    requestedAt: '2026-11-23T05:00:00.000Z',
    succeededAt: status === 'succeeded' ? '2026-11-23T05:00:02.000Z' : null,
  };
}

let modal: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset();
  modal = vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' });
});
afterEach(() => vi.restoreAllMocks());

function openRefund(tx: LedgerTx = online) {
  const onDone = vi.fn();
  render(<LedgerTxSheet tx={tx} canWrite onClose={() => {}} onDone={onDone} />);
  fireEvent.click(screen.getByTestId('ledger-online-refund'));
  return onDone;
}

describe('原路退款（微信支付） for a donation paid online', () => {
  it('is offered for online donations only; bank and cash keep 退款', () => {
    expect(canRefundOnline(online)).toBe(true);
    expect(txActions(online).refund).toBe(false);
    expect(canRefundOnline(bank)).toBe(false);
    expect(txActions(bank).refund).toBe(true);
    expect(canRefundOnline({ ...online, refundedFen: 5000 })).toBe(false);
    expect(canRefundOnline({ ...online, reversedBy: 'TXZZZZZZZZZZZZZZ' })).toBe(false);

    const { unmount } = render(<LedgerTxSheet tx={online} canWrite onClose={() => {}} onDone={() => {}} />);
    expect(screen.getByTestId('ledger-online-refund').textContent).toBe('原路退款（微信支付）');
    expect(screen.queryByTestId('ledger-refund')).toBeNull();
    unmount();
    render(<LedgerTxSheet tx={online} canWrite={false} onClose={() => {}} onDone={() => {}} />);
    expect(screen.queryByTestId('ledger-online-refund')).toBeNull();
  });

  it('processing: says WeChat Pay has it and the ledger follows when it confirms; 完成 closes', async () => {
    api.refundOnlineDonation.mockResolvedValue(refund('processing', 2000));
    const onDone = openRefund();
    expect((screen.getByTestId('ledger-amount') as HTMLInputElement).value).toBe('50');
    fireEvent.input(screen.getByTestId('ledger-amount'), { target: { value: '20' } });
    typeText('ledger-reason', '捐赠人误捐');
    fireEvent.click(screen.getByTestId('ledger-submit'));
    const result = await screen.findByTestId('online-refund-result');
    expect(result.getAttribute('data-status')).toBe('processing');
    expect(result.textContent).toContain('退款处理中：已向微信支付提交退款 ¥20.00');
    expect(result.textContent).toContain('请不要重复提交');
    expect(modal).toHaveBeenCalledOnce();
    expect(api.refundOnlineDonation).toHaveBeenCalledWith(
      online.id,
      { amountFen: 2000, reason: '捐赠人误捐' },
      expect.stringMatching(/^[A-Za-z0-9]{24}$/),
    );
    expect(api.refundDonation).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
    expect(screen.queryByTestId('ledger-submit')).toBeNull();
    fireEvent.click(screen.getByTestId('online-refund-done'));
    expect(onDone).toHaveBeenCalledWith('退款处理中');
  });

  it('succeeded: the money is back with the donor and the refund is in the books', async () => {
    api.refundOnlineDonation.mockResolvedValue(refund('succeeded'));
    const onDone = openRefund();
    typeText('ledger-reason', '捐赠人误捐');
    fireEvent.click(screen.getByTestId('ledger-submit'));
    const result = await screen.findByTestId('online-refund-result');
    expect(result.getAttribute('data-status')).toBe('succeeded');
    expect(result.textContent).toBe('退款成功：¥50.00 已原路退回捐赠人的微信，账本已记一笔退款。');
    fireEvent.click(screen.getByTestId('online-refund-done'));
    expect(onDone).toHaveBeenCalledWith('已原路退款');
  });

  it('refuses more than is left before asking; the server’s refusal is shown as it said it', async () => {
    openRefund({ ...online, refundedFen: 3000 });
    fireEvent.input(screen.getByTestId('ledger-amount'), { target: { value: '20.01' } });
    typeText('ledger-reason', '重复付款');
    fireEvent.click(screen.getByTestId('ledger-submit'));
    expect(screen.getByTestId('error-amount').textContent).toBe('最多还能退 ¥20');
    expect(modal).not.toHaveBeenCalled();

    api.refundOnlineDonation.mockRejectedValue(
      new ApiError('PAY_UNAVAILABLE', 503, '微信支付暂时连接不上，请稍后再试（不会重复扣款）'),
    );
    fireEvent.input(screen.getByTestId('ledger-amount'), { target: { value: '20' } });
    fireEvent.click(screen.getByTestId('ledger-submit'));
    expect((await screen.findByTestId('ledger-sheet-error')).textContent).toBe(
      '微信支付暂时连接不上，请稍后再试（不会重复扣款）',
    );
    // Unknown fate: the retry sends the same key, so WeChat Pay gets one refund.
    api.refundOnlineDonation.mockResolvedValue(refund('processing', 2000));
    fireEvent.click(screen.getByTestId('ledger-submit'));
    await screen.findByTestId('online-refund-result');
    const keys = api.refundOnlineDonation.mock.calls.map((c) => c[2]);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('NOT_AN_ONLINE_DONATION from the server is shown as it said it', async () => {
    api.refundOnlineDonation.mockRejectedValue(
      new ApiError(
        'NOT_AN_ONLINE_DONATION',
        422,
        '这笔账目不是在线支付的捐赠：银行或现金捐赠的退款请用“退款”登记',
      ),
    );
    openRefund();
    typeText('ledger-reason', '误捐');
    fireEvent.click(screen.getByTestId('ledger-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('ledger-sheet-error').textContent).toBe(
        '这笔账目不是在线支付的捐赠：银行或现金捐赠的退款请用“退款”登记',
      ),
    );
  });
});

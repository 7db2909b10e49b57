import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LedgerTx } from '../../shared/schemas/ledger';
import { ApiError } from '../../client/api/http';
import DonationPage from '../../client/charity/donation/index';
import { LedgerTxSheet } from '../../client/charity/components/LedgerTxSheet';
import {
  donationRefusal,
  donationRequest,
  donorPreview,
  emptyDonationForm,
} from '../../client/charity/lib/donation-form';
import {
  moneyDirection,
  refundableFen,
  txActions,
  txAmountFen,
  txBadges,
} from '../../client/charity/lib/ledger-terms';
import { hoursText, percentText, periodRange } from '../../client/charity/lib/period';
import { reportBody } from '../../client/charity/lib/report-period';
import {
  availableFen,
  emptyPurchaseForm,
  purchaseRefusal,
  purchaseRequest,
} from '../../client/charity/lib/purchase-form';

const api = vi.hoisted(() => ({
  recordDonation: vi.fn(),
  reverseLedgerTx: vi.fn(),
  refundDonation: vi.fn(),
  revalueInKind: vi.fn(),
  listStaffCampaigns: vi.fn(),
}));
vi.mock('../../client/api/ledger', () => ({
  recordDonation: api.recordDonation,
  reverseLedgerTx: api.reverseLedgerTx,
  refundDonation: api.refundDonation,
  revalueInKind: api.revalueInKind,
}));
vi.mock('../../client/api/staff-wishes', () => ({ listStaffCampaigns: api.listStaffCampaigns }));

/** Taro's Textarea is its web component, undefined in jsdom: it reports input as `detail.value`. */
const typeText = (testId: string, value: string) =>
  act(() => {
    screen.getByTestId(testId).dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true }));
  });

// 20:00 on 23 November 2026 in China.
const NOW = Date.parse('2026-11-23T12:00:00Z');

const donation: LedgerTx = {
  id: 'TXAAAAAAAAAAAAAA',
  leafIndex: 7,
  kind: 'cash_donation',
  memo: null,
  effectiveAt: '2026-11-22T16:00:00.000Z',
  recordedAt: '2026-11-23T02:00:00.000Z',
  recordedBy: '福利股财务·张会计',
  postings: [
    { account: 'bank', unit: 'CNY', amountFen: 50000 },
    { account: 'donation_income', unit: 'CNY', amountFen: -50000 },
  ],
  campaign: null,
  wish: null,
  reverses: null,
  reversedBy: null,
  refundOf: null,
  refundedFen: 0,
  donation: {
    receiptNo: '2026-000008',
    receiptId: 'RCAAAAAAAAAAAAAA',
    channel: 'bank',
    donorName: '张三丰',
    donorDisplay: 'masked',
    publicName: '张*',
  },
};
const purchase: LedgerTx = {
  ...donation,
  id: 'TXBBBBBBBBBBBBBB',
  kind: 'purchase',
  postings: [
    { account: 'program_expense', unit: 'CNY', amountFen: 12000 },
    { account: 'bank', unit: 'CNY', amountFen: -12000 },
    { account: 'restricted_fund:CAMPAIGNAAAAAAAA', unit: 'CNY', amountFen: 12000 },
    { account: 'donation_income', unit: 'CNY', amountFen: -12000 },
  ],
  campaign: { id: 'CAMPAIGNAAAAAAAA', title: '冬日暖心' },
  wish: { id: 'WISHAAAAAAAAAAAA', title: '一个新书包' },
  donation: null,
};
const inKind: LedgerTx = {
  ...donation,
  id: 'TXCCCCCCCCCCCCCC',
  kind: 'inkind_donation',
  postings: [
    { account: 'inkind_handed_over', unit: 'INKIND', amountFen: 9800 },
    { account: 'inkind_received', unit: 'INKIND', amountFen: -9800 },
  ],
};

describe('登记捐赠: the form’s rules, before anything is sent', () => {
  const form = { ...emptyDonationForm(NOW), amount: '500', donorName: '张三丰' };

  it('starts with a bank transfer into the unrestricted fund, masked, received today (China date)', () => {
    expect(emptyDonationForm(Date.parse('2026-11-22T17:00:00Z'))).toMatchObject({
      channel: 'bank',
      campaignId: null,
      donorDisplay: 'masked',
      receivedOn: '2026-11-23',
    });
  });

  it('sends yuan as integer fen, trimmed text, and leaves what is empty out', () => {
    expect(
      donationRequest({ ...form, amount: '128.5', donorName: ' 张三丰 ', receiptNo: ' YX-1 ' }, NOW),
    ).toEqual({
      ok: true,
      body: {
        amountFen: 12850,
        campaignId: null,
        channel: 'bank',
        donorName: '张三丰',
        donorDisplay: 'masked',
        receiptNo: 'YX-1',
        receivedOn: '2026-11-23',
      },
    });
  });

  it.each([
    [{ amount: '' }, { amountFen: '请填写金额' }],
    [{ amount: '1,000' }, { amountFen: '请不要加逗号，直接写数字，如 1200' }],
    [{ amount: '0' }, { amountFen: '金额必须大于 0' }],
    [{ amount: '12.345' }, { amountFen: '金额最多精确到分（小数点后两位）' }],
    [{ amount: '1000001' }, { amountFen: '单笔金额最多 100 万元' }],
    [{ donorName: '' }, { donorName: '实名或隐去名字公示时，请填写捐赠人；不想留名请选“匿名”' }],
    [{ receivedOn: '2026-11-24' }, { receivedOn: '到账日期不能晚于今天' }],
    [{ receiptNo: '票据 1' }, { receiptNo: '票据号只能包含字母、数字和短横线，最多 32 位' }],
  ])('refuses %o with a message under the field', (change, errors) => {
    expect(donationRequest({ ...form, ...change }, NOW)).toEqual({ ok: false, errors });
  });

  it('takes a full-width amount and an anonymous gift without a name', () => {
    const checked = donationRequest(
      { ...form, amount: '５００', donorName: '', donorDisplay: 'anonymous' },
      NOW,
    );
    expect(checked).toMatchObject({ ok: true, body: { amountFen: 50000, donorName: null } });
  });

  it('previews the donor as the public reports will print them', () => {
    expect(donorPreview({ donorName: '张三丰', donorDisplay: 'named' })).toBe('张三丰');
    expect(donorPreview({ donorName: ' 张三丰', donorDisplay: 'masked' })).toBe('张*');
    expect(donorPreview({ donorName: '张三丰', donorDisplay: 'anonymous' })).toBe('匿名');
    expect(donorPreview({ donorName: '', donorDisplay: 'masked' })).toBe('匿名');
  });
});

describe('refusals from the server, worded for the clerk', () => {
  it('puts a receipt number used this year under 票据号', () => {
    const e = new ApiError('RECEIPT_NO_TAKEN', 409, '这个票据号今年已经用过了，请核对票据号');
    expect(donationRefusal(e)).toEqual({
      fields: { receiptNo: '这个票据号今年已经用过了，请核对票据号' },
      general: null,
    });
  });

  it('maps the server’s field issues onto the form', () => {
    const e = new ApiError('VALIDATION_FAILED', 400, '提交的内容不符合要求', [
      { path: 'body.donorName', message: '含有看不见的特殊字符' },
    ]);
    expect(donationRefusal(e)).toEqual({
      fields: { donorName: '含有看不见的特殊字符' },
      general: '有几项需要修改，请看标红的地方',
    });
  });

  it('says how much an overdrawn fund has left, under the amount', () => {
    const e = new ApiError('FUND_INSUFFICIENT', 422, '这笔资金的余额不够', {
      fund: 'general',
      availableFen: 30000,
    });
    expect(availableFen(e)).toBe(30000);
    expect(purchaseRefusal(e, 50000)).toEqual({
      fields: { amountFen: '这笔资金只剩 ¥300，不够支出 ¥500。请核对金额，或换一笔资金。' },
      general: null,
    });
    // Without the figure, the server's own sentence, still under the amount.
    const bare = new ApiError('FUND_INSUFFICIENT', 422, '这笔资金的余额不够，不能支出这么多');
    expect(purchaseRefusal(bare, 50000)).toEqual({
      fields: { amountFen: '这笔资金的余额不够，不能支出这么多' },
      general: null,
    });
  });

  it('words a purchase for a wish already handed over, and who may record one', () => {
    expect(purchaseRefusal(new ApiError('WISH_NOT_PURCHASABLE', 422, 'x'), 1).fields).toEqual({
      wishId: '这个心愿已经转交或下架，不能再为它采购',
    });
    expect(purchaseRefusal(new ApiError('FORBIDDEN', 403, 'x'), 1).general).toBe('只有财务人员可以登记采购');
  });

  it('a purchase needs a wish, an amount and a date not in the future', () => {
    expect(purchaseRequest({ ...emptyPurchaseForm(NOW), paidOn: '2026-12-01' }, NOW)).toEqual({
      ok: false,
      errors: { wishId: '请选择为哪个心愿采购', amountFen: '请填写金额', paidOn: '付款日期不能晚于今天' },
    });
  });
});

describe('reading the books', () => {
  it('an entry’s amount, direction and what can still be done with it', () => {
    expect([txAmountFen(donation), moneyDirection(donation)]).toEqual([50000, 'in']);
    expect([txAmountFen(purchase), moneyDirection(purchase)]).toEqual([12000, 'out']);
    expect([txAmountFen(inKind), moneyDirection(inKind)]).toEqual([9800, 'goods']);
    expect(txActions(donation)).toEqual({ reverse: true, refund: true, revalue: false });
    expect(txActions(inKind)).toEqual({ reverse: true, refund: false, revalue: true });
    expect(txActions({ ...donation, reversedBy: 'TXZZ' })).toEqual({
      reverse: false,
      refund: false,
      revalue: false,
    });
    expect(txActions({ ...donation, kind: 'reversal', reverses: 'TXZZ', donation: null })).toMatchObject({
      reverse: false,
    });
    expect(refundableFen({ ...donation, refundedFen: 20000 })).toBe(30000);
    expect(txBadges({ ...donation, refundedFen: 20000 })).toEqual([{ text: '部分退款', tone: 'warn' }]);
    expect(txBadges({ ...donation, reversedBy: 'TXZZ' })).toEqual([{ text: '已冲正', tone: 'muted' }]);
  });

  it('periods in China dates, hours and rates as read at a glance', () => {
    expect(periodRange('month', NOW)).toEqual({ from: '2026-11-01', to: '2026-11-23' });
    expect(periodRange('quarter', NOW)).toEqual({ from: '2026-10-01', to: '2026-11-23' });
    expect(periodRange('quarter', Date.parse('2026-03-31T15:00:00Z'))).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(periodRange('all', NOW)).toEqual({});
    expect([hoursText(null), hoursText(0.5), hoursText(36.4), hoursText(60)]).toEqual([
      '—',
      '不到 1 小时',
      '36 小时',
      '2.5 天',
    ]);
    expect([percentText(null), percentText(0.75), percentText(1 / 3)]).toEqual(['—', '75%', '33.3%']);
  });
});

describe('公示 periods', () => {
  it('上月, 本月, 本季度 in China time; a campaign once one is chosen', () => {
    expect(reportBody('this_month', NOW, null)).toEqual({ kind: 'month', month: '2026-11' });
    expect(reportBody('last_month', NOW, null)).toEqual({ kind: 'month', month: '2026-10' });
    // 1 January 02:00 in China is still 31 December in UTC.
    const newYear = Date.parse('2026-12-31T18:00:00Z');
    expect(reportBody('last_month', newYear, null)).toEqual({ kind: 'month', month: '2026-12' });
    expect(reportBody('this_month', newYear, null)).toEqual({ kind: 'month', month: '2027-01' });
    expect(reportBody('quarter', NOW, null)).toEqual({ kind: 'quarter', year: 2026, quarter: 4 });
    expect(reportBody('campaign', NOW, null)).toBeNull();
    expect(reportBody('campaign', NOW, 'CAMPAIGNAAAAAAAA')).toEqual({
      kind: 'campaign',
      campaignId: 'CAMPAIGNAAAAAAAA',
    });
  });
});

describe('登记捐赠 page', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    api.listStaffCampaigns.mockResolvedValue({ items: [] });
    api.recordDonation.mockReset();
  });
  afterEach(() => vi.useRealTimers());

  const typeInto = (testId: string, value: string) =>
    fireEvent.input(screen.getByTestId(testId), { target: { value } });

  it('previews the public name live as the name and the display change', () => {
    render(<DonationPage />);
    const preview = () => screen.getByTestId('donation-preview').textContent;
    expect(preview()).toContain('填写捐赠人后显示');
    typeInto('donation-donor', '李春花');
    expect(preview()).toContain('李*');
    fireEvent.click(screen.getByText('实名'));
    expect(preview()).toContain('李春花');
    fireEvent.click(screen.getByText('匿名'));
    expect(preview()).toMatch(/匿名$/);
  });

  it('marks what is missing and sends nothing', () => {
    render(<DonationPage />);
    fireEvent.click(screen.getByTestId('donation-submit'));
    expect(screen.getByTestId('error-amountFen').textContent).toBe('请填写金额');
    expect(screen.getByTestId('error-donorName').textContent).toContain('请填写捐赠人');
    expect(api.recordDonation).not.toHaveBeenCalled();
  });

  it('re-sends the same Idempotency-Key after a network error, a new one once the form changes', async () => {
    api.recordDonation
      .mockRejectedValueOnce(new ApiError('NETWORK_ERROR', 0, '网络不太好，请检查网络后重试'))
      .mockRejectedValueOnce(new ApiError('NETWORK_ERROR', 0, '网络不太好，请检查网络后重试'))
      .mockResolvedValueOnce(donation);
    render(<DonationPage />);
    typeInto('donation-amount', '500');
    typeInto('donation-donor', '张三丰');
    fireEvent.click(screen.getByTestId('donation-submit'));
    await screen.findByText('网络不太好，请检查网络后重试');
    fireEvent.click(screen.getByTestId('donation-submit'));
    await waitFor(() => expect(api.recordDonation).toHaveBeenCalledTimes(2));
    const [first, second] = api.recordDonation.mock.calls.map((c) => c[1] as string);
    expect(second).toBe(first);
    await screen.findByText('网络不太好，请检查网络后重试');
    typeInto('donation-amount', '600');
    fireEvent.click(screen.getByTestId('donation-submit'));
    await screen.findByTestId('donation-done');
    expect(api.recordDonation.mock.calls[2]![1]).not.toBe(first);
    expect(api.recordDonation.mock.calls[2]![0]).toMatchObject({ amountFen: 60000 });
    expect(screen.getByTestId('donation-receipt').textContent).toBe('2026-000008');
    expect(screen.getByTestId('donation-link').textContent).toMatch(
      /\/public\/receipt\/index\?id=RCAAAAAAAAAAAAAA$/,
    );
  });

  it('a receipt number already used comes back under 票据号, the form as typed', async () => {
    api.recordDonation.mockRejectedValueOnce(
      new ApiError('RECEIPT_NO_TAKEN', 409, '这个票据号今年已经用过了，请核对票据号'),
    );
    render(<DonationPage />);
    typeInto('donation-amount', '500');
    typeInto('donation-donor', '张三丰');
    typeInto('donation-receipt-no', 'YX-1');
    fireEvent.click(screen.getByTestId('donation-submit'));
    expect((await screen.findByTestId('error-receiptNo')).textContent).toBe(
      '这个票据号今年已经用过了，请核对票据号',
    );
    expect((screen.getByTestId('donation-amount') as HTMLInputElement).value).toBe('500');
  });
});

describe('an entry’s sheet', () => {
  beforeEach(() => {
    api.reverseLedgerTx.mockReset();
    api.refundDonation.mockReset();
  });

  it('shows the postings by account, debit and credit', () => {
    render(<LedgerTxSheet tx={purchase} canWrite onClose={() => {}} onDone={() => {}} />);
    const postings = screen.getByTestId('ledger-postings').textContent ?? '';
    expect(postings).toContain('项目支出');
    expect(postings).toContain('银行存款');
    expect(postings).toContain('限定性资金（活动） · 冬日暖心');
    expect(postings).toContain('¥120');
    // A purchase is corrected by reversal only; no refund, no revaluation.
    expect(screen.getByTestId('ledger-reverse')).toBeTruthy();
    expect(screen.queryByTestId('ledger-refund')).toBeNull();
    expect(screen.queryByTestId('ledger-revalue')).toBeNull();
  });

  it('offers no corrections to someone who only reads the books', () => {
    render(<LedgerTxSheet tx={donation} canWrite={false} onClose={() => {}} onDone={() => {}} />);
    expect(screen.queryByTestId('ledger-reverse')).toBeNull();
    expect(screen.queryByTestId('ledger-refund')).toBeNull();
  });

  it('冲正 needs a reason, then asks before sending', async () => {
    const modal = vi
      .spyOn(Taro, 'showModal')
      .mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' });
    api.reverseLedgerTx.mockResolvedValue({ ...donation, kind: 'reversal' });
    const onDone = vi.fn();
    render(<LedgerTxSheet tx={donation} canWrite onClose={() => {}} onDone={onDone} />);
    fireEvent.click(screen.getByTestId('ledger-reverse'));
    fireEvent.click(screen.getByTestId('ledger-submit'));
    expect(screen.getByTestId('error-reason').textContent).toBe('请写明冲正原因');
    expect(modal).not.toHaveBeenCalled();
    typeText('ledger-reason', '金额录错了');
    fireEvent.click(screen.getByTestId('ledger-submit'));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('已冲正'));
    expect(modal).toHaveBeenCalledOnce();
    expect(api.reverseLedgerTx).toHaveBeenCalledWith(
      donation.id,
      { reason: '金额录错了' },
      expect.any(String),
    );
    modal.mockRestore();
  });

  it('退款 offers what is left and refuses more', async () => {
    const modal = vi
      .spyOn(Taro, 'showModal')
      .mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' });
    render(
      <LedgerTxSheet
        tx={{ ...donation, refundedFen: 20000 }}
        canWrite
        onClose={() => {}}
        onDone={() => {}}
      />,
    );
    fireEvent.click(screen.getByTestId('ledger-refund'));
    expect((screen.getByTestId('ledger-amount') as HTMLInputElement).value).toBe('300');
    fireEvent.input(screen.getByTestId('ledger-amount'), { target: { value: '301' } });
    typeText('ledger-reason', '重复转账');
    fireEvent.click(screen.getByTestId('ledger-submit'));
    expect(screen.getByTestId('error-amount').textContent).toBe('最多还能退 ¥300');
    expect(api.refundDonation).not.toHaveBeenCalled();
    modal.mockRestore();
  });
});

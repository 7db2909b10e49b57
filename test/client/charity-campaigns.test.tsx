import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Campaign } from '../../shared/schemas/staff-wishes';
import { ApiError } from '../../client/api/http';
import { CampaignForm } from '../../client/charity/components/CampaignForm';
import { CampaignRow, campaignProgress } from '../../client/charity/components/CampaignRow';
import { campaignBody, checkCampaignForm, emptyCampaignForm } from '../../client/charity/lib/campaign-form';

// The server, as the form meets it: what was sent, and the answer to give.
const server = vi.hoisted(() => ({
  sent: [] as unknown[],
  answer: (): Promise<unknown> => Promise.reject(new Error('no answer set')),
}));
vi.mock('../../client/api/staff-wishes', () => ({
  createCampaign: (body: unknown) => {
    server.sent.push(body);
    return server.answer();
  },
}));
const accept = (c: Campaign) => (server.answer = async () => c);
const refuse = (e: ApiError) =>
  (server.answer = async () => {
    throw e;
  });

const campaign: Campaign = {
  id: 'AAAAAAAAAAAAAAAA',
  title: '六一·点亮微心愿',
  description: '为留守儿童实现一个小心愿',
  startsOn: '2026-05-20',
  endsOn: '2026-06-30',
  targetWishCount: 20,
  publishedWishes: 5,
  state: 'running',
};

describe('campaign row', () => {
  it('shows the theme, dates, state and progress toward the target', () => {
    render(<CampaignRow campaign={campaign} />);
    expect(screen.getByText('六一·点亮微心愿')).toBeTruthy();
    expect(screen.getByText('进行中')).toBeTruthy();
    expect(screen.getByText('2026年5月20日 – 2026年6月30日')).toBeTruthy();
    expect(screen.getByText(/已发布 5 个心愿 \/ 目标 20 个/)).toBeTruthy();
  });

  it.each([
    ['upcoming', '未开始'],
    ['ended', '已结束'],
  ] as const)('words the state %s as %s', (state, word) => {
    render(<CampaignRow campaign={{ ...campaign, state }} />);
    expect(screen.getByText(word)).toBeTruthy();
  });

  it('fills the bar in proportion, and no further than full', () => {
    expect(campaignProgress({ publishedWishes: 5, targetWishCount: 20 })).toBe(25);
    expect(campaignProgress({ publishedWishes: 30, targetWishCount: 20 })).toBe(100);
    expect(campaignProgress({ publishedWishes: 0, targetWishCount: 0 })).toBe(0);
  });
});

describe('campaign form rules', () => {
  const now = Date.parse('2026-05-01T02:00:00Z');

  it('starts today (China time) for a month with a target of 20', () => {
    expect(emptyCampaignForm(Date.parse('2026-04-30T17:00:00Z'))).toMatchObject({
      startsOn: '2026-05-01',
      endsOn: '2026-05-31',
      targetWishCount: '20',
    });
  });

  it('sends trimmed text, leaves an empty description out, and the target as a number', () => {
    const form = { ...emptyCampaignForm(now), title: ' 六一 ', description: '  ', targetWishCount: '12' };
    expect(campaignBody(form)).toEqual({
      title: '六一',
      startsOn: '2026-05-01',
      endsOn: '2026-05-31',
      targetWishCount: 12,
    });
  });

  it('says what is missing or wrong, field by field', () => {
    const errors = checkCampaignForm({
      ...emptyCampaignForm(now),
      title: '',
      startsOn: '2026-06-10',
      endsOn: '2026-06-01',
      targetWishCount: '2.5',
    });
    expect(errors).toEqual({
      title: '请填写活动主题',
      endsOn: '结束日期不能早于开始日期',
      targetWishCount: '目标心愿数必须是整数',
    });
    expect(checkCampaignForm({ ...emptyCampaignForm(now), title: '六一', targetWishCount: '' })).toEqual({
      targetWishCount: '请填写目标心愿数',
    });
    expect(checkCampaignForm({ ...emptyCampaignForm(now), title: '六一', targetWishCount: '0' })).toEqual({
      targetWishCount: '目标心愿数至少为 1',
    });
  });
});

describe('campaign form', () => {
  beforeEach(() => {
    server.sent = [];
  });

  // Taro's Input is the <input> itself in jsdom (on H5 it wraps one).
  const field = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;
  const typeInto = (testId: string, value: string) => fireEvent.input(field(testId), { target: { value } });

  it('creates a campaign', async () => {
    accept(campaign);
    const onCreated = vi.fn();
    render(<CampaignForm onCreated={onCreated} onCancel={() => {}} />);
    typeInto('campaign-title', '六一·点亮微心愿');
    fireEvent.click(screen.getByText('创建活动'));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(campaign));
    expect(server.sent[0]).toMatchObject({ title: '六一·点亮微心愿', targetWishCount: 20 });
  });

  it('checks before sending: a missing theme is marked and nothing is sent', () => {
    render(<CampaignForm onCreated={() => {}} onCancel={() => {}} />);
    fireEvent.click(screen.getByText('创建活动'));
    expect(screen.getByText('请填写活动主题')).toBeTruthy();
    expect(screen.getByTestId('campaign-form-error').textContent).toBe('有几项需要修改，请看标红的地方');
    expect(server.sent).toEqual([]);
  });

  it('puts the server’s field errors under their fields and keeps what was typed', async () => {
    refuse(
      new ApiError('VALIDATION_FAILED', 400, '提交的内容不符合要求', [
        { path: 'body.title', message: '含有看不见的特殊字符（如零宽字符），请重新输入这段文字' },
      ]),
    );
    render(<CampaignForm onCreated={() => {}} onCancel={() => {}} />);
    typeInto('campaign-title', '六一');
    fireEvent.click(screen.getByText('创建活动'));
    await screen.findByText('含有看不见的特殊字符（如零宽字符），请重新输入这段文字');
    expect(field('campaign-title').value).toBe('六一');
  });

  it('shows a refused date range under the end date', async () => {
    refuse(new ApiError('CAMPAIGN_DATES_INVALID', 422, '活动的结束日期不能早于开始日期'));
    render(<CampaignForm onCreated={() => {}} onCancel={() => {}} />);
    typeInto('campaign-title', '六一');
    fireEvent.click(screen.getByText('创建活动'));
    await screen.findByText('结束日期不能早于开始日期，也不能早于今天');
  });

  it('says who may create a campaign when the server refuses', async () => {
    refuse(new ApiError('FORBIDDEN', 403, '没有权限进行这个操作'));
    render(<CampaignForm onCreated={() => {}} onCancel={() => {}} />);
    typeInto('campaign-title', '六一');
    fireEvent.click(screen.getByText('创建活动'));
    await waitFor(() =>
      expect(screen.getByTestId('campaign-form-error').textContent).toBe('只有机构管理员或督导可以创建活动'),
    );
  });
});

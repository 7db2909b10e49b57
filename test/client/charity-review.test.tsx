import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { StaffWish } from '../../shared/schemas/staff-wishes';
import { ApiError } from '../../client/api/http';
import { QueueRow } from '../../client/charity/components/QueueRow';
import { WishPreview } from '../../client/charity/components/WishPreview';
import { ReturnSheet } from '../../client/charity/components/ReturnSheet';
import { addReason, oneLine } from '../../client/charity/components/ReturnSheet/reasons';
import { reviewRefusal } from '../../client/charity/lib/review-refusal';
import { reviewWaitLabel } from '../../client/charity/lib/waiting';

const NOW = Date.parse('2026-11-23T12:00:00Z');

function wish(overrides: Partial<StaffWish> = {}): StaffWish {
  return {
    id: 'AAAAAAAAAAAAAAAA',
    status: 'in_review',
    title: '一套口琴入门课',
    description: '小琴喜欢音乐，想学口琴。',
    kind: 'service',
    quantity: 1,
    estimatedValueFen: 30000,
    shares: 1,
    beneficiary: {
      id: 'BBBBBBBBBBBBBBBB',
      pseudonym: '小琴',
      age: 11,
      gender: 'female',
      category: 'education',
      urgency: 'red',
      story: null,
      consentGiven: true,
    },
    region: { id: 'CCCCCCCCCCCCCCCC', name: '上坑村' },
    town: { id: 'DDDDDDDDDDDDDDDD', name: '石桥镇' },
    handoverSite: { id: 'EEEEEEEEEEEEEEEE', name: '上坑村儿童之家' },
    campaign: null,
    contentCheck: 'pass',
    returnReason: null,
    createdBy: '儿童主任·林姐',
    createdAt: '2026-11-20T12:00:00.000Z',
    updatedAt: '2026-11-21T12:00:00.000Z',
    submittedAt: '2026-11-21T12:00:00.000Z',
    reviewedAt: null,
    publishedAt: null,
    version: 2,
    ...overrides,
  };
}

describe('review queue row', () => {
  it('shows urgency as a word, the public facts, value and how long it has waited', () => {
    render(<QueueRow wish={wish()} now={NOW} onOpen={() => {}} />);
    expect(screen.getByText('紧急').className).toContain('urgency-tag--red');
    expect(screen.getByText('一套口琴入门课')).toBeTruthy();
    expect(screen.getByText(/小琴 · 11岁 · 女 · 石桥镇/)).toBeTruthy();
    expect(screen.getByText('教育')).toBeTruthy();
    expect(screen.getByText('¥300')).toBeTruthy();
    expect(screen.getByText('已等 2 天')).toBeTruthy();
  });

  it.each([
    ['review', '需重点核查'],
    ['unchecked', '未经自动检测'],
  ] as const)('marks a wish whose content check said %s with “%s”', (contentCheck, badge) => {
    render(<QueueRow wish={wish({ contentCheck })} now={NOW} onOpen={() => {}} />);
    expect(screen.getByTestId('check-badge').textContent).toBe(badge);
  });

  it.each(['pass', null] as const)('shows no badge when the check said %s', (contentCheck) => {
    render(<QueueRow wish={wish({ contentCheck })} now={NOW} onOpen={() => {}} />);
    expect(screen.queryByTestId('check-badge')).toBeNull();
  });

  it('opens the wish on tap', () => {
    const onOpen = vi.fn();
    render(<QueueRow wish={wish()} now={NOW} onOpen={onOpen} />);
    fireEvent.click(screen.getByText('一套口琴入门课'));
    expect(onOpen).toHaveBeenCalledOnce();
  });

  it('words the wait since submission', () => {
    expect(reviewWaitLabel('2026-11-23T11:30:00Z', NOW)).toBe('刚刚提交');
    expect(reviewWaitLabel('2026-11-23T07:00:00Z', NOW)).toBe('已等 5 小时');
    expect(reviewWaitLabel('2026-11-20T12:00:00Z', NOW)).toBe('已等 3 天');
    expect(reviewWaitLabel(null, NOW)).toBe('等待审核');
  });
});

describe('return-reason sheet', () => {
  const reasonBox = () => screen.getByTestId('return-reason');
  const type = (text: string) =>
    reasonBox().dispatchEvent(new CustomEvent('input', { detail: { value: text }, bubbles: true }));

  it('refuses to return without a reason', () => {
    const onSubmit = vi.fn();
    render(<ReturnSheet busy={false} error={null} onCancel={() => {}} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByText('确认退回'));
    expect(screen.getByTestId('return-reason-error').textContent).toBe('请写明退回的原因，方便社工修改');
    expect(onSubmit).not.toHaveBeenCalled();

    // Spaces alone are no reason either.
    type('   ');
    fireEvent.click(screen.getByText('确认退回'));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('fills the box from the quick picks, and sends what is in the box', () => {
    const onSubmit = vi.fn();
    render(<ReturnSheet busy={false} error={null} onCancel={() => {}} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByText('含有可能识别孩子身份的信息'));
    expect(reasonBox().getAttribute('value')).toBe('含有可能识别孩子身份的信息');
    fireEvent.click(screen.getByText('金额与物品不符'));
    expect(reasonBox().getAttribute('value')).toBe('含有可能识别孩子身份的信息；金额与物品不符');
    // The same pick twice adds nothing.
    fireEvent.click(screen.getByText('金额与物品不符'));
    expect(reasonBox().getAttribute('value')).toBe('含有可能识别孩子身份的信息；金额与物品不符');

    fireEvent.click(screen.getByText('确认退回'));
    expect(onSubmit).toHaveBeenCalledWith('含有可能识别孩子身份的信息；金额与物品不符');
  });

  it('keeps a typed reason on one line, clears the error once typing starts', () => {
    const onSubmit = vi.fn();
    render(<ReturnSheet busy={false} error={null} onCancel={() => {}} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByText('确认退回'));
    expect(screen.getByTestId('return-reason-error')).toBeTruthy();
    type('描述里写了学校名称\n请删去');
    expect(screen.queryByTestId('return-reason-error')).toBeNull();
    fireEvent.click(screen.getByText('描述不清楚，请补充'));
    fireEvent.click(screen.getByText('确认退回'));
    expect(onSubmit).toHaveBeenCalledWith('描述里写了学校名称 请删去；描述不清楚，请补充');
  });

  it('shows the server’s refusal and cannot be sent twice while busy', () => {
    const onSubmit = vi.fn();
    render(<ReturnSheet busy error="网络不太好，请检查网络后重试" onCancel={() => {}} onSubmit={onSubmit} />);
    expect(screen.getByText('网络不太好，请检查网络后重试')).toBeTruthy();
    const send = screen.getByTestId('return-submit');
    expect(send.textContent).toBe('正在退回…');
    fireEvent.click(send);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('never grows past the limit of 200 characters', () => {
    expect(oneLine('字'.repeat(250))).toHaveLength(200);
    expect(addReason('字'.repeat(199), '金额与物品不符')).toHaveLength(200);
    expect(addReason('请补充照片。', '金额与物品不符')).toBe('请补充照片；金额与物品不符');
  });
});

describe('refused decisions', () => {
  it('sends the reviewer back to the queue when someone else decided first', () => {
    const r = reviewRefusal(new ApiError('WISH_TRANSITION_REFUSED', 422, '心愿当前的状态不能进行这个操作'));
    expect(r).toMatchObject({ kind: 'gone', title: '这个心愿已经处理过了' });
  });

  it('explains a missing consent and a missing right, and stays', () => {
    const consent = reviewRefusal(new ApiError('CONSENT_REQUIRED', 422, '这份档案还没有监护人同意记录'));
    expect(consent.kind).toBe('stay');
    expect(consent.kind === 'stay' && consent.message).toContain('请社工登记监护人同意');
    const forbidden = reviewRefusal(new ApiError('FORBIDDEN', 403, '没有权限进行这个操作'));
    expect(forbidden.kind === 'stay' && forbidden.message).toContain('没有审核这个心愿的权限');
  });

  it('lists the privacy findings the server found', () => {
    const r = reviewRefusal(
      new ApiError('PRIVACY_FINDINGS', 422, '公开内容里有可能暴露孩子身份的信息', [
        {
          field: 'description',
          kind: 'phone',
          start: 0,
          end: 11,
          text: '13800138000',
          message: '像是手机号',
        },
      ]),
    );
    expect(r.kind === 'stay' && r.lines).toEqual(['“13800138000”：像是手机号']);
  });
});

describe('wish preview', () => {
  it('shows the public wish view with the notes only staff see', () => {
    const story = '小琴和奶奶一起生活，最喜欢唱歌。';
    render(
      <WishPreview
        wish={wish({ shares: 3, beneficiary: { ...wish().beneficiary, story } })}
        orgName="云溪县民政局儿童福利股"
        now={NOW}
      />,
    );
    expect(screen.getByTestId('wish-title').textContent).toBe('一套口琴入门课');
    expect(screen.getByText(/小琴 · 11岁 · 女 · 石桥镇/)).toBeTruthy();
    expect(screen.getByText(/共 3 份 · 剩 3 份/)).toBeTruthy();
    expect(screen.getByText(story)).toBeTruthy();
    expect(screen.getByText(/只有监护人同意公开故事时/)).toBeTruthy();
    expect(screen.getByTestId('handover').textContent).toBe('由 云溪县民政局儿童福利股 在 石桥镇 转交');
    expect(screen.getByText('转交点：上坑村儿童之家（仅工作人员可见）。')).toBeTruthy();
  });
});

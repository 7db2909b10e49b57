import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { describe, expect, it, vi } from 'vitest';
import type { PublicWishCard } from '../../shared/schemas/wishes';
import { ListFooter } from '../../client/components/ListFooter';
import { EmptyPanel, ErrorPanel } from '../../client/components/StatePanel';
import { UrgencyTag } from '../../client/components/UrgencyTag';
import { WishCard } from '../../client/components/WishCard';

const NOW = Date.parse('2026-11-23T12:00:00Z');

const wish: PublicWishCard = {
  id: 'AAAAAAAAAAAAAAAA',
  title: '一辆轻便轮椅',
  kind: 'item',
  pseudonym: '小潘',
  age: { min: 13, max: 13 },
  gender: 'male',
  category: 'disability',
  urgency: 'red',
  estimatedValueFen: 98050,
  shares: 1,
  sharesLeft: 1,
  town: '南岭镇',
  campaign: null,
  status: 'published',
  publishedAt: '2026-11-20T12:00:00.000Z',
};

describe('UrgencyTag', () => {
  it.each([
    ['red', '紧急'],
    ['orange', '较急'],
    ['yellow', '一般'],
    ['blue', '常规'],
  ] as const)('shows %s as the word %s, not colour alone', (level, word) => {
    render(<UrgencyTag level={level} />);
    const tag = screen.getByText(word);
    expect(tag.className).toContain(`urgency-tag--${level}`);
  });
});

describe('WishCard', () => {
  it('shows the public facts of a wish: title, pseudonym, age, town, category, kind, value, waiting time', () => {
    render(<WishCard wish={wish} now={NOW} />);
    expect(screen.getByText('一辆轻便轮椅')).toBeTruthy();
    expect(screen.getByText(/小潘 · 13岁 · 男 · 南岭镇/)).toBeTruthy();
    expect(screen.getByText('残疾')).toBeTruthy();
    expect(screen.getByText('物品')).toBeTruthy();
    expect(screen.getByText('紧急')).toBeTruthy();
    expect(screen.getByText('¥980.50')).toBeTruthy();
    expect(screen.getByText('已等待 3 天')).toBeTruthy();
    expect(screen.queryByText(/份/)).toBeNull();
  });

  it('shows an age band, not an age, when the exact age would single the child out', () => {
    render(<WishCard wish={{ ...wish, age: { min: 6, max: 9 } }} now={NOW} />);
    expect(screen.getByText(/小潘 · 6–9岁 · 男 · 南岭镇/)).toBeTruthy();
    expect(screen.queryByText(/13岁/)).toBeNull();
  });

  it('shows how many shares a split wish has, how many are left, and what one share costs', () => {
    render(<WishCard wish={{ ...wish, estimatedValueFen: 100000, shares: 5, sharesLeft: 3 }} now={NOW} />);
    expect(screen.getByText('共 5 份 · 剩 3 份')).toBeTruthy();
    expect(screen.getByText('¥200')).toBeTruthy();
    expect(screen.getByText('¥1,000')).toBeTruthy();
  });

  it('tags the campaign the wish belongs to', () => {
    render(
      <WishCard
        wish={{ ...wish, campaign: { id: 'BBBBBBBBBBBBBBBB', title: '六一·点亮微心愿' } }}
        now={NOW}
      />,
    );
    expect(screen.getByText('六一·点亮微心愿')).toBeTruthy();
  });

  it("opens the wish's page when tapped", () => {
    const navigateTo = vi.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    render(<WishCard wish={wish} now={NOW} />);
    fireEvent.click(screen.getByText('一辆轻便轮椅'));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/wish/index?id=AAAAAAAAAAAAAAAA' });
    navigateTo.mockRestore();
  });
});

describe('state panels', () => {
  it('empty state explains what will appear', () => {
    render(<EmptyPanel title="暂时没有待认领的心愿" hint="下拉可以刷新" />);
    expect(screen.getByText('暂时没有待认领的心愿')).toBeTruthy();
    expect(screen.getByText('下拉可以刷新')).toBeTruthy();
  });

  it('error state shows the message and retries on tap', () => {
    const onRetry = vi.fn();
    render(<ErrorPanel message="网络不太好，请检查网络后重试" onRetry={onRetry} />);
    expect(screen.getByText('网络不太好，请检查网络后重试')).toBeTruthy();
    fireEvent.click(screen.getByText('重新加载'));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('list footer offers a retry when loading more failed', () => {
    const onRetry = vi.fn();
    render(<ListFooter more="error" hasMore onRetry={onRetry} />);
    fireEvent.click(screen.getByText('加载失败，点此重试'));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('list footer says when the end is reached', () => {
    render(<ListFooter more="idle" hasMore={false} onRetry={() => {}} />);
    expect(screen.getByText('— 已经到底了 —')).toBeTruthy();
  });
});

import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PublicWishDetail } from '../../shared/schemas/wishes';
import { WishDetailView } from '../../client/components/WishDetailView';

const NOW = Date.parse('2026-11-23T12:00:00Z');

const wish: PublicWishDetail = {
  id: 'AAAAAAAAAAAAAAAA',
  title: '一个新书包和一套文具',
  kind: 'item',
  pseudonym: '小棋',
  age: { min: 9, max: 9 },
  gender: 'female',
  category: 'left_behind',
  urgency: 'orange',
  estimatedValueFen: 15000,
  shares: 1,
  sharesLeft: 1,
  town: '石桥镇',
  campaign: null,
  status: 'published',
  publishedAt: '2026-11-17T12:00:00.000Z',
  description: '旧书包的背带断了，用绳子绑着背了一学期。',
  quantity: 1,
  story: '爸爸妈妈在外地打工，小棋和奶奶一起生活，最喜欢语文课。',
  handover: { organization: '云溪县民政局儿童福利股', town: '石桥镇' },
  progress: { claimedAt: null, deliveredAt: null, confirmedAt: null },
};

describe('wish detail', () => {
  it('shows the public facts, the description, the story and where the gift is handed over', () => {
    render(<WishDetailView wish={wish} now={NOW} />);
    expect(screen.getByText('一个新书包和一套文具')).toBeTruthy();
    expect(screen.getByText('较急')).toBeTruthy();
    expect(screen.getByText('留守')).toBeTruthy();
    expect(screen.getByText('物品')).toBeTruthy();
    expect(screen.getByText('已等待 6 天')).toBeTruthy();
    expect(screen.getByText(/小棋 · 9岁 · 女 · 石桥镇/)).toBeTruthy();
    expect(screen.getByText('¥150')).toBeTruthy();
    expect(screen.getByText(wish.description)).toBeTruthy();
    expect(screen.getByText('小棋的故事')).toBeTruthy();
    expect(screen.getByText(wish.story as string)).toBeTruthy();
    expect(screen.getByText('由 云溪县民政局儿童福利股 在 石桥镇 转交')).toBeTruthy();
    expect(screen.getByText(/捐赠人不会拿到孩子的家庭住址/)).toBeTruthy();
  });

  it('says nothing at all about a story that may not be published', () => {
    render(<WishDetailView wish={{ ...wish, story: null }} now={NOW} />);
    expect(screen.queryByText(/故事/)).toBeNull();
  });

  it('shows an age band, the shares and the campaign when there are any', () => {
    render(
      <WishDetailView
        wish={{
          ...wish,
          age: { min: 6, max: 9 },
          estimatedValueFen: 150000,
          shares: 10,
          sharesLeft: 4,
          campaign: { id: 'BBBBBBBBBBBBBBBB', title: '六一·点亮微心愿' },
        }}
        now={NOW}
      />,
    );
    expect(screen.getByText(/小棋 · 6–9岁 · 女 · 石桥镇/)).toBeTruthy();
    expect(screen.getByText(/共 10 份 · 剩 4 份/)).toBeTruthy();
    expect(screen.getByText('¥150')).toBeTruthy(); // one share of ¥1,500
    expect(screen.getByText('六一·点亮微心愿')).toBeTruthy();
  });

  it('says where a wish is in its life once it is no longer open', () => {
    render(<WishDetailView wish={{ ...wish, status: 'claimed' }} now={NOW} />);
    expect(screen.getByText('已认领')).toBeTruthy();
  });
});

describe('a wish on its way', () => {
  it('tells the public its status and the days it was claimed and handed over, nothing more', () => {
    render(
      <WishDetailView
        wish={{
          ...wish,
          status: 'delivered',
          sharesLeft: 0,
          progress: {
            claimedAt: '2026-11-20T02:00:00.000Z',
            deliveredAt: '2026-11-21T17:00:00.000Z',
            confirmedAt: null,
          },
        }}
        now={NOW}
      />,
    );
    expect(screen.getByText('已送达 · 11月20日认领 · 11月22日送到孩子手中')).toBeTruthy();
  });
});

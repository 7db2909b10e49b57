import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublicWishDetail } from '../../shared/schemas/wishes';
import WishPage from '../../client/pages/wish';

/**
 * G12 for share cards: what a wish's mini-program share (useShareAppMessage) carries. It is built
 * from the wish's public answer alone: the pseudonym and the public title, and a link by public
 * id. Every other field of the answer (story, description, town, campaign, hand-over place) is
 * given a sentinel here and must not reach the card; the API's marker probe
 * (test/api/privacy-probe.test.ts) shows the public answer itself carries nothing of the child's
 * file. (A report's card is its organization's name and the report's title: no wish data.)
 */

const share = vi.hoisted(() => ({ card: null as null | (() => { title: string; path: string }) }));
const router = vi.hoisted(() => ({ id: '' }));
vi.mock('@tarojs/taro', async (original) => {
  const taro = await original<{ default: Record<string, unknown> }>();
  return {
    ...taro,
    default: {
      ...taro.default,
      showShareMenu: () => Promise.resolve(),
      setNavigationBarTitle: () => Promise.resolve(),
    },
    useRouter: () => ({ params: { id: router.id } }),
    useDidShow: () => undefined,
    useShareAppMessage: (make: () => { title: string; path: string }) => {
      share.card = make;
    },
  };
});

const SENTINEL = 'SENTINEL不应出现在分享卡片';

const wish: PublicWishDetail = {
  id: 'WishWishWishWis1',
  title: '一个新书包',
  kind: 'item',
  pseudonym: '小棋',
  age: { min: 9, max: 9 },
  gender: 'female',
  category: 'left_behind',
  urgency: 'orange',
  estimatedValueFen: 15000,
  shares: 1,
  sharesLeft: 1,
  town: `${SENTINEL}镇`,
  campaign: { id: 'CampCampCampCam1', title: `${SENTINEL}活动` },
  status: 'published',
  publishedAt: '2026-11-17T12:00:00.000Z',
  description: `${SENTINEL}描述`,
  quantity: 1,
  story: `${SENTINEL}故事`,
  handover: { organization: `${SENTINEL}机构`, town: `${SENTINEL}镇` },
  progress: { claimedAt: null, deliveredAt: null, confirmedAt: null },
};

vi.mock('../../client/api/wishes', async (original) => ({
  ...(await original<Record<string, unknown>>()),
  getWish: () => Promise.resolve(wish),
}));

afterEach(() => {
  share.card = null;
});

describe('share cards (G12)', () => {
  it('a wish is shared as its pseudonym and public title, linked by its public id, nothing more', async () => {
    router.id = wish.id;
    render(<WishPage />);
    await screen.findByText(wish.description);
    const card = share.card?.();
    expect(card).toEqual({ title: '小棋的心愿：一个新书包', path: `/pages/wish/index?id=${wish.id}` });
    expect(JSON.stringify(card)).not.toContain(SENTINEL);
  });
});

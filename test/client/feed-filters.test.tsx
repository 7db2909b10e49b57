import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FeedBar } from '../../client/components/FeedBar';
import { FilterSheet } from '../../client/components/FilterSheet';
import {
  activeFilterCount,
  feedQuery,
  NO_FILTERS,
  toggleIn,
  VALUE_RANGES,
  type WishFilters,
} from '../../client/utils/wish-filters';

const api = vi.hoisted(() => ({ listCampaigns: vi.fn(), listWishTowns: vi.fn() }));
vi.mock('../../client/api/wishes', () => api);
const { listCampaigns, listWishTowns } = api;

afterEach(() => {
  listCampaigns.mockReset();
  listWishTowns.mockReset();
  vi.restoreAllMocks();
});

const TOWN = { id: 'TTTTTTTTTTTTTTTT', name: '石桥镇', wishes: 8 };
const CAMPAIGN = {
  id: 'CCCCCCCCCCCCCCCC',
  title: '六一·点亮微心愿',
  organization: '云溪县民政局儿童福利股',
  startsOn: '2026-05-20',
  endsOn: '2026-06-30',
};

describe('feedQuery: the filters a donor chose → the feed query', () => {
  it('sends only the order when nothing is filtered', () => {
    expect(feedQuery('urgent', NO_FILTERS)).toEqual({ sort: 'urgent' });
    expect(feedQuery('value_desc', NO_FILTERS, 'next-page')).toEqual({
      sort: 'value_desc',
      cursor: 'next-page',
    });
  });

  it('joins multi-select lists with commas and passes single choices as they are', () => {
    const filters: WishFilters = {
      region: TOWN.id,
      categories: ['illness', 'left_behind'],
      urgencies: ['red', 'orange'],
      kind: 'service',
      value: null,
      campaign: CAMPAIGN.id,
    };
    expect(feedQuery('newest', filters)).toEqual({
      sort: 'newest',
      region: TOWN.id,
      category: 'illness,left_behind',
      urgency: 'red,orange',
      kind: 'service',
      campaign: CAMPAIGN.id,
    });
  });

  it.each([
    ['under100', undefined, '10000'],
    ['100to500', '10001', '50000'],
    ['500to2000', '50001', '200000'],
    ['over2000', '200001', undefined],
  ] as const)('turns the value range %s into fen bounds (%s – %s)', (value, min, max) => {
    const query = feedQuery('urgent', { ...NO_FILTERS, value });
    expect(query.minValueFen).toBe(min);
    expect(query.maxValueFen).toBe(max);
  });

  it('has value ranges that neither overlap nor leave a gap (bounds are inclusive)', () => {
    for (let i = 1; i < VALUE_RANGES.length; i++) {
      const prev = VALUE_RANGES[i - 1] as { maxValueFen: number };
      const next = VALUE_RANGES[i] as { minValueFen: number };
      expect(next.minValueFen).toBe(prev.maxValueFen + 1);
    }
  });

  it('counts the filter groups in use, not the chips', () => {
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...NO_FILTERS, urgencies: ['red', 'orange'] })).toBe(1);
    expect(activeFilterCount({ ...NO_FILTERS, urgencies: ['red'], kind: 'item', value: 'under100' })).toBe(3);
    expect(activeFilterCount({ ...NO_FILTERS, region: TOWN.id, campaign: CAMPAIGN.id })).toBe(2);
  });

  it('keeps a multi-select list in the order people see the chips', () => {
    const order = ['red', 'orange', 'yellow', 'blue'] as const;
    expect(toggleIn(['blue'], 'red', order)).toEqual(['red', 'blue']);
    expect(toggleIn(['red', 'blue'], 'red', order)).toEqual(['blue']);
  });
});

describe('FilterSheet', () => {
  const open = async (value = NO_FILTERS) => {
    const onApply = vi.fn();
    const onClose = vi.fn();
    render(<FilterSheet value={value} onApply={onApply} onClose={onClose} />);
    await act(async () => {});
    return { onApply, onClose };
  };

  it('applies the chips chosen, with the towns and campaigns the server offers', async () => {
    listCampaigns.mockResolvedValue({ items: [CAMPAIGN] });
    listWishTowns.mockResolvedValue({ items: [TOWN, { id: 'UUUUUUUUUUUUUUUU', name: '南岭镇', wishes: 3 }] });
    const { onApply } = await open();
    fireEvent.click(screen.getByText('石桥镇'));
    fireEvent.click(screen.getByText('紧急'));
    fireEvent.click(screen.getByText('较急'));
    fireEvent.click(screen.getByText('留守'));
    fireEvent.click(screen.getByText('体验'));
    fireEvent.click(screen.getByText('100–500 元'));
    fireEvent.click(screen.getByText(CAMPAIGN.title));
    fireEvent.click(screen.getByText('确定'));
    expect(onApply).toHaveBeenCalledWith({
      region: TOWN.id,
      categories: ['left_behind'],
      urgencies: ['red', 'orange'],
      kind: 'experience',
      value: '100to500',
      campaign: CAMPAIGN.id,
    });
  });

  it('shows what is already chosen, and 重置 clears it before 确定', async () => {
    listCampaigns.mockResolvedValue({ items: [] });
    listWishTowns.mockResolvedValue({ items: [TOWN] });
    const { onApply } = await open({ ...NO_FILTERS, region: TOWN.id, urgencies: ['red'], kind: 'item' });
    expect(screen.getByText('石桥镇').closest('[data-selected]')?.getAttribute('data-selected')).toBe('true');
    expect(screen.getByText('紧急').closest('[data-selected]')?.getAttribute('data-selected')).toBe('true');
    expect(screen.getByText('现在没有进行中的活动')).toBeTruthy();
    fireEvent.click(screen.getByText('重置'));
    fireEvent.click(screen.getByText('确定'));
    expect(onApply).toHaveBeenCalledWith(NO_FILTERS);
  });

  it('a second tap on a single choice takes it back', async () => {
    listCampaigns.mockResolvedValue({ items: [] });
    listWishTowns.mockResolvedValue({ items: [] });
    const { onApply } = await open();
    fireEvent.click(screen.getByText('物品'));
    fireEvent.click(screen.getByText('物品'));
    fireEvent.click(screen.getByText('确定'));
    expect(onApply).toHaveBeenCalledWith(NO_FILTERS);
  });

  it('closes without applying anything', async () => {
    listCampaigns.mockResolvedValue({ items: [] });
    listWishTowns.mockResolvedValue({ items: [] });
    const { onApply, onClose } = await open();
    fireEvent.click(screen.getByText('紧急'));
    fireEvent.click(screen.getByText('关闭'));
    expect(onClose).toHaveBeenCalledOnce();
    expect(onApply).not.toHaveBeenCalled();
  });

  it('offers a retry when the campaigns cannot load, and the other choices still work', async () => {
    listCampaigns.mockRejectedValueOnce(new Error('offline')).mockResolvedValue({ items: [CAMPAIGN] });
    listWishTowns.mockResolvedValue({ items: [TOWN] });
    const { onApply } = await open();
    expect(screen.getByText('石桥镇')).toBeTruthy();
    fireEvent.click(screen.getByText('没能加载，点此重试'));
    await act(async () => {});
    expect(screen.getByText(CAMPAIGN.title)).toBeTruthy();
    fireEvent.click(screen.getByText('较急'));
    fireEvent.click(screen.getByText('确定'));
    expect(onApply).toHaveBeenCalledWith({ ...NO_FILTERS, urgencies: ['orange'] });
  });
});

describe('FeedBar', () => {
  it('shows the order and the number of filters in use, and changes the order from the action sheet', async () => {
    const sheet = vi.spyOn(Taro, 'showActionSheet').mockResolvedValue({ tapIndex: 3, errMsg: 'ok' });
    const onSort = vi.fn();
    const onOpenFilters = vi.fn();
    render(<FeedBar sort="urgent" onSort={onSort} filterCount={2} onOpenFilters={onOpenFilters} />);
    expect(screen.getByText('紧急优先')).toBeTruthy();
    expect(screen.getByText('2')).toBeTruthy();
    fireEvent.click(screen.getByTestId('sort-button'));
    await act(async () => {});
    expect(sheet.mock.calls[0]?.[0].itemList).toEqual([
      '紧急优先',
      '最新发布',
      '金额从低到高',
      '金额从高到低',
    ]);
    expect(onSort).toHaveBeenCalledWith('value_desc');
    fireEvent.click(screen.getByText('筛选'));
    expect(onOpenFilters).toHaveBeenCalledOnce();
  });

  it('keeps the order when the action sheet is cancelled', async () => {
    vi.spyOn(Taro, 'showActionSheet').mockRejectedValue({ errMsg: 'showActionSheet:fail cancel' });
    const onSort = vi.fn();
    render(<FeedBar sort="newest" onSort={onSort} filterCount={0} onOpenFilters={() => {}} />);
    fireEvent.click(screen.getByTestId('sort-button'));
    await act(async () => {});
    expect(onSort).not.toHaveBeenCalled();
    expect(screen.queryByText('0')).toBeNull();
  });
});

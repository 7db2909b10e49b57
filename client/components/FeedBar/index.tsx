import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { WISH_SORT_LABELS, WISH_SORTS, type WishSort } from '../../../shared/constants';
import './index.scss';

/** The line above the feed: how it is ordered (chosen from the system's action sheet) and 筛选. */
export function FeedBar({
  sort,
  onSort,
  filterCount,
  onOpenFilters,
}: {
  sort: WishSort;
  onSort: (sort: WishSort) => void;
  filterCount: number;
  onOpenFilters: () => void;
}) {
  const chooseSort = () =>
    Taro.showActionSheet({ itemList: WISH_SORTS.map((s) => WISH_SORT_LABELS[s]) }).then(
      ({ tapIndex }) => {
        const chosen = WISH_SORTS[tapIndex];
        if (chosen && chosen !== sort) onSort(chosen);
      },
      () => undefined, // cancelled: the order stays
    );
  return (
    <View className="feed-bar">
      <View className="feed-bar__button" data-testid="sort-button" onClick={() => void chooseSort()}>
        <Text className="feed-bar__label">排序</Text>
        <Text className="feed-bar__value">{WISH_SORT_LABELS[sort]}</Text>
        <Text className="feed-bar__caret">▾</Text>
      </View>
      <View
        className={`feed-bar__button${filterCount ? ' feed-bar__button--on' : ''}`}
        data-testid="filter-button"
        onClick={onOpenFilters}
      >
        <Text>筛选</Text>
        {filterCount > 0 && <Text className="feed-bar__count">{filterCount}</Text>}
      </View>
    </View>
  );
}

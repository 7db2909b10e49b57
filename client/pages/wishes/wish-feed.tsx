import { View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import type { WishSort } from '../../../shared/constants';
import { listWishes } from '../../api/wishes';
import { EmptyWithAction } from '../../components/EmptyWithAction';
import { ListFooter } from '../../components/ListFooter';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { WishCard } from '../../components/WishCard';
import { usePagedList } from '../../hooks/use-paged-list';
import { feedQuery, type WishFilters } from '../../utils/wish-filters';

/**
 * One list of wishes for one order and set of filters, with its loading, empty and error
 * states. `onClearFilters` is given when filters are in use: the empty state then offers it.
 */
export function WishFeed({
  sort,
  filters,
  onClearFilters,
}: {
  sort: WishSort;
  filters: WishFilters;
  onClearFilters?: (() => void) | undefined;
}) {
  const fetchPage = useCallback(
    (cursor: string | undefined) => listWishes(feedQuery(sort, filters, cursor)),
    [sort, filters],
  );
  const { state, refresh, loadMore } = usePagedList(fetchPage);
  // "Waiting for N days" is counted from when the list was last (re)loaded.
  const [now, setNow] = useState(Date.now);

  usePullDownRefresh(() => {
    setNow(Date.now());
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void loadMore();
  });

  if (state.phase === 'loading') return <LoadingPanel />;
  if (state.phase === 'error')
    return <ErrorPanel message={state.error ?? ''} onRetry={() => void refresh()} />;
  if (state.items.length === 0) {
    return onClearFilters ? (
      <EmptyWithAction
        title="没有符合筛选条件的心愿"
        hint="换个条件试试，或者清除筛选看看全部心愿。"
        action="清除筛选"
        onAction={onClearFilters}
      />
    ) : (
      <EmptyPanel title="暂时没有待认领的心愿" hint="新的心愿审核通过后会出现在这里，下拉可以刷新。" />
    );
  }
  return (
    <View data-testid="wish-list">
      {state.items.map((wish) => (
        <WishCard key={wish.id} wish={wish} now={now} />
      ))}
      <ListFooter more={state.more} hasMore={state.nextCursor !== null} onRetry={() => void loadMore()} />
    </View>
  );
}

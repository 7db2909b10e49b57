import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { listWishes } from '../../api/wishes';
import { ListFooter } from '../../components/ListFooter';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { WishCard } from '../../components/WishCard';
import { usePagedList } from '../../hooks/use-paged-list';
import './index.scss';

/** 心愿 tab: the donor feed of published wishes, most urgent and longest waiting first. */
export default function WishesPage() {
  const fetchPage = useCallback((cursor: string | undefined) => listWishes({ cursor }), []);
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

  return (
    <View className="wishes-page">
      <View className="wishes-page__intro">
        <Text className="wishes-page__headline">每一个小心愿，都在等一份善意</Text>
        <Text className="wishes-page__sub">
          紧急和等待最久的心愿排在前面。认领后按期兑现，由社工转交给孩子。
        </Text>
      </View>
      {state.phase === 'loading' && <LoadingPanel />}
      {state.phase === 'error' && <ErrorPanel message={state.error ?? ''} onRetry={() => void refresh()} />}
      {state.phase === 'ready' && state.items.length === 0 && (
        <EmptyPanel title="暂时没有待认领的心愿" hint="新的心愿审核通过后会出现在这里，下拉可以刷新。" />
      )}
      {state.phase === 'ready' && state.items.length > 0 && (
        <View data-testid="wish-list">
          {state.items.map((wish) => (
            <WishCard key={wish.id} wish={wish} now={now} />
          ))}
          <ListFooter more={state.more} hasMore={state.nextCursor !== null} onRetry={() => void loadMore()} />
        </View>
      )}
    </View>
  );
}

import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { reviewQueue } from '../../api/staff-wishes';
import { ListFooter } from '../../components/ListFooter';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { usePagedList } from '../../hooks/use-paged-list';
import { QueueRow } from '../components/QueueRow';
import { WISH_REVIEWED } from '../lib/events';
import '../charity.scss';
import './index.scss';

/** 心愿审核: wishes waiting for this reviewer, urgent on top, then the longest waiting. */
export default function ReviewQueue() {
  const fetchPage = useCallback((cursor: string | undefined) => reviewQueue({ cursor }), []);
  const { state, refresh, loadMore } = usePagedList(fetchPage);
  // "已等 N 天" is counted from when the list was last (re)loaded.
  const [now, setNow] = useState(Date.now);
  const reload = useCallback(() => {
    setNow(Date.now());
    return refresh();
  }, [refresh]);

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void loadMore();
  });
  // A decision taken on the detail page takes the wish out of this list.
  useEffect(() => {
    const onReviewed = () => void reload();
    Taro.eventCenter.on(WISH_REVIEWED, onReviewed);
    return () => {
      Taro.eventCenter.off(WISH_REVIEWED, onReviewed);
    };
  }, [reload]);

  return (
    <View className="ch-page">
      <View className="ch-intro">
        <Text className="ch-intro__title">等你审核的心愿</Text>
        <Text className="ch-intro__sub">
          紧急的排在前面，同样紧急的先提交先审。通过后心愿才会公开给爱心人士。
        </Text>
      </View>
      <View className="review-queue__list">
        {state.phase === 'loading' && <LoadingPanel />}
        {state.phase === 'error' && <ErrorPanel message={state.error ?? ''} onRetry={() => void reload()} />}
        {state.phase === 'ready' && state.items.length === 0 && (
          <EmptyPanel
            title="没有待审核的心愿"
            hint="社工提交的心愿都处理完了，辛苦了！有新的心愿提交时会出现在这里，下拉可以刷新。"
          />
        )}
        {state.phase === 'ready' && state.items.length > 0 && (
          <View data-testid="review-queue">
            {state.items.map((wish) => (
              <QueueRow
                key={wish.id}
                wish={wish}
                now={now}
                onOpen={() => void Taro.navigateTo({ url: `/charity/review-detail/index?id=${wish.id}` })}
              />
            ))}
            <ListFooter
              more={state.more}
              hasMore={state.nextCursor !== null}
              onRetry={() => void loadMore()}
            />
          </View>
        )}
      </View>
    </View>
  );
}

import { View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { listStaffClaims, type StaffClaimStage } from '../../api/fulfilment';
import { ListFooter } from '../../components/ListFooter';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { usePagedList } from '../../hooks/use-paged-list';
import { ClaimRow } from '../components/ClaimRow';
import { fulfilmentUrl } from '../lib/fulfilment';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import { Tabs } from '../../components/Tabs';
import '../caseworker.scss';
import './index.scss';

type Tab = Exclude<StaffClaimStage, 'all'>;
const TABS: { value: Tab; label: string; empty: string; hint: string }[] = [
  {
    value: 'incoming',
    label: '在路上',
    empty: '没有在路上的礼物',
    hint: '爱心人士认领心愿、寄出礼物后，会出现在这里。',
  },
  {
    value: 'received',
    label: '待转交',
    empty: '没有等待转交的礼物',
    hint: '签收后的礼物在这里，转交给孩子时拍照确认。',
  },
  {
    value: 'problem',
    label: '有问题',
    empty: '没有签收有问题的礼物',
    hint: '签收时发现损坏、不符或数量不够的，会在这里。',
  },
  { value: 'done', label: '已完成', empty: '还没有完成的心愿', hint: '转交给孩子后，会出现在这里。' },
];

/** 礼物签收: gifts of my region's wishes, by where they stand; open one to receive or hand it over. */
export default function IncomingPage() {
  const { params } = useRouter();
  const [tab, setTab] = useState<Tab>(TABS.find((t) => t.value === params.stage)?.value ?? 'incoming');
  const fetchPage = useCallback(
    (cursor: string | undefined) => listStaffClaims({ stage: tab, cursor }),
    [tab],
  );
  const { state, refresh, loadMore } = usePagedList(fetchPage);
  const [now] = useState(() => Date.now());

  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());
  useReloadOnShow(() => void refresh());

  const current = TABS.find((t) => t.value === tab) ?? TABS[0]!;
  return (
    <View className="cw-page incoming-page">
      <Tabs tabs={TABS} value={tab} onChange={setTab} />

      {state.phase === 'loading' && <LoadingPanel />}
      {state.phase === 'error' && <ErrorPanel message={state.error ?? ''} onRetry={() => void refresh()} />}
      {state.phase === 'ready' && state.items.length === 0 && (
        <EmptyPanel title={current.empty} hint={current.hint} />
      )}
      {state.phase === 'ready' && state.items.length > 0 && (
        <View data-testid="claims">
          {state.items.map((c) => (
            <ClaimRow
              key={c.id}
              claim={c}
              now={now}
              onOpen={() => void Taro.navigateTo({ url: fulfilmentUrl(c.wish.id) })}
            />
          ))}
          <ListFooter more={state.more} hasMore={state.nextCursor !== null} onRetry={() => void loadMore()} />
        </View>
      )}
    </View>
  );
}

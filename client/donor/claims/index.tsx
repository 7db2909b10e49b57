import { View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { listMyClaims } from '../../api/claims';
import { EmptyWithAction } from '../../components/EmptyWithAction';
import { ListFooter } from '../../components/ListFooter';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { usePagedList } from '../../hooks/use-paged-list';
import { ClaimRow } from '../components/ClaimRow';
import { useNow } from '../lib/use-now';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import { Tabs } from '../../components/Tabs';
import '../donor.scss';

type Tab = 'active' | 'done';
const TABS: { value: Tab; label: string; empty: string; hint: string }[] = [
  {
    value: 'active',
    label: '进行中',
    empty: '还没有进行中的认领',
    hint: '在心愿池里挑一个心愿认领吧，认领后可以在这里看期限和进度。',
  },
  {
    value: 'done',
    label: '已结束',
    empty: '还没有结束的认领',
    hint: '礼物交到孩子手中、或退出认领后，会出现在这里。',
  },
];

/** 我的认领: what is under way (with the time left) and what has ended. */
export default function ClaimsPage() {
  const { params } = useRouter();
  const [tab, setTab] = useState<Tab>(params.state === 'done' ? 'done' : 'active');
  const fetchPage = useCallback((cursor: string | undefined) => listMyClaims(tab, cursor), [tab]);
  const { state, refresh, loadMore } = usePagedList(fetchPage);
  const now = useNow();

  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());
  useReloadOnShow(() => void refresh());

  const current = TABS.find((t) => t.value === tab) ?? TABS[0]!;
  return (
    <View className="dn-page">
      <Tabs tabs={TABS} value={tab} onChange={setTab} />

      {state.phase === 'loading' && <LoadingPanel />}
      {state.phase === 'error' && <ErrorPanel message={state.error ?? ''} onRetry={() => void refresh()} />}
      {state.phase === 'ready' && state.items.length === 0 && (
        <EmptyWithAction
          title={current.empty}
          hint={current.hint}
          action="去心愿池看看"
          onAction={() => void Taro.switchTab({ url: '/pages/wishes/index' })}
        />
      )}
      {state.phase === 'ready' && state.items.length > 0 && (
        <View data-testid="my-claims">
          {state.items.map((c) => (
            <ClaimRow
              key={c.id}
              claim={c}
              now={now}
              onOpen={() => void Taro.navigateTo({ url: `/donor/claim/index?id=${c.id}` })}
            />
          ))}
          <ListFooter more={state.more} hasMore={state.nextCursor !== null} onRetry={() => void loadMore()} />
        </View>
      )}
    </View>
  );
}

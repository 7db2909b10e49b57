import { View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import type { WishStatus } from '../../../shared/constants';
import { listStaffWishes } from '../../api/staff-wishes';
import { ListFooter } from '../../components/ListFooter';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { usePagedList } from '../../hooks/use-paged-list';
import { WishRow } from '../components/WishRow';
import { canCancel, confirmAndCancel } from '../lib/cancel-wish';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import { wishPageUrl } from '../lib/wish-urls';
import { Tabs } from '../../components/Tabs';
import '../caseworker.scss';

type Tab = WishStatus | 'all';
const TABS: { value: Tab; label: string; empty: string; hint: string }[] = [
  { value: 'draft', label: '草稿', empty: '没有草稿', hint: '在孩子档案里点“为 TA 发布心愿”开始写。' },
  {
    value: 'in_review',
    label: '待审核',
    empty: '没有等待审核的心愿',
    hint: '提交审核后，督导看过就会发布。',
  },
  {
    value: 'returned',
    label: '退回修改',
    empty: '没有被退回的心愿',
    hint: '督导退回的心愿会在这里，改好再提交。',
  },
  { value: 'published', label: '已发布', empty: '还没有已发布的心愿', hint: '审核通过后会出现在这里。' },
  { value: 'all', label: '全部', empty: '还没有心愿', hint: '在孩子档案里点“为 TA 发布心愿”开始写。' },
];

/** 我发布的心愿: my wishes by status; open one to edit (draft, returned) or read it. */
export default function WishesPage() {
  const { params } = useRouter();
  const initial = TABS.find((t) => t.value === params.status)?.value ?? 'all';
  const [tab, setTab] = useState<Tab>(initial);
  const fetchPage = useCallback(
    (cursor: string | undefined) => listStaffWishes({ cursor, status: tab === 'all' ? undefined : tab }),
    [tab],
  );
  const { state, refresh, loadMore } = usePagedList(fetchPage);

  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());
  useReloadOnShow(() => void refresh());

  const current = TABS.find((t) => t.value === tab) ?? TABS[4]!;
  return (
    <View className="cw-page wishes-list-page">
      <Tabs tabs={TABS} value={tab} onChange={setTab} />

      {state.phase === 'loading' && <LoadingPanel />}
      {state.phase === 'error' && <ErrorPanel message={state.error ?? ''} onRetry={() => void refresh()} />}
      {state.phase === 'ready' && state.items.length === 0 && (
        <EmptyPanel title={current.empty} hint={current.hint} />
      )}
      {state.phase === 'ready' && state.items.length > 0 && (
        <View data-testid="my-wishes">
          {state.items.map((w) => (
            <WishRow
              key={w.id}
              wish={w}
              onOpen={() => void Taro.navigateTo({ url: wishPageUrl(w) })}
              onCancel={
                canCancel(w)
                  ? () => void confirmAndCancel(w).then((done) => done && void refresh())
                  : undefined
              }
            />
          ))}
          <ListFooter more={state.more} hasMore={state.nextCursor !== null} onRetry={() => void loadMore()} />
        </View>
      )}
    </View>
  );
}

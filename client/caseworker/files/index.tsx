import { Input, ScrollView, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import {
  DIFFICULTY_CATEGORIES,
  DIFFICULTY_CATEGORY_LABELS,
  TEXT_LIMITS,
  URGENCY_LABELS,
  URGENCY_LEVELS,
  type DifficultyCategory,
  type UrgencyLevel,
} from '../../../shared/constants';
import { listBeneficiaries } from '../../api/beneficiaries';
import { ListFooter } from '../../components/ListFooter';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { usePagedList } from '../../hooks/use-paged-list';
import { ActionButton } from '../components/ActionButton';
import { ChoiceChips } from '../components/ChoiceChips';
import { FileRow } from '../components/FileRow';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import '../caseworker.scss';
import './index.scss';

const SEARCH_DELAY_MS = 500;
const newFile = () => void Taro.navigateTo({ url: '/caseworker/file-edit/index' });

/** 孩子档案: my files, searched by pseudonym and filtered by category and urgency. */
export default function FilesPage() {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<DifficultyCategory | null>(null);
  const [urgency, setUrgency] = useState<UrgencyLevel | null>(null);

  // Search once she stops typing, not on every character (weak networks).
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const fetchPage = useCallback(
    (cursor: string | undefined) =>
      listBeneficiaries({
        cursor,
        q: q || undefined,
        category: category ?? undefined,
        urgency: urgency ?? undefined,
      }),
    [q, category, urgency],
  );
  const { state, refresh, loadMore } = usePagedList(fetchPage);
  const filtered = Boolean(q || category || urgency);

  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());
  useReloadOnShow(() => void refresh());

  return (
    <View className="cw-page files-page">
      <View className="files-page__top">
        <Input
          className="cw-input files-page__search"
          confirmType="search"
          maxlength={TEXT_LIMITS.search}
          placeholder="按化名查找，如 小棋"
          value={typed}
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={() => setQ(typed.trim())}
        />
        <ActionButton small onClick={newFile} testId="new-file">
          新建档案
        </ActionButton>
      </View>
      <ScrollView scrollX className="files-page__filters">
        <ChoiceChips
          nowrap
          allowNone
          choices={DIFFICULTY_CATEGORIES.map((c) => ({ value: c, label: DIFFICULTY_CATEGORY_LABELS[c] }))}
          value={category}
          onChange={setCategory}
        />
      </ScrollView>
      <ScrollView scrollX className="files-page__filters">
        <ChoiceChips
          nowrap
          allowNone
          choices={URGENCY_LEVELS.map((u) => ({ value: u, label: URGENCY_LABELS[u], dot: u }))}
          value={urgency}
          onChange={setUrgency}
        />
      </ScrollView>

      {state.phase === 'loading' && <LoadingPanel />}
      {state.phase === 'error' && <ErrorPanel message={state.error ?? ''} onRetry={() => void refresh()} />}
      {state.phase === 'ready' && state.items.length === 0 && (
        <View>
          {filtered ? (
            <EmptyPanel title="没有找到符合条件的档案" hint="换个化名，或再点一下已选的条件取消筛选。" />
          ) : (
            <>
              <EmptyPanel
                title="还没有孩子档案"
                hint="为需要帮助的孩子建一份档案，就可以帮 TA 发布心愿了。"
              />
              <View className="cw-actions">
                <ActionButton onClick={newFile}>建第一份档案</ActionButton>
              </View>
            </>
          )}
        </View>
      )}
      {state.phase === 'ready' && state.items.length > 0 && (
        <View data-testid="file-list">
          {state.items.map((f) => (
            <FileRow
              key={f.id}
              file={f}
              onOpen={() => void Taro.navigateTo({ url: `/caseworker/file/index?id=${f.id}` })}
            />
          ))}
          <ListFooter more={state.more} hasMore={state.nextCursor !== null} onRetry={() => void loadMore()} />
        </View>
      )}
    </View>
  );
}

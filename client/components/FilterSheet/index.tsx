import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { type ReactNode, useEffect, useState } from 'react';
import {
  DIFFICULTY_CATEGORIES,
  DIFFICULTY_CATEGORY_LABELS,
  URGENCY_LABELS,
  URGENCY_LEVELS,
  WISH_KIND_LABELS,
  WISH_KINDS,
} from '../../../shared/constants';
import { listCampaigns, listWishTowns } from '../../api/wishes';
import { useLoad } from '../../hooks/use-load';
import { NO_FILTERS, toggleIn, VALUE_RANGES, type WishFilters } from '../../utils/wish-filters';
import './index.scss';

/** In the mini-program, keeps the feed behind the sheet from scrolling (H5 has no such prop). */
const stopScrollThrough = process.env.TARO_ENV === 'weapp' ? { catchMove: true } : {};

/**
 * The feed's filters in a bottom sheet. Choices are a draft until 确定: closing the sheet
 * leaves the feed as it was.
 */
export function FilterSheet({
  value,
  onApply,
  onClose,
}: {
  value: WishFilters;
  onApply: (filters: WishFilters) => void;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState(value);
  useHideH5TabBar();
  const set = (patch: Partial<WishFilters>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <View className="filter-sheet" data-testid="filter-sheet" {...stopScrollThrough}>
      <View className="filter-sheet__mask" onClick={onClose} />
      <View className="filter-sheet__panel" role="dialog" aria-label="筛选心愿">
        <View className="filter-sheet__head">
          <Text className="filter-sheet__heading">筛选心愿</Text>
          <Text className="filter-sheet__close" onClick={onClose} aria-label="关闭">
            关闭
          </Text>
        </View>
        <View className="filter-sheet__body">
          <Section title="紧急程度" hint="可多选">
            {URGENCY_LEVELS.map((u) => (
              <Chip
                key={u}
                on={draft.urgencies.includes(u)}
                onTap={() => set({ urgencies: toggleIn(draft.urgencies, u, URGENCY_LEVELS) })}
              >
                <Text className={`filter-chip__dot filter-chip__dot--${u}`} />
                {URGENCY_LABELS[u]}
              </Chip>
            ))}
          </Section>
          <LoadedChoices
            title="地区"
            load={listWishTowns}
            none="暂时没有等待认领的心愿"
            selected={draft.region}
            onSelect={(region) => set({ region })}
          />
          <Section title="困境类别" hint="可多选">
            {DIFFICULTY_CATEGORIES.map((c) => (
              <Chip
                key={c}
                on={draft.categories.includes(c)}
                onTap={() => set({ categories: toggleIn(draft.categories, c, DIFFICULTY_CATEGORIES) })}
              >
                {DIFFICULTY_CATEGORY_LABELS[c]}
              </Chip>
            ))}
          </Section>
          <Section title="心愿类型">
            {WISH_KINDS.map((k) => (
              <Chip key={k} on={draft.kind === k} onTap={() => set({ kind: draft.kind === k ? null : k })}>
                {WISH_KIND_LABELS[k]}
              </Chip>
            ))}
          </Section>
          <Section title="金额">
            {VALUE_RANGES.map((r) => (
              <Chip
                key={r.key}
                on={draft.value === r.key}
                onTap={() => set({ value: draft.value === r.key ? null : r.key })}
              >
                {r.label}
              </Chip>
            ))}
          </Section>
          <LoadedChoices
            title="活动"
            load={listCampaigns}
            none="现在没有进行中的活动"
            selected={draft.campaign}
            onSelect={(campaign) => set({ campaign })}
          />
        </View>
        <View className="filter-sheet__actions">
          <Button className="filter-sheet__reset" onClick={() => setDraft(NO_FILTERS)}>
            重置
          </Button>
          <Button className="filter-sheet__apply" onClick={() => onApply(draft)}>
            确定
          </Button>
        </View>
      </View>
    </View>
  );
}

/**
 * H5 draws its tab bar above everything on the page, the sheet's buttons included; the
 * mini-program's native tab bar sits below the page, so there the sheet needs nothing.
 */
function useHideH5TabBar() {
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return;
    void Taro.hideTabBar({ animation: false }).catch(() => undefined);
    return () => void Taro.showTabBar({ animation: false }).catch(() => undefined);
  }, []);
}

/** Choices the server knows (towns with wishes, running campaigns), loaded when the sheet opens. */
function LoadedChoices({
  title,
  load,
  none,
  selected,
  onSelect,
}: {
  title: string;
  load: () => Promise<{ items: { id: string; name?: string; title?: string }[] }>;
  none: string;
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  const { state, reload } = useLoad(load);
  return (
    <Section title={title}>
      {state.status === 'loading' && <Text className="filter-sheet__note">正在加载…</Text>}
      {state.status === 'error' && (
        <Text className="filter-sheet__note filter-sheet__note--error" onClick={reload}>
          没能加载，点此重试
        </Text>
      )}
      {state.status === 'ready' && state.data.items.length === 0 && (
        <Text className="filter-sheet__note">{none}</Text>
      )}
      {state.status === 'ready' &&
        state.data.items.map((c) => (
          <Chip key={c.id} on={selected === c.id} onTap={() => onSelect(selected === c.id ? null : c.id)}>
            {c.name ?? c.title}
          </Chip>
        ))}
    </Section>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <View className="filter-sheet__section">
      <View className="filter-sheet__title">
        <Text>{title}</Text>
        {hint && <Text className="filter-sheet__hint">{hint}</Text>}
      </View>
      <View className="filter-sheet__chips">{children}</View>
    </View>
  );
}

function Chip({ on, onTap, children }: { on: boolean; onTap: () => void; children: ReactNode }) {
  return (
    <View
      className={`filter-chip${on ? ' filter-chip--on' : ''}`}
      data-selected={on}
      role="checkbox"
      aria-checked={on}
      onClick={onTap}
    >
      {children}
    </View>
  );
}

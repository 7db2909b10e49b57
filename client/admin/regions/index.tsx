import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { RegionLevel } from '../../../shared/constants';
import type { Region } from '../../../shared/schemas/orgs';
import * as orgs from '../../api/orgs';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { useSubmit } from '../../hooks/use-submit';
import '../admin.scss';
import './index.scss';

const LEVEL_LABELS: Record<RegionLevel, string> = {
  county: '县（区）',
  town: '镇（街道）',
  village: '村（社区）',
};
const CHILD_LABEL: Record<RegionLevel, string | null> = {
  county: '镇（街道）',
  town: '村（社区）',
  village: null,
};

/** Platform admin: the region tree, indented; tap a county or town to add a place under it. */
export default function RegionsPage() {
  const { state, reload } = useLoad(orgs.listRegions);
  const [parent, setParent] = useState<Region | null>(null);
  const [name, setName] = useState('');
  const submit = useSubmit();

  if (state.status === 'loading') return <LoadingPanel />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  const { items } = state.data;

  const add = async () => {
    const ok = await submit.run(() => orgs.createRegion(parent?.id, name.trim()));
    if (ok) {
      setName('');
      void Taro.showToast({ title: '已添加', icon: 'none' });
      reload();
    }
  };

  return (
    <View className="admin-page">
      <View className="admin-card">
        <Text className="admin-card__title">
          {parent ? `在「${parent.name}」下添加${CHILD_LABEL[parent.level] ?? ''}` : '添加县（区）'}
        </Text>
        <View className="admin-form">
          <Input
            className="admin-form__input"
            placeholder="名称"
            value={name}
            maxlength={30}
            onInput={(e) => setName(e.detail.value)}
          />
          <Button
            className="admin-form__submit"
            type="primary"
            block
            disabled={submit.busy || name.trim().length < 2}
            onClick={() => void add()}
          >
            添加
          </Button>
          {parent && (
            <Text className="region-tree__clear" onClick={() => setParent(null)}>
              改为添加县（区）
            </Text>
          )}
          {submit.error && <Text className="admin-form__error">{submit.error}</Text>}
        </View>
      </View>

      <View className="admin-card">
        <Text className="admin-card__title">全部地区（{items.length}）· 点选县或镇可在其下添加</Text>
        {items.map((r) => (
          <View
            key={r.id}
            className={`admin-row region-tree__row region-tree__row--${r.level} ${parent?.id === r.id ? 'region-tree__row--chosen' : ''}`}
            onClick={() => CHILD_LABEL[r.level] && setParent(r)}
          >
            <Text className="admin-row__title">{r.name}</Text>
            <Text className="region-tree__level">{LEVEL_LABELS[r.level]}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

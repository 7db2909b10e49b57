import { Input, Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { ORGANIZATION_KIND_LABELS, ORGANIZATION_KINDS } from '../../../shared/constants';
import * as orgs from '../../api/orgs';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { useSubmit } from '../../hooks/use-submit';
import '../admin.scss';

/** Platform admin: the organizations sharing this deployment, and a form to add one. */
export default function OrgsPage() {
  const fetch = useCallback(() => Promise.all([orgs.listOrganizations(), orgs.listRegions()]), []);
  const { state, reload } = useLoad(fetch);
  const [name, setName] = useState('');
  const [kindIndex, setKindIndex] = useState(1);
  const [regionIndex, setRegionIndex] = useState(0);
  const submit = useSubmit();

  if (state.status === 'loading') return <LoadingPanel />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  const [{ items }, { items: allRegions }] = state.data;
  // Organizations serve a county or a town.
  const regions = allRegions.filter((r) => r.level !== 'village');
  const kind = ORGANIZATION_KINDS[kindIndex] ?? 'charity';
  const region = regions[regionIndex];

  const create = async () => {
    if (!region) return submit.setError('请选择机构服务的地区');
    const ok = await submit.run(() =>
      orgs.createOrganization({ name: name.trim(), kind, regionId: region.id }),
    );
    if (ok) {
      setName('');
      void Taro.showToast({ title: '机构已创建', icon: 'none' });
      reload();
    }
  };

  return (
    <View className="admin-page">
      <View className="admin-card">
        <Text className="admin-card__title">机构（{items.length}）</Text>
        {items.length === 0 && <EmptyPanel title="还没有机构" hint="在下面添加第一个机构。" />}
        {items.map((o) => (
          <View
            key={o.id}
            className="admin-row"
            onClick={() =>
              void Taro.navigateTo({
                url: `/admin/members/index?orgId=${o.id}&name=${encodeURIComponent(o.name)}`,
              })
            }
          >
            <View className="admin-row__main">
              <Text className="admin-row__title">{o.name}</Text>
              <Text className="admin-row__sub">
                {ORGANIZATION_KIND_LABELS[o.kind]} · {o.region.name}
              </Text>
            </View>
            <Text className="admin-row__action">成员 ›</Text>
          </View>
        ))}
      </View>

      <View className="admin-card">
        <Text className="admin-card__title">添加机构</Text>
        <View className="admin-form">
          <Input
            className="admin-form__input"
            placeholder="机构名称，如：云溪县慈善总会"
            value={name}
            maxlength={60}
            onInput={(e) => setName(e.detail.value)}
          />
          <Picker
            mode="selector"
            range={ORGANIZATION_KINDS.map((k) => ORGANIZATION_KIND_LABELS[k])}
            value={kindIndex}
            onChange={(e) => setKindIndex(Number(e.detail.value))}
          >
            <View className="admin-form__picker">类型：{ORGANIZATION_KIND_LABELS[kind]}</View>
          </Picker>
          <Picker
            mode="selector"
            range={regions.map((r) => r.name)}
            value={regionIndex}
            onChange={(e) => setRegionIndex(Number(e.detail.value))}
          >
            <View className="admin-form__picker">服务地区：{region ? region.name : '请选择'}</View>
          </Picker>
          <Button
            className="admin-form__submit"
            type="primary"
            block
            disabled={submit.busy || name.trim().length < 2}
            onClick={() => void create()}
          >
            创建机构
          </Button>
          {submit.error && <Text className="admin-form__error">{submit.error}</Text>}
        </View>
      </View>

      <View className="admin-card">
        <View className="admin-row" onClick={() => void Taro.navigateTo({ url: '/admin/regions/index' })}>
          <View className="admin-row__main">
            <Text className="admin-row__title">地区管理</Text>
            <Text className="admin-row__sub">县 → 镇（街道）→ 村（社区）</Text>
          </View>
          <Text className="admin-row__action">›</Text>
        </View>
      </View>
    </View>
  );
}

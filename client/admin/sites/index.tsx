import { Input, Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import * as z from 'zod/mini';
import { TEXT_LIMITS } from '../../../shared/constants';
import { fieldIssueSchema } from '../../../shared/errors';
import type { Region } from '../../../shared/schemas/orgs';
import { ApiError } from '../../api/http';
import * as orgs from '../../api/orgs';
import { createHandoverSite, listHandoverSites } from '../../api/staff-wishes';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { useSubmit } from '../../hooks/use-submit';
import '../admin.scss';

type Field = 'name' | 'regionId' | 'address' | 'contactPhone';
const FIELDS: readonly string[] = ['name', 'regionId', 'address', 'contactPhone'];

/** Refusals about the region, worded for this screen and shown under the region picker. */
const REGION_REFUSALS: Record<string, string> = {
  REGION_NOT_FOUND: '没有找到这个地区，请重新选择',
  REGION_OUTSIDE_ORG: '这个地区不在本机构的服务地区之内，请选择机构服务范围内的乡镇或村',
};

/** Towns, each followed by its villages ("城关镇 · 南桥村"): where a site can be. */
function siteRegions(regions: readonly Region[]): { id: string; label: string }[] {
  return regions
    .filter((r) => r.level === 'town')
    .flatMap((town) => [
      { id: town.id, label: town.name },
      ...regions
        .filter((v) => v.level === 'village' && v.parentId === town.id)
        .map((v) => ({ id: v.id, label: `${town.name} · ${v.name}` })),
    ]);
}

/** A refusal → a message under the field it is about; anything else goes to the general line. */
function refusalFields(e: unknown): Partial<Record<Field, string>> | null {
  if (!(e instanceof ApiError)) return null;
  if (REGION_REFUSALS[e.code]) return { regionId: REGION_REFUSALS[e.code] };
  if (e.code !== 'VALIDATION_FAILED') return null;
  const issues = z.safeParse(z.array(fieldIssueSchema), e.details);
  if (!issues.success) return null;
  const fields: Partial<Record<Field, string>> = {};
  for (const { path, message } of issues.data) {
    const field = path.replace(/^body\.?/, '');
    if (FIELDS.includes(field)) fields[field as Field] ??= message;
  }
  return Object.keys(fields).length ? fields : null;
}

/**
 * The current organization's hand-over sites (转交点: 儿童之家, 未保站, 社工站), where donors'
 * gifts arrive before a caseworker gives them to the child in person. The org admin adds them;
 * a caseworker's wish needs one.
 */
export default function SitesPage() {
  const fetch = useCallback(() => Promise.all([listHandoverSites(), orgs.listRegions()]), []);
  const { state, reload } = useLoad(fetch);
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [phone, setPhone] = useState('');
  const [regionIndex, setRegionIndex] = useState<number | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const submit = useSubmit();

  if (state.status === 'loading') return <LoadingPanel />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  const [{ items }, { items: regions }] = state.data;
  const places = siteRegions(regions);
  const place = regionIndex === null ? undefined : places[regionIndex];

  const add = async () => {
    if (!place) return setErrors({ regionId: '请选择转交点所在的乡镇或村' });
    setErrors({});
    let refused: unknown = null;
    const ok = await submit.run(() =>
      createHandoverSite({ name, regionId: place.id, address, contactPhone: phone }).catch((e: unknown) => {
        refused = e;
        throw e;
      }),
    );
    if (ok) {
      setName('');
      setAddress('');
      setPhone('');
      setRegionIndex(null);
      void Taro.showToast({ title: '已添加，社工发布心愿时可以选择', icon: 'none' });
      reload();
      return;
    }
    const fields = refusalFields(refused);
    if (fields) {
      setErrors(fields);
      submit.setError(null);
    }
  };

  return (
    <View className="admin-page">
      <View className="admin-card">
        <Text className="admin-card__title">转交点（{items.length}）</Text>
        {items.length === 0 && (
          <EmptyPanel
            title="还没有转交点"
            hint="转交点是儿童之家、未保站、社工站这样的地方：爱心人士把礼物送到这里，再由社工当面交给孩子；不要填孩子家的地址。社工发布心愿前，需要先有一个转交点。"
          />
        )}
        {items.map((s) => (
          <View key={s.id} className="admin-row">
            <View className="admin-row__main">
              <Text className="admin-row__title">{s.name}</Text>
              <Text className="admin-row__sub">
                {[s.region.name, s.address, s.contactPhone].filter(Boolean).join(' · ')}
              </Text>
              {!s.address && (
                <Text className="admin-form__field-error">还没有地址：爱心人士不知道把礼物寄到哪里</Text>
              )}
            </View>
          </View>
        ))}
      </View>

      <View className="admin-card">
        <Text className="admin-card__title">添加转交点</Text>
        <View className="admin-form">
          <Input
            className="admin-form__input"
            maxlength={TEXT_LIMITS.siteName}
            placeholder="名称，如 上坑村儿童之家"
            value={name}
            onInput={(e) => {
              setName(e.detail.value);
              setErrors(({ name: _, ...rest }) => rest);
            }}
            data-testid="site-name"
          />
          {errors.name && <Text className="admin-form__field-error">{errors.name}</Text>}
          <Picker
            mode="selector"
            range={places.map((p) => p.label)}
            value={regionIndex ?? 0}
            onChange={(e) => {
              setRegionIndex(Number(e.detail.value));
              setErrors(({ regionId: _, ...rest }) => rest);
            }}
          >
            <View
              className={`admin-form__picker ${place ? '' : 'admin-form__picker--empty'}`}
              data-testid="site-region"
            >
              {`所在地区：${place?.label ?? '请选择乡镇或村'}`}
            </View>
          </Picker>
          {errors.regionId && <Text className="admin-form__field-error">{errors.regionId}</Text>}
          <Input
            className="admin-form__input"
            maxlength={TEXT_LIMITS.siteAddress}
            placeholder="收件地址，如 云溪县石桥镇上坑村村委会一楼"
            value={address}
            onInput={(e) => {
              setAddress(e.detail.value);
              setErrors(({ address: _, ...rest }) => rest);
            }}
            data-testid="site-address"
          />
          {errors.address && <Text className="admin-form__field-error">{errors.address}</Text>}
          <Input
            className="admin-form__input"
            maxlength={20}
            placeholder="办公电话（快递和爱心人士联系用）"
            value={phone}
            onInput={(e) => {
              setPhone(e.detail.value);
              setErrors(({ contactPhone: _, ...rest }) => rest);
            }}
            data-testid="site-phone"
          />
          {errors.contactPhone && <Text className="admin-form__field-error">{errors.contactPhone}</Text>}
          <Text className="admin-form__hint">
            填儿童之家、未保站等公共地点，不要填孩子家的地址。地址和电话只给认领了心愿的爱心人士看。
          </Text>
          <Button
            className="admin-form__submit"
            type="primary"
            block
            disabled={submit.busy}
            onClick={() => void add()}
          >
            添加转交点
          </Button>
          {submit.error && <Text className="admin-form__error">{submit.error}</Text>}
        </View>
      </View>
    </View>
  );
}

import { Input, Picker, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { MAINLAND_MOBILE_PATTERN, MEMBER_ROLE_LABELS, MEMBER_ROLES } from '../../../shared/constants';
import * as orgs from '../../api/orgs';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { useSubmit } from '../../hooks/use-submit';
import '../admin.scss';

/**
 * An organization's members (org admin of that organization, or the platform admin): invite by
 * phone with a role and an optional region, or take a role away.
 */
export default function MembersPage() {
  const { params } = useRouter();
  const orgId = params.orgId ?? '';
  const orgName = decodeURIComponent(params.name ?? '');
  const fetch = useCallback(() => Promise.all([orgs.listMembers(orgId), orgs.listRegions()]), [orgId]);
  const { state, reload } = useLoad(fetch);
  const [phone, setPhone] = useState('');
  const [roleIndex, setRoleIndex] = useState(0);
  const [regionIndex, setRegionIndex] = useState(0);
  const submit = useSubmit();

  if (state.status === 'loading') return <LoadingPanel />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  const [{ items }, { items: regions }] = state.data;
  const role = MEMBER_ROLES[roleIndex] ?? 'caseworker';
  // Index 0: no narrowing, the organization's whole region.
  const scopes = [{ id: undefined, name: '全机构范围' }, ...regions.filter((r) => r.level !== 'county')];
  const scope = scopes[regionIndex] ?? scopes[0]!;

  const invite = async () => {
    if (!MAINLAND_MOBILE_PATTERN.test(phone)) return submit.setError('请输入正确的 11 位手机号');
    const ok = await submit.run(() => orgs.addMember(orgId, { phone, role, regionId: scope.id }));
    if (ok) {
      setPhone('');
      void Taro.showToast({ title: '已添加，对方用这个手机号登录即可', icon: 'none' });
      reload();
    }
  };
  const disable = async (memberId: string, who: string) => {
    const { confirm } = await Taro.showModal({
      title: '停用这个角色？',
      content: `${who} 将立即失去这个角色的权限。`,
    });
    if (confirm && (await submit.run(() => orgs.disableMember(orgId, memberId)))) reload();
  };

  return (
    <View className="admin-page">
      <View className="admin-card">
        <Text className="admin-card__title">
          {orgName || '机构'} · 成员（{items.length}）
        </Text>
        {items.length === 0 && (
          <EmptyPanel title="还没有成员" hint="用手机号邀请社工、审核员、财务或管理员。" />
        )}
        {items.map((m) => (
          <View key={m.id} className={`admin-row ${m.status === 'disabled' ? 'admin-row--disabled' : ''}`}>
            <View className="admin-row__main">
              <Text className="admin-row__title">{m.user.displayName}</Text>
              <Text className="admin-row__sub">
                {MEMBER_ROLE_LABELS[m.role]} · {m.region?.name ?? '全机构范围'}
                {m.user.phone ? ` · ${m.user.phone}` : ''}
                {m.status === 'disabled' ? ' · 已停用' : ''}
              </Text>
            </View>
            {m.status === 'active' && (
              <Text className="admin-row__action" onClick={() => void disable(m.id, m.user.displayName)}>
                停用
              </Text>
            )}
          </View>
        ))}
      </View>

      <View className="admin-card">
        <Text className="admin-card__title">邀请成员</Text>
        <View className="admin-form">
          <Input
            className="admin-form__input"
            type="number"
            maxlength={11}
            placeholder="对方的手机号"
            value={phone}
            onInput={(e) => setPhone(e.detail.value.trim())}
          />
          <Picker
            mode="selector"
            range={MEMBER_ROLES.map((r) => MEMBER_ROLE_LABELS[r])}
            value={roleIndex}
            onChange={(e) => setRoleIndex(Number(e.detail.value))}
          >
            <View className="admin-form__picker">角色：{MEMBER_ROLE_LABELS[role]}</View>
          </Picker>
          <Picker
            mode="selector"
            range={scopes.map((s) => s.name)}
            value={regionIndex}
            onChange={(e) => setRegionIndex(Number(e.detail.value))}
          >
            <View className="admin-form__picker">负责地区：{scope.name}</View>
          </Picker>
          <Button
            className="admin-form__submit"
            type="primary"
            block
            disabled={submit.busy}
            onClick={() => void invite()}
          >
            添加成员
          </Button>
          {submit.error && <Text className="admin-form__error">{submit.error}</Text>}
        </View>
      </View>
    </View>
  );
}

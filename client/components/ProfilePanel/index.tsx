import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { MEMBER_ROLE_LABELS, ORGANIZATION_KIND_LABELS } from '../../../shared/constants';
import type { Me } from '../../../shared/schemas/auth';
import './index.scss';

const go = (url: string) => void Taro.navigateTo({ url });

/** The signed-in person: who they are, their roles (tap to switch organization), their workbenches. */
export function ProfilePanel({
  me,
  unread,
  onSwitchOrg,
  onSignOut,
}: {
  me: Me;
  /** Unread messages in the inbox (null until known). */
  unread: number | null;
  onSwitchOrg: (orgId: string) => void;
  onSignOut: () => void;
}) {
  const current = me.memberships.filter((m) => m.org.id === me.currentOrgId);
  const has = (test: (role: string) => boolean) => current.some((m) => test(m.role));
  const currentOrg = current[0]?.org;
  // Entries appear only for the roles that can use them.
  const workbenches = [
    has((r) => r === 'caseworker') && {
      title: '社工 / 儿童主任工作台',
      sub: '建档、发布心愿、确认转交',
      url: '/caseworker/home/index',
    },
    has((r) => r !== 'caseworker') && {
      title: '机构工作台',
      sub: '审核、台账、公示报告',
      url: '/charity/home/index',
    },
    has((r) => r === 'org_admin') &&
      currentOrg && {
        title: '成员管理',
        sub: `邀请或停用${currentOrg.name}的成员`,
        url: `/admin/members/index?orgId=${currentOrg.id}&name=${encodeURIComponent(currentOrg.name)}`,
      },
    has((r) => r === 'org_admin') &&
      currentOrg && { title: '转交点管理', sub: '儿童之家、未保站等礼物转交地点', url: '/admin/sites/index' },
    me.user.isPlatformAdmin && { title: '平台管理', sub: '机构、地区与成员', url: '/admin/orgs/index' },
  ].filter((w): w is { title: string; sub: string; url: string } => Boolean(w));

  return (
    <View className="profile">
      <View className="profile__card">
        <Text className="profile__name" data-testid="profile-name">
          {me.user.displayName}
        </Text>
        <Text className="profile__sub">{me.user.phone ?? '未绑定手机号'}</Text>
      </View>

      <View className="profile__section">
        <Text className="profile__section-title">我的爱心</Text>
        <View
          className="profile__row"
          data-testid="my-claims-entry"
          onClick={() => go('/donor/claims/index')}
        >
          <View className="profile__row-main">
            <Text className="profile__row-title">我的认领</Text>
            <Text className="profile__row-sub">期限、寄送地址、转交照片和孩子的感谢</Text>
          </View>
          <Text className="profile__row-mark">›</Text>
        </View>
        <View
          className="profile__row"
          data-testid="receipts-entry"
          onClick={() => go('/donor/receipts/index')}
        >
          <View className="profile__row-main">
            <Text className="profile__row-title">我的捐赠收据</Text>
            <Text className="profile__row-sub">每一笔捐赠的收据，可在公开账本中核验</Text>
          </View>
          <Text className="profile__row-mark">›</Text>
        </View>
        <View className="profile__row" data-testid="inbox-entry" onClick={() => go('/donor/inbox/index')}>
          <View className="profile__row-main">
            <Text className="profile__row-title">消息</Text>
            <Text className="profile__row-sub">签收、转交和感谢的通知</Text>
          </View>
          {unread ? (
            <Text className="profile__badge" data-testid="unread-badge">
              {unread > 99 ? '99+' : unread}
            </Text>
          ) : null}
          <Text className="profile__row-mark">›</Text>
        </View>
      </View>

      {me.memberships.length > 0 && (
        <View className="profile__section">
          <Text className="profile__section-title">我的机构与角色</Text>
          {me.memberships.map((m) => {
            const isCurrent = m.org.id === me.currentOrgId;
            return (
              <View
                key={`${m.org.id}-${m.role}`}
                className={`profile__row ${isCurrent ? 'profile__row--current' : ''}`}
                onClick={() => !isCurrent && onSwitchOrg(m.org.id)}
              >
                <View className="profile__row-main">
                  <Text className="profile__row-title">{m.org.name}</Text>
                  <Text className="profile__row-sub">
                    {ORGANIZATION_KIND_LABELS[m.org.kind]} · {MEMBER_ROLE_LABELS[m.role]}
                    {m.region ? ` · ${m.region.name}` : ''}
                  </Text>
                </View>
                <Text className="profile__row-mark">{isCurrent ? '当前' : '切换'}</Text>
              </View>
            );
          })}
        </View>
      )}

      {workbenches.length > 0 && (
        <View className="profile__section">
          <Text className="profile__section-title">工作台</Text>
          {workbenches.map((w) => (
            <View key={w.url} className="profile__row" onClick={() => go(w.url)}>
              <View className="profile__row-main">
                <Text className="profile__row-title">{w.title}</Text>
                <Text className="profile__row-sub">{w.sub}</Text>
              </View>
              <Text className="profile__row-mark">›</Text>
            </View>
          ))}
        </View>
      )}

      <Text className="profile__logout" onClick={onSignOut}>
        退出登录
      </Text>
    </View>
  );
}

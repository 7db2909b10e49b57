import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { listStaffCampaigns } from '../../api/staff-wishes';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { ActionButton } from '../components/ActionButton';
import { CampaignForm } from '../components/CampaignForm';
import { CampaignRow } from '../components/CampaignRow';
import { canManageCampaigns, useStaffRoles } from '../lib/roles';
import '../charity.scss';
import './index.scss';

/** 活动管理: the organization's campaigns with their progress, and a form to start a new one. */
export default function Campaigns() {
  const { state, reload } = useLoad(listStaffCampaigns);
  const roles = useStaffRoles();
  const [creating, setCreating] = useState(false);
  const mayCreate = roles.status === 'ready' && canManageCampaigns(roles.roles);

  return (
    <View className="ch-page">
      <View className="ch-intro">
        <Text className="ch-intro__title">心愿活动</Text>
        <Text className="ch-intro__sub">
          一轮活动（如“六一·点亮微心愿”）有主题和起止日期。爱心人士可以按活动查找心愿。
        </Text>
      </View>

      {creating ? (
        <CampaignForm
          onCancel={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            void Taro.showToast({ title: '活动已创建', icon: 'success' });
            reload();
          }}
        />
      ) : (
        <View className="campaigns__create">
          {mayCreate ? (
            <ActionButton onClick={() => setCreating(true)} testId="campaign-new">
              发起新活动
            </ActionButton>
          ) : (
            roles.status === 'ready' && (
              <Text className="campaigns__note">只有机构管理员或督导可以创建活动。</Text>
            )
          )}
        </View>
      )}

      <Text className="ch-section-title">本机构的活动</Text>
      {state.status === 'loading' && <LoadingPanel rows={2} />}
      {state.status === 'error' && <ErrorPanel message={state.message} onRetry={reload} />}
      {state.status === 'ready' && state.data.items.length === 0 && (
        <EmptyPanel title="还没有活动" hint="发起第一轮活动，社工发布心愿时就可以选择加入。" />
      )}
      {state.status === 'ready' && state.data.items.length > 0 && (
        <View className="ch-card campaigns__list" data-testid="campaign-list">
          {state.data.items.map((c) => (
            <CampaignRow key={c.id} campaign={c} />
          ))}
        </View>
      )}
    </View>
  );
}

import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback } from 'react';
import { ApiError } from '../../api/http';
import { getWish, listCampaigns } from '../../api/wishes';
import { EmptyWithAction } from '../../components/EmptyWithAction';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { UrgencyTag } from '../../components/UrgencyTag';
import { useLoad } from '../../hooks/use-load';
import { DonateForm, type DonateTarget } from '../components/DonateForm';
import { SignInGate } from '../components/SignInGate';
import { payOrderPath } from '../lib/pay';
import '../donor.scss';
import './index.scss';

/** The campaign (`?campaign=`) or wish (`?wish=`) to give to; null when it is not open to gifts. */
async function loadTarget(params: Partial<Record<string, string>>): Promise<DonateTarget | null> {
  if (params.campaign) {
    const { items } = await listCampaigns();
    const campaign = items.find((c) => c.id === params.campaign);
    return campaign ? { kind: 'campaign', campaign } : null;
  }
  if (params.wish) {
    try {
      return { kind: 'wish', wish: await getWish(params.wish) };
    } catch (e) {
      if (e instanceof ApiError && e.code === 'WISH_NOT_FOUND') return null;
      throw e;
    }
  }
  return null;
}

/**
 * 在线捐款: money to a campaign's fund, or for shares of a wish (出资认领), paid with WeChat Pay.
 * A page of the donor subpackage: the payment code stays out of the main package.
 */
export default function DonatePage() {
  const { campaign, wish } = useRouter().params;
  const fetchTarget = useCallback(() => loadTarget({ campaign, wish }), [campaign, wish]);
  const { state, reload } = useLoad(fetchTarget);

  if (state.status === 'loading') return <LoadingPanel rows={2} />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  const target = state.data;
  if (!target) {
    return (
      <View data-testid="donate-not-found">
        <EmptyWithAction
          title={campaign ? '这个活动现在不能在线捐款' : '这个心愿已下架或不存在'}
          hint={
            campaign
              ? '活动可能已经结束或还没开始。去看看正在等待的心愿吧。'
              : '链接可能不完整，或者心愿已经下架。去看看其他正在等待的心愿吧。'
          }
          action="去心愿池看看"
          onAction={() => void Taro.switchTab({ url: '/pages/wishes/index' })}
        />
      </View>
    );
  }
  return (
    <View className="dn-page dn-page--with-bar" data-testid="donate-page">
      <TargetCard target={target} />
      <SignInGate why="登录后就可以捐款，收据和进度都会保存在“我的”里。">
        <DonateForm
          target={target}
          onCancel={() => void Taro.navigateBack()}
          onStale={reload}
          onOrder={(order, outcome) =>
            void Taro.redirectTo({ url: payOrderPath(order.id, outcome.kind === 'done') })
          }
        />
      </SignInGate>
    </View>
  );
}

function TargetCard({ target }: { target: DonateTarget }) {
  if (target.kind === 'campaign') {
    const c = target.campaign;
    return (
      <View className="dn-card dn-donate__target">
        <Text className="dn-donate__kicker">为活动捐款</Text>
        <Text className="dn-card__headline" data-testid="donate-title">
          {c.title}
        </Text>
        <Text className="dn-card__sub">
          {c.organization} · {c.startsOn} 至 {c.endsOn}
        </Text>
      </View>
    );
  }
  const w = target.wish;
  return (
    <View className={`dn-card dn-card--${w.urgency}`}>
      <View className="dn-card__tags">
        <UrgencyTag level={w.urgency} />
      </View>
      <Text className="dn-card__headline" data-testid="donate-title">
        {w.title}
      </Text>
      <Text className="dn-card__sub">
        {w.pseudonym} · {w.town}
      </Text>
    </View>
  );
}

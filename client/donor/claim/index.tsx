import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isClaimActive } from '../../../shared/claim-lifecycle';
import { CLAIM_STAGE_LABELS, type ClaimStage } from '../../../shared/constants';
import type { ClaimDetail } from '../../../shared/schemas/claims';
import { getClaim } from '../../api/claims';
import { ApiError, errorMessage } from '../../api/http';
import { EmptyWithAction } from '../../components/EmptyWithAction';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { UrgencyTag } from '../../components/UrgencyTag';
import { formatFen } from '../../utils/money';
import { ClaimActions } from '../components/ClaimActions';
import { SiteCard } from '../components/SiteCard';
import { Timeline } from '../components/Timeline';
import { countdown, PAID_ONLINE_HINT, STAGE_HINTS, when } from '../lib/claim-view';
import { useNow } from '../lib/use-now';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import '../donor.scss';

type State =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'missing' }
  | { status: 'ready'; claim: ClaimDetail };

/** One claim: the time left, where to send the gift, the donor's next step, and the story so far. */
const HANDED_OVER: readonly ClaimStage[] = ['handed_over', 'thanked', 'confirmed'];

export default function ClaimPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const justClaimed = params.new === '1';
  const [state, setState] = useState<State>({ status: 'loading' });
  const hasData = useRef(false);
  const now = useNow();

  const load = useCallback(
    () =>
      getClaim(id).then(
        (claim) => {
          hasData.current = true;
          setState({ status: 'ready', claim });
        },
        (e: unknown) => {
          if (e instanceof ApiError && e.code === 'CLAIM_NOT_FOUND') setState({ status: 'missing' });
          // A failed refresh keeps what is on screen.
          else if (hasData.current) void Taro.showToast({ title: errorMessage(e), icon: 'none' });
          else setState({ status: 'error', message: errorMessage(e) });
        },
      ),
    [id],
  );

  useEffect(() => {
    void load();
  }, [load]);
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));
  useReloadOnShow(() => void load());

  if (state.status === 'loading') return <LoadingPanel rows={2} />;
  if (state.status === 'error') {
    return (
      <ErrorPanel
        message={state.message}
        onRetry={() => {
          setState({ status: 'loading' });
          void load();
        }}
      />
    );
  }
  if (state.status === 'missing') {
    return (
      <EmptyWithAction
        title="没有找到这个认领"
        hint="它可能不是你的认领，或者链接不完整。"
        action="去我的认领"
        onAction={() => void Taro.redirectTo({ url: '/donor/claims/index' })}
      />
    );
  }

  const claim = state.claim;
  const left = countdown(claim, now);
  const active = isClaimActive(claim.stage);
  return (
    <View className="dn-page" data-testid="claim-page">
      {justClaimed && claim.stage === 'claimed' && (
        <View className="dn-banner" data-testid="claimed-banner">
          <Text className="dn-banner__title">认领成功，谢谢你！</Text>
          <Text>买好礼物后寄到或送到下面的转交点，每一步都会在这里更新。</Text>
        </View>
      )}

      <View className={`dn-card dn-card--${claim.wish.urgency}`}>
        <View className="dn-card__tags">
          <UrgencyTag level={claim.wish.urgency} />
          <Text className={`dn-stage dn-stage--${claim.stage}`} data-testid="claim-stage">
            {CLAIM_STAGE_LABELS[claim.stage]}
          </Text>
        </View>
        <Text className="dn-card__headline" data-testid="claim-title">
          {claim.wish.title}
        </Text>
        <Text className="dn-card__sub">
          {claim.wish.pseudonym}的心愿 · {claim.wish.shares > 1 ? `认领 ${claim.shares} 份 · ` : ''}约{' '}
          {formatFen(claim.valueFen)}
        </Text>
        <Text className="dn-card__sub">认领于 {when(claim.claimedAt, now)}</Text>
      </View>

      {left ? (
        <View
          className={`dn-deadline ${left.pressing ? 'dn-deadline--pressing' : ''}`}
          data-testid="claim-countdown"
          data-pressing={left.pressing ? 'true' : 'false'}
        >
          <Text className="dn-deadline__label">{left.overdue ? '已过期限' : '距离期限'}</Text>
          <Text className="dn-deadline__left">{left.text}</Text>
          <Text className="dn-deadline__at">
            {left.overdue
              ? '期限已过，心愿很快会回到心愿池。已经寄出的话，请马上标记寄出。'
              : `请在 ${when(claim.deadlineAt, now)} 前寄到或送到转交点`}
          </Text>
        </View>
      ) : (
        <View className="dn-hint" data-testid="stage-hint">
          <Text>
            {claim.paidOnline && claim.stage === 'received' ? PAID_ONLINE_HINT : STAGE_HINTS[claim.stage]}
          </Text>
        </View>
      )}

      <ClaimActions
        claim={claim}
        onChanged={(next) => setState({ status: 'ready', claim: next })}
        onStale={() => void load()}
      />

      {active && !claim.paidOnline && <SiteCard site={claim.handoverSite} />}
      <Timeline entries={claim.timeline} now={now} split={claim.wish.shares > 1} />

      {/* The gift is booked as an in-kind donation when it is handed over: its receipt exists. */}
      {HANDED_OVER.includes(claim.stage) && (
        <Text
          className="dn-link"
          data-testid="claim-receipts"
          onClick={() => void Taro.navigateTo({ url: '/donor/receipts/index' })}
        >
          查看捐赠收据 ›
        </Text>
      )}
      <Text
        className="dn-link"
        onClick={() => void Taro.navigateTo({ url: `/pages/wish/index?id=${claim.wish.id}` })}
      >
        查看心愿页 ›
      </Text>
    </View>
  );
}

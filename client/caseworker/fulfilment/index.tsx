import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useCallback } from 'react';
import { getWishFulfilment } from '../../api/fulfilment';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { UrgencyTag } from '../../components/UrgencyTag';
import { useLoad } from '../../hooks/use-load';
import { formatFen } from '../../utils/money';
import { ClaimCard } from '../components/ClaimCard';
import { FulfilmentTimeline } from '../components/FulfilmentTimeline';
import { HandOverForm } from '../components/HandOverForm';
import { Notice } from '../components/Notice';
import { ThankYouForm } from '../components/ThankYouForm';
import { WishStatusTag } from '../components/WishRow';
import { nextStep } from '../lib/fulfilment';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import { wishPageUrl } from '../lib/wish-urls';
import '../caseworker.scss';
import './index.scss';

/**
 * 心愿兑现 (`?id=<wishId>`): one wish's gifts from claim to thank-you — each donor's claim with
 * 签收 once shipped, 转交 with photos when all arrived, then the thank-you; and the timeline.
 */
export default function FulfilmentPage() {
  const { params } = useRouter();
  const wishId = params.id ?? '';
  const fetch = useCallback(() => getWishFulfilment(wishId), [wishId]);
  const { state, reload } = useLoad(fetch);
  useReloadOnShow(reload);
  usePullDownRefresh(() => {
    reload();
    void Taro.stopPullDownRefresh();
  });

  if (!wishId) return <EmptyPanel title="没有找到这个心愿" hint="请从“礼物签收”列表进入。" />;
  if (state.status === 'loading') return <LoadingPanel rows={3} />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  const f = state.data;
  const { wish } = f;
  const step = nextStep(f);
  return (
    <View className="cw-page fulfilment-page">
      <View className="cw-card" data-testid="fulfilment-wish">
        <View className="cw-row__head">
          <Text className="cw-card__title cw-grow">{wish.title}</Text>
          <WishStatusTag status={wish.status} />
        </View>
        <View className="fulfilment-page__meta">
          <UrgencyTag level={wish.urgency} />
          <Text className="cw-card__sub fulfilment-page__meta-text">
            为 {wish.pseudonym} · {wish.quantity} 件 · 约 {formatFen(wish.estimatedValueFen)}
            {wish.shares > 1 ? ` · 已认领 ${f.sharesTaken}/${wish.shares} 份` : ''}
          </Text>
        </View>
        <Text
          className="fulfilment-page__link"
          onClick={() => void Taro.navigateTo({ url: wishPageUrl(wish) })}
        >
          查看心愿内容 ›
        </Text>
      </View>
      {step && <Notice tone={step.tone} message={step.message} testId="next-step" />}

      {f.canHandOver && <HandOverForm wishId={wish.id} onDone={reload} />}
      {f.canThank && <ThankYouForm wishId={wish.id} pseudonym={wish.pseudonym} onDone={reload} />}

      {f.claims.length > 0 && <Text className="fulfilment-page__heading">认领的爱心人士</Text>}
      {f.claims.map((c) => (
        <ClaimCard key={c.id} claim={c} onChanged={reload} />
      ))}
      <FulfilmentTimeline entries={f.timeline} />
    </View>
  );
}

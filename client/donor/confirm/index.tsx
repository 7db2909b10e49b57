import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import type { PublicWishDetail } from '../../../shared/schemas/wishes';
import { ApiError } from '../../api/http';
import { getWish } from '../../api/wishes';
import { EmptyWithAction } from '../../components/EmptyWithAction';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { UrgencyTag } from '../../components/UrgencyTag';
import { useLoad } from '../../hooks/use-load';
import { formatFen } from '../../utils/money';
import { ClaimConfirm } from '../components/ClaimConfirm';
import '../donor.scss';

/**
 * 确认认领, opened from a wish's page. A page of the donor subpackage rather than a sheet on the
 * wish page: the claim call and the claim schemas then stay out of the main package.
 */
export default function ConfirmClaimPage() {
  const id = useRouter().params.id ?? '';
  const fetchWish = useCallback(
    () =>
      getWish(id).catch((e: unknown) => {
        if (e instanceof ApiError && e.code === 'WISH_NOT_FOUND') return null;
        throw e;
      }),
    [id],
  );
  const { state, reload } = useLoad<PublicWishDetail | null>(fetchWish);
  const [openedAt] = useState(Date.now);

  if (state.status === 'loading') return <LoadingPanel rows={2} />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  const wish = state.data;
  if (!wish) {
    return (
      <EmptyWithAction
        title="这个心愿已下架或不存在"
        hint="去看看其他正在等待的心愿吧。"
        action="去看看其他心愿"
        onAction={() => void Taro.switchTab({ url: '/pages/wishes/index' })}
      />
    );
  }
  return (
    <View className="dn-page dn-page--with-bar" data-testid="claim-confirm-page">
      <View className={`dn-card dn-card--${wish.urgency}`}>
        <View className="dn-card__tags">
          <UrgencyTag level={wish.urgency} />
        </View>
        <Text className="dn-card__headline" data-testid="confirm-title">
          {wish.title}
        </Text>
        <Text className="dn-card__sub">
          {wish.pseudonym} · {wish.town} · 约 {formatFen(wish.estimatedValueFen)}
          {wish.shares > 1 ? `（分 ${wish.shares} 份）` : ''}
        </Text>
      </View>
      <ClaimConfirm
        wish={wish}
        now={openedAt}
        onCancel={() => void Taro.navigateBack()}
        onStale={reload}
        onClaimed={(claim) => void Taro.redirectTo({ url: `/donor/claim/index?id=${claim.id}&new=1` })}
      />
    </View>
  );
}

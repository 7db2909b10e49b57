import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect } from 'react';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { ReadonlyWish } from '../components/ReadonlyWish';
import { WishEditor } from '../components/WishEditor';
import { canCancel, confirmAndCancel } from '../lib/cancel-wish';
import { defaultSiteId, loadWishEditor } from '../lib/load-wish-editor';
import { emptyWish, wishToValues } from '../lib/wish-form';
import '../caseworker.scss';

/**
 * A wish: `?beneficiaryId=` writes a new one for that child, `?wishId=` opens one of mine —
 * as a form while it is a draft or returned, read-only after that.
 */
export default function WishEditPage() {
  const { params } = useRouter();
  const fetch = useCallback(
    () => loadWishEditor(params.wishId, params.beneficiaryId),
    [params.wishId, params.beneficiaryId],
  );
  const { state, reload } = useLoad(fetch);

  const title =
    state.status !== 'ready'
      ? null
      : state.data.mode === 'readonly'
        ? '心愿详情'
        : state.data.wish
          ? '修改心愿'
          : '发布心愿';
  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title });
  }, [title]);

  if (state.status === 'loading') return <LoadingPanel rows={4} />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  const data = state.data;
  if (data.mode === 'readonly') {
    const { wish } = data;
    return (
      <View className="cw-page">
        <ReadonlyWish
          wish={wish}
          onCancel={
            canCancel(wish) ? () => void confirmAndCancel(wish).then((done) => done && reload()) : undefined
          }
        />
      </View>
    );
  }
  return (
    <View className="cw-page">
      <WishEditor
        // A reload (after a conflict) starts the form again from what the server has.
        key={`${data.wish?.id ?? 'new'}-${data.wish?.version ?? 0}`}
        file={data.file}
        wish={data.wish}
        initial={data.wish ? wishToValues(data.wish) : emptyWish(defaultSiteId(data.file, data.sites))}
        sites={data.sites}
        campaigns={data.campaigns}
        onReload={reload}
        onSubmitted={() => {
          void Taro.showToast({ title: '已提交审核', icon: 'success' });
          void Taro.redirectTo({ url: '/caseworker/wishes/index?status=in_review' });
        }}
      />
    </View>
  );
}

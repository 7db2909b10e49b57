import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { WISH_STATUS_LABELS } from '../../../shared/constants';
import type { PublicWishDetail } from '../../../shared/schemas/wishes';
import { ApiError } from '../../api/http';
import { getWish } from '../../api/wishes';
import { EmptyWithAction } from '../../components/EmptyWithAction';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { WishDetailView } from '../../components/WishDetailView';
import './index.scss';

const isH5 = process.env.TARO_ENV === 'h5';

/** A wish's public page: what it is, for whom, how it reaches the child; claim and share. */
export default function WishPage() {
  const id = useRouter().params.id ?? '';
  // null: no such wish (or no longer public) — a state of its own, not an error to retry.
  const fetchWish = useCallback(
    () =>
      id
        ? getWish(id).catch((e: unknown) => {
            if (e instanceof ApiError && e.code === 'WISH_NOT_FOUND') return null;
            throw e;
          })
        : Promise.resolve(null),
    [id],
  );
  const { state, reload } = useLoad<PublicWishDetail | null>(fetchWish);
  const [now] = useState(Date.now);
  const wish = state.status === 'ready' ? state.data : null;
  // Back from claiming: the wish has fewer shares left (or is taken) now.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) reload();
    shown.current = true;
  });

  useEffect(() => {
    if (wish) void Taro.setNavigationBarTitle({ title: `${wish.pseudonym}的心愿` });
  }, [wish]);
  useEffect(() => {
    if (!isH5) void Taro.showShareMenu({ withShareTicket: false });
  }, []);
  useShareAppMessage(() => ({
    title: wish ? `${wish.pseudonym}的心愿：${wish.title}` : '一起点亮孩子的小心愿',
    path: `/pages/wish/index?id=${id}`,
  }));

  if (state.status === 'loading') return <LoadingPanel rows={2} />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  if (!state.data) return <NotFound />;
  const campaign = state.data.campaign;
  return (
    <View className="wish-detail">
      <WishDetailView wish={state.data} now={now} />
      {campaign && (
        <Text className="wish-detail__more" onClick={() => go(`donate/index?campaign=${campaign.id}`)}>
          为活动“{campaign.title}”捐款 ›
        </Text>
      )}
      {/* Someone who came from a shared link has no feed behind this page to go back to. */}
      <Text className="wish-detail__more" onClick={toFeed}>
        看看其他正在等待的心愿 ›
      </Text>
      {/* Claiming and paying happen on pages of the donor subpackage: the main package stays small. */}
      <ActionBar
        wish={state.data}
        onClaim={() => go(`confirm/index?id=${id}`)}
        onFund={() => go(`donate/index?wish=${id}`)}
      />
    </View>
  );
}

const toFeed = () => void Taro.switchTab({ url: '/pages/wishes/index' });
const go = (page: string) => void Taro.navigateTo({ url: `/donor/${page}` });

function NotFound() {
  return (
    <View data-testid="wish-not-found">
      <EmptyWithAction
        title="这个心愿已下架或不存在"
        hint="链接可能不完整，或者心愿已经下架。去看看其他正在等待的心愿吧。"
        action="去看看其他心愿"
        onAction={toFeed}
      />
    </View>
  );
}

/** Stays at the bottom of the screen: share (always); pay for it or claim it (while open). */
function ActionBar({
  wish,
  onClaim,
  onFund,
}: {
  wish: PublicWishDetail;
  onClaim: () => void;
  onFund: () => void;
}) {
  const claimable = wish.status === 'published' && wish.sharesLeft > 0;
  return (
    <View className="wish-detail__bar">
      {isH5 ? (
        <Button className="wish-detail__share" onClick={copyLink}>
          分享
        </Button>
      ) : (
        <Button className="wish-detail__share" openType="share">
          分享
        </Button>
      )}
      {claimable && (
        <View className="wish-detail__share" role="button" onClick={onFund} data-testid="fund-button">
          出资认领
        </View>
      )}
      {/* A View, not a <Button>: on H5 a Button whose `disabled` changes loses its label, and the
          wish turns unclaimable on this page when it is refreshed after a claim. */}
      <View
        className={`wish-detail__claim${claimable ? '' : ' wish-detail__claim--closed'}`}
        role="button"
        aria-disabled={claimable ? 'false' : 'true'}
        onClick={() => claimable && onClaim()}
        data-testid="claim-button"
      >
        {claimable ? '认领这个心愿' : closedLabel(wish)}
      </View>
    </View>
  );
}

/** Why the claim button is off: every share taken, or the wish moved on (认领 → 送达 → 完成). */
function closedLabel(wish: PublicWishDetail): string {
  return wish.status === 'published' ? '已全部认领' : WISH_STATUS_LABELS[wish.status];
}

/** On H5 there is no share sheet: the link goes to the clipboard, to paste into a chat. */
async function copyLink() {
  try {
    await Taro.setClipboardData({ data: window.location.href });
    void Taro.showToast({ title: '链接已复制', icon: 'none' });
  } catch {
    void Taro.showToast({ title: '没能复制，请复制浏览器地址栏里的链接', icon: 'none' });
  }
}

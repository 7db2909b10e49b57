import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useState } from 'react';
import { chinaDateTimeText } from '../../../shared/china-date';
import { yuanText } from '../../../shared/payments';
import type { PayOrder } from '../../../shared/schemas/payments';
import { listMyPayOrders } from '../../api/payments';
import { EmptyWithAction } from '../../components/EmptyWithAction';
import { ListFooter } from '../../components/ListFooter';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { usePagedList } from '../../hooks/use-paged-list';
import { orderStateLabel, orderTitle } from '../components/PayOrderView';
import { SignInGate } from '../components/SignInGate';
import { payOrderPath } from '../lib/pay';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import '../donor.scss';
import '../donate/index.scss';

const fetchPage = (cursor: string | undefined) => listMyPayOrders(cursor);

/** 我的在线捐款: every order of the signed-in donor, newest first, a page at a time. */
export default function PayOrdersPage() {
  return (
    <SignInGate why="登录后查看你的在线捐款。">
      <PayOrders />
    </SignInGate>
  );
}

function PayOrders() {
  const { state, refresh, loadMore } = usePagedList(fetchPage);
  const [now, setNow] = useState(Date.now);
  usePullDownRefresh(() => {
    setNow(Date.now());
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());
  useReloadOnShow(() => {
    setNow(Date.now());
    void refresh();
  });

  if (state.phase === 'loading') return <LoadingPanel />;
  if (state.phase === 'error')
    return <ErrorPanel message={state.error ?? ''} onRetry={() => void refresh()} />;
  if (state.items.length === 0) {
    return (
      <EmptyWithAction
        title="还没有在线捐款"
        hint="在心愿页点“出资认领”，或在活动里点“为活动捐款”，用微信支付就能捐款。"
        action="去心愿池看看"
        onAction={() => void Taro.switchTab({ url: '/pages/wishes/index' })}
      />
    );
  }
  return (
    <View className="dn-page" data-testid="my-pay-orders">
      {state.items.map((order) => (
        <OrderRow key={order.id} order={order} now={now} />
      ))}
      <ListFooter more={state.more} hasMore={state.nextCursor !== null} onRetry={() => void loadMore()} />
    </View>
  );
}

const STATE_TONES: Record<string, string> = {
  捐赠成功: 'ok',
  待支付: 'open',
  已退款: 'muted',
  部分退款: 'warn',
  已关闭: 'muted',
  已超时: 'muted',
};

function OrderRow({ order, now }: { order: PayOrder; now: number }) {
  const label = orderStateLabel(order, now);
  return (
    <View
      className="dn-row"
      data-testid="pay-order-row"
      onClick={() => void Taro.navigateTo({ url: payOrderPath(order.id, false) })}
    >
      <View className="dn-row__head">
        <Text className="dn-row__title">{orderTitle(order)}</Text>
        <Text className={`dn-pay-tag dn-pay-tag--${STATE_TONES[label] ?? 'muted'}`}>{label}</Text>
      </View>
      <Text className="dn-row__meta">
        {chinaDateTimeText(Date.parse(order.paidAt ?? order.createdAt), now)} · {order.organization}
      </Text>
      <View className="dn-row__foot">
        <Text className="dn-row__countdown">{yuanText(order.amountFen)}</Text>
        <Text className="dn-row__hint">
          {order.receipt ? `收据 ${order.receipt.receiptNo} ›` : label === '待支付' ? '去支付 ›' : '查看 ›'}
        </Text>
      </View>
    </View>
  );
}

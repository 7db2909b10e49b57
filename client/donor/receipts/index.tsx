import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { chinaDate } from '../../../shared/china-date';
import type { Receipt } from '../../../shared/schemas/ledger';
import { listMyReceipts } from '../../api/ledger';
import { EmptyWithAction } from '../../components/EmptyWithAction';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { formatFen } from '../../utils/money';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import '../donor.scss';
import './index.scss';

const fetchReceipts = () => listMyReceipts().then((r) => r.items);

function ReceiptRow({ receipt: r }: { receipt: Receipt }) {
  const [, m, d] = chinaDate(Date.parse(r.effectiveAt)).split('-');
  const state = r.reversed ? '已冲正' : r.refundedFen > 0 ? `已退款 ${formatFen(r.refundedFen)}` : null;
  return (
    <View
      className="dn-row"
      data-testid="receipt-row"
      onClick={() => void Taro.navigateTo({ url: `/public/receipt/index?id=${r.receiptId}` })}
    >
      <View className="dn-row__head">
        <Text className="dn-row__title">{r.wish ?? r.campaign ?? r.organization}</Text>
        <Text className="dn-row__countdown">
          {r.unit === 'INKIND' ? '实物 ' : ''}
          {formatFen(r.amountFen)}
        </Text>
      </View>
      <Text className="dn-row__meta">
        {Number(m)}月{Number(d)}日 · 票据 {r.receiptNo} · {r.organization}
      </Text>
      <View className="dn-row__foot">
        <Text className="dn-receipt__state">{state ?? `公开账本第 ${r.leafIndex + 1} 条`}</Text>
        <Text className="dn-receipt__link">查看并核验 ›</Text>
      </View>
    </View>
  );
}

/**
 * 我的捐赠收据: every receipt of the signed-in donor (gifts in kind and money), newest first; on
 * top, the way to 我的在线捐款 (orders paid or waiting to be paid with WeChat Pay).
 */
export default function ReceiptsPage() {
  const { state, reload } = useLoad(fetchReceipts);
  usePullDownRefresh(() => {
    reload();
    void Taro.stopPullDownRefresh();
  });
  useReloadOnShow(reload);

  if (state.status === 'loading') return <LoadingPanel />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  return (
    <View className="dn-page">
      <View
        className="dn-row dn-receipt__orders"
        data-testid="pay-orders-entry"
        onClick={() => void Taro.navigateTo({ url: '/donor/pay-orders/index' })}
      >
        <View className="dn-row__head">
          <Text className="dn-row__title">我的在线捐款</Text>
          <Text className="dn-receipt__link">查看 ›</Text>
        </View>
        <Text className="dn-row__meta">微信支付的每一笔捐款：待支付、已支付、退款</Text>
      </View>
      {state.data.length === 0 ? (
        <EmptyWithAction
          title="还没有捐赠收据"
          hint="礼物转交给孩子后，或机构登记您的捐款后，收据会出现在这里，每一张都可以核验。"
          action="去心愿池看看"
          onAction={() => void Taro.switchTab({ url: '/pages/wishes/index' })}
        />
      ) : (
        <View data-testid="my-receipts">
          {state.data.map((r) => (
            <ReceiptRow key={r.receiptId} receipt={r} />
          ))}
        </View>
      )}
    </View>
  );
}

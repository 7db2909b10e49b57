import Taro, { useRouter } from '@tarojs/taro';
import { EmptyWithAction } from '../../components/EmptyWithAction';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { PayOrderView } from '../components/PayOrderView';
import { SignInGate } from '../components/SignInGate';
import { usePayOrder } from '../lib/use-pay-order';
import { useNow } from '../lib/use-now';
import { useReloadOnShow } from '../lib/use-reload-on-show';
import '../donor.scss';
import '../donate/index.scss';

/**
 * One online donation (`?id=`): while it waits for WeChat Pay's answer (`&paying=1`, after
 * paying) it is checked again and again until paid or closed; then 捐赠成功 with the receipt.
 */
export default function PayOrderPage() {
  const { id = '', paying } = useRouter().params;
  return (
    <SignInGate why="登录后查看你的捐款。">
      {id ? (
        <OrderById id={id} watchFirst={paying === '1'} />
      ) : (
        <EmptyWithAction
          title="没有找到这笔捐款"
          hint="链接可能不完整。在“我的 → 我的在线捐款”里可以找到你的每一笔捐款。"
          action="去“我的”"
          onAction={() => void Taro.switchTab({ url: '/pages/me/index' })}
        />
      )}
    </SignInGate>
  );
}

function OrderById({ id, watchFirst }: { id: string; watchFirst: boolean }) {
  const { state, watch, refresh, show } = usePayOrder(id, { watchFirst });
  const now = useNow(10_000);
  // Back from WeChat Pay (or from the receipt): what changed meanwhile.
  useReloadOnShow(() => {
    if (state.status === 'ready' && state.order.status === 'created') watch();
  });

  if (state.status === 'loading') return <LoadingPanel rows={2} />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={refresh} />;
  return (
    <PayOrderView
      order={state.order}
      now={now}
      checking={state.checking}
      gaveUp={state.gaveUp}
      checkError={state.checkError}
      onPaying={watch}
      onAnswer={show}
      onRefresh={watch}
    />
  );
}

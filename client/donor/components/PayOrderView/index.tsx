import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { chinaDateTimeText } from '../../../../shared/china-date';
import { publicDonorName } from '../../../../shared/ledger';
import { yuanText } from '../../../../shared/payments';
import type { PayOrder } from '../../../../shared/schemas/payments';
import { errorMessage } from '../../../api/http';
import { simulatePayment } from '../../../api/payments';
import { launchPayment } from '../../lib/pay';
import { DonorButton } from '../DonorButton';

/** What the order is for, in one line: `六一·点亮微心愿` or `一间教室的图书角 · 2 份`. */
export function orderTitle(order: PayOrder): string {
  const t = order.target;
  return t.kind === 'wish' && t.shares > 1 ? `${t.title} · ${t.shares} 份` : t.title;
}

/** Where the order stands for the donor: 待支付 / 已支付 / 已关闭 / 已退款. */
export function orderStateLabel(order: PayOrder, now: number): string {
  if (order.status === 'paid') {
    if (order.refundedFen >= order.amountFen) return '已退款';
    return order.refundedFen > 0 ? '部分退款' : '捐赠成功';
  }
  if (order.status === 'closed') return '已关闭';
  return Date.parse(order.expiresAt) <= now ? '已超时' : '待支付';
}

const toFeed = () => void Taro.switchTab({ url: '/pages/wishes/index' });

/** Where to give again: the same campaign or wish. */
function againUrl(order: PayOrder): string {
  return order.target.kind === 'campaign'
    ? `/donor/donate/index?campaign=${order.target.id}`
    : `/donor/donate/index?wish=${order.target.id}`;
}

/**
 * One online donation, as its donor follows it: waiting to be paid (去支付, or 模拟支付 in the
 * demo), being confirmed, paid (捐赠成功 with the receipt to verify), or closed / expired.
 */
export function PayOrderView({
  order,
  now,
  checking,
  gaveUp,
  checkError,
  onPaying,
  onAnswer,
  onRefresh,
}: {
  order: PayOrder;
  now: number;
  checking: boolean;
  gaveUp: boolean;
  checkError: string | null;
  /** The donor has paid (as far as WeChat says): keep checking until the server knows. */
  onPaying: () => void;
  /** The server's answer to 模拟支付. */
  onAnswer: (order: PayOrder) => void;
  onRefresh: () => void;
}) {
  if (order.status === 'paid') return <Paid order={order} now={now} />;
  const expired = Date.parse(order.expiresAt) <= now;
  return (
    <View className="dn-page dn-pay" data-testid="pay-order" data-status={order.status}>
      <Summary order={order} label={orderStateLabel(order, now)} />
      {order.status === 'closed' ? (
        <Ended
          testId="pay-closed"
          title="这笔订单已关闭"
          hint="超过支付时间没有付款，订单已自动关闭，没有扣款。想继续捐，请重新下单。"
          order={order}
        />
      ) : checking ? (
        <View className="dn-card dn-pay__checking" data-testid="pay-checking">
          <Text className="dn-pay__spinner" />
          <Text className="dn-card__title">正在确认支付结果…</Text>
          <Text className="dn-card__sub">微信支付通知到账后会自动显示，一般只要几秒钟，请不要重复付款。</Text>
        </View>
      ) : expired && !gaveUp ? (
        <Ended
          testId="pay-expired"
          title="订单已超过支付时间"
          hint={`这笔订单需要在 ${chinaDateTimeText(Date.parse(order.expiresAt), now)} 前支付。如果你已经付款，系统会自动向微信支付核对，捐款不会丢失；没有付款的话，请重新下单。`}
          order={order}
          onRefresh={onRefresh}
        />
      ) : (
        <Unpaid
          order={order}
          now={now}
          gaveUp={gaveUp}
          onPaying={onPaying}
          onAnswer={onAnswer}
          onRefresh={onRefresh}
        />
      )}
      {checkError && (
        <View className="dn-confirm__error" role="alert" data-testid="pay-check-error">
          <Text>{checkError}</Text>
          <Text className="dn-confirm__error-link" onClick={onRefresh}>
            再查一次 ›
          </Text>
        </View>
      )}
    </View>
  );
}

function Summary({ order, label }: { order: PayOrder; label: string }) {
  return (
    <View className="dn-card dn-pay__summary">
      <Text className="dn-pay__state" data-testid="pay-state">
        {label}
      </Text>
      <Text className="dn-pay__amount" data-testid="pay-amount">
        {yuanText(order.amountFen)}
      </Text>
      <Text className="dn-card__sub">
        {order.target.kind === 'campaign' ? '捐给活动' : '出资认领'}：{orderTitle(order)}
      </Text>
      <Text className="dn-card__sub">收款机构：{order.organization}</Text>
    </View>
  );
}

function Unpaid({
  order,
  now,
  gaveUp,
  onPaying,
  onAnswer,
  onRefresh,
}: {
  order: PayOrder;
  now: number;
  gaveUp: boolean;
  onPaying: () => void;
  onAnswer: (order: PayOrder) => void;
  onRefresh: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const simulate = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onAnswer(await simulatePayment(order.id));
    } catch (e) {
      setError(errorMessage(e, '模拟支付没有成功，请稍后再试'));
    } finally {
      setBusy(false);
    }
  };
  const pay = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNote(null);
    const outcome = await launchPayment(order);
    setBusy(false);
    if (outcome.kind === 'done') onPaying();
    else if (outcome.kind === 'cancelled') setNote('你取消了支付，没有扣款。');
    else if (outcome.kind === 'failed') setError(outcome.message);
    else if (outcome.kind === 'none') onRefresh();
  };

  return (
    <>
      {gaveUp && (
        <View className="dn-card dn-pay__waiting" data-testid="pay-gave-up">
          <Text className="dn-card__title">还没有收到支付结果</Text>
          <Text className="dn-card__sub">
            如果你已经付款，不用再付：系统会自动向微信支付核对，到账后这里会显示“捐赠成功”。
          </Text>
        </View>
      )}
      {order.demo ? (
        <View className="dn-card dn-pay__demo" data-testid="pay-demo">
          <Text className="dn-pay__demo-tag">演示</Text>
          <Text className="dn-card__title">模拟支付</Text>
          <Text className="dn-card__sub">
            这是演示环境，不会真的扣款。点下面的按钮，模拟微信支付付款成功，之后的记账、收据和核验都和真实捐款一样。
          </Text>
          <View className="dn-pay__actions">
            <DonorButton disabled={busy} onClick={() => void simulate()} testId="pay-simulate">
              {busy ? '正在支付…' : `模拟支付（演示）${yuanText(order.amountFen)}`}
            </DonorButton>
          </View>
        </View>
      ) : (
        <View className="dn-card" data-testid="pay-unpaid">
          <Text className="dn-card__title">等待付款</Text>
          <Text className="dn-card__sub">
            请在 {chinaDateTimeText(Date.parse(order.expiresAt), now)} 前完成支付，超时订单会自动关闭。
          </Text>
          {order.pay && (
            <View className="dn-pay__actions">
              <DonorButton disabled={busy} onClick={() => void pay()} testId="pay-go">
                {busy ? '正在打开微信支付…' : `微信支付 ${yuanText(order.amountFen)}`}
              </DonorButton>
            </View>
          )}
        </View>
      )}
      {note && (
        <View className="dn-donate__note" data-testid="pay-note">
          <Text>{note}</Text>
        </View>
      )}
      {error && (
        <View className="dn-confirm__error" role="alert" data-testid="pay-error">
          <Text>{error}</Text>
        </View>
      )}
      <Text className="dn-pay__link" onClick={onRefresh} data-testid="pay-refresh">
        已经付款？刷新支付结果
      </Text>
    </>
  );
}

function Ended({
  testId,
  title,
  hint,
  order,
  onRefresh,
}: {
  testId: string;
  title: string;
  hint: string;
  order: PayOrder;
  onRefresh?: () => void;
}) {
  return (
    <View className="dn-card" data-testid={testId}>
      <Text className="dn-card__title">{title}</Text>
      <Text className="dn-card__sub">{hint}</Text>
      <View className="dn-pay__actions">
        <DonorButton onClick={() => void Taro.redirectTo({ url: againUrl(order) })} testId="pay-again">
          重新捐款
        </DonorButton>
      </View>
      {onRefresh && (
        <Text className="dn-pay__link" onClick={onRefresh} data-testid="pay-refresh">
          刷新支付结果
        </Text>
      )}
    </View>
  );
}

function Paid({ order, now }: { order: PayOrder; now: number }) {
  const receipt = order.receipt;
  return (
    <View className="dn-page dn-pay" data-testid="pay-order" data-status="paid">
      <View className="dn-pay__success" data-testid="pay-success">
        <Text className="dn-pay__tick">✓</Text>
        <Text className="dn-pay__success-title">捐赠成功</Text>
        <Text className="dn-pay__success-amount" data-testid="pay-amount">
          {yuanText(order.amountFen)}
        </Text>
        <Text className="dn-pay__success-thanks">
          谢谢你的爱心！每一笔捐款都会写进公开账本并在公示中列出。
        </Text>
      </View>

      {order.redirectedToFund && (
        <View className="dn-card dn-pay__waiting" data-testid="pay-redirected">
          <Text className="dn-card__title">心愿已被认领完，捐款已转入专项资金</Text>
          <Text className="dn-card__sub">
            付款时这个心愿的份数已经没有了，你的捐款已转入{order.organization}
            的心愿资金，用于帮助其他孩子，机构已收到通知。
          </Text>
        </View>
      )}

      <View className="dn-card">
        <View className="dn-facts">
          <Fact k={order.target.kind === 'campaign' ? '活动' : '心愿'} v={orderTitle(order)} />
          <Fact k="收款机构" v={order.organization} />
          <Fact
            k="公示显示"
            v={publicDonorName(order.donorName, order.donorDisplay)}
            testId="pay-public-name"
          />
          {order.paidAt && <Fact k="支付时间" v={chinaDateTimeText(Date.parse(order.paidAt), now)} />}
          <Fact
            k="收据编号"
            v={receipt ? receipt.receiptNo : '正在生成，请稍后刷新'}
            testId="pay-receipt-no"
          />
          {order.refundedFen > 0 && (
            <Fact k="已退款" v={`${yuanText(order.refundedFen)}（原路退回微信）`} testId="pay-refunded" />
          )}
        </View>
      </View>

      <View className="dn-pay__actions dn-pay__actions--page">
        {receipt && (
          <DonorButton
            onClick={() => void Taro.navigateTo({ url: `/public/receipt/index?id=${receipt.id}` })}
            testId="pay-receipt"
          >
            查看收据并核验
          </DonorButton>
        )}
        {order.claimId && !order.redirectedToFund && (
          <DonorButton
            kind="ghost"
            onClick={() => void Taro.navigateTo({ url: `/donor/claim/index?id=${order.claimId}` })}
            testId="pay-claim"
          >
            查看认领进度
          </DonorButton>
        )}
        <DonorButton kind="quiet" onClick={toFeed}>
          回到心愿池
        </DonorButton>
      </View>
    </View>
  );
}

function Fact({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <View className="dn-facts__row">
      <Text className="dn-facts__key">{k}</Text>
      <Text className="dn-facts__value" data-testid={testId}>
        {v}
      </Text>
    </View>
  );
}

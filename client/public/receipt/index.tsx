import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback } from 'react';
import { chinaDate } from '../../../shared/china-date';
import type { Receipt } from '../../../shared/schemas/ledger';
import { ApiError } from '../../api/http';
import { getReceipt } from '../../api/ledger';
import { getInclusionProof, getLatestCheckpoint } from '../../api/ledger-log';
import { EmptyWithAction } from '../../components/EmptyWithAction';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { formatFen } from '../../utils/money';
import { Section } from '../components/Section';
import { VerifyButton } from '../components/VerifyButton';
import { dayText } from '../lib/report-view';
import { checkReceipt } from '../lib/verify-receipt';
import '../public.scss';

const logApi = { getLatestCheckpoint, getInclusionProof };

/** A donor's receipt, found by its unguessable link (no login), and 核验 against the public ledger. */
export default function ReceiptPage() {
  const id = useRouter().params.id ?? '';
  const fetchReceipt = useCallback(
    () =>
      id
        ? getReceipt(id).catch((e: unknown) => {
            if (e instanceof ApiError && e.code === 'RECEIPT_NOT_FOUND') return null;
            throw e;
          })
        : Promise.resolve(null),
    [id],
  );
  const { state, reload } = useLoad<Receipt | null>(fetchReceipt);

  if (state.status === 'loading') return <LoadingPanel rows={2} />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  if (!state.data) {
    return (
      <View data-testid="receipt-not-found">
        <EmptyWithAction
          title="没有找到这张收据"
          hint="请核对链接是否完整。登录后可以在“我的 → 我的捐赠收据”里找到您的全部收据。"
          action="去“我的”"
          onAction={() => void Taro.switchTab({ url: '/pages/me/index' })}
        />
      </View>
    );
  }
  return <ReceiptView receipt={state.data} />;
}

export function ReceiptView({ receipt: r }: { receipt: Receipt }) {
  const inKind = r.unit === 'INKIND';
  const state = r.reversed
    ? '已冲正：这笔记录有误，已由机构更正'
    : r.refundedFen > 0
      ? `已退款 ${formatFen(r.refundedFen)}`
      : '有效';
  return (
    <View className="pb-page" data-testid="receipt">
      <View className="pb-receipt">
        <Text className="pb-receipt__org">{r.organization}</Text>
        <Text className="pb-receipt__label">{inKind ? '实物捐赠价值' : '捐赠金额'}</Text>
        <Text
          className={`pb-receipt__amount${r.reversed ? ' pb-receipt__amount--void' : ''}`}
          data-testid="receipt-amount"
        >
          {formatFen(r.amountFen)}
        </Text>
        <Text className="pb-receipt__thanks">感谢您的爱心！</Text>
      </View>

      <Section title="收据信息">
        <View className="pb-facts">
          <Fact k="票据号" v={r.receiptNo} testId="receipt-no" />
          <Fact k="日期" v={dayText(chinaDate(Date.parse(r.effectiveAt)), true)} />
          {r.wish && <Fact k="心愿" v={r.wish} />}
          {r.campaign && <Fact k="活动" v={r.campaign} />}
          <Fact k="捐赠人" v={r.donorName ?? '（未留姓名）'} />
          <Fact k="公示中显示为" v={r.publicName} testId="receipt-public-name" />
          <Fact k="公开账本" v={`第 ${r.leafIndex + 1} 条`} testId="receipt-leaf" />
          <Fact k="状态" v={state} testId="receipt-state" />
        </View>
      </Section>

      <Section
        title="核验这笔捐赠"
        hint="点“核验”，您的手机会从公开账本下载这条记录和机构签名的账本快照，自己计算核对，不需要相信任何人。"
      >
        <VerifyButton label="核验" run={() => checkReceipt(r, logApi)} testId="verify-receipt" />
      </Section>
    </View>
  );
}

function Fact({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <View className="pb-facts__row">
      <Text className="pb-facts__key">{k}</Text>
      <Text className="pb-facts__value" data-testid={testId}>
        {v}
      </Text>
    </View>
  );
}

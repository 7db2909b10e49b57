import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { chinaDate } from '../../../../shared/china-date';
import { TEXT_LIMITS } from '../../../../shared/constants';
import { LEDGER_TX_KIND_LABELS } from '../../../../shared/ledger';
import { reverseBodySchema, type LedgerTx } from '../../../../shared/schemas/ledger';
import { yuanText } from '../../../../shared/payments';
import type { OnlineRefund } from '../../../../shared/schemas/payments';
import { refundDonation, revalueInKind, reverseLedgerTx } from '../../../api/ledger';
import { refundOnlineDonation } from '../../../api/payments';
import { fenToYuanText, parseYuan } from '../../../caseworker/lib/yuan';
import { formatDateTime } from '../../../caseworker/lib/dates';
import { formatFen } from '../../../utils/money';
import { ActionButton } from '../ActionButton';
import { Field } from '../Field';
import { checkWith, fieldErrorsFromApi, type FieldErrors } from '../../lib/field-errors';
import {
  accountLabel,
  canRefundOnline,
  CHANNEL_LABELS,
  DONOR_DISPLAY_LABELS,
  fundText,
  LEDGER_AMOUNT,
  refundableFen,
  txActions,
  txAmountFen,
} from '../../lib/ledger-terms';
import { useSubmissionKey } from '../../lib/submission-key';
import { signedAmount } from '../LedgerRow';
import './index.scss';

type Mode = 'view' | 'reverse' | 'refund' | 'online' | 'revalue';

const CODE_FIELDS = { REFUND_TOO_LARGE: 'amount' };
const CODE_MESSAGES = {
  FORBIDDEN: '只有财务人员可以更正账目',
  FUND_INSUFFICIENT: '这笔资金的余额已经不够退回或冲正这么多（钱可能已经用在心愿上了）',
};
const BRAND = '#d9480f';

/**
 * One entry of the books in a sheet: what it is, its postings (借/贷 by account), and the
 * corrections finance may make — 冲正 (reason, confirmed), 退款 (cash donations, up to what is
 * left), 原路退款 through WeChat Pay (donations paid online: posted once WeChat Pay confirms it),
 * 核定价值 (gifts in kind). Nothing is edited: each correction is a new entry.
 */
export function LedgerTxSheet({
  tx,
  canWrite,
  onClose,
  onDone,
}: {
  tx: LedgerTx;
  canWrite: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [mode, setMode] = useState<Mode>('view');
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [online, setOnline] = useState<OnlineRefund | null>(null);
  const key = useSubmissionKey();
  const actions = txActions(tx);
  const refundable = refundableFen(tx);

  const open = (next: Mode) => {
    setMode(next);
    setReason('');
    setAmount(next === 'refund' || next === 'online' ? fenToYuanText(refundable) : '');
    setErrors({});
    setGeneral(null);
    key.reset();
  };
  const edit = (set: (v: string) => void, field: string) => (v: string) => {
    set(v);
    setErrors(({ [field]: _, ...rest }) => rest);
    setGeneral(null);
    key.reset();
  };

  /** The checked request of the open form, or null after showing what is wrong. */
  const request = (): (() => Promise<unknown>) | null => {
    const found = checkWith(reverseBodySchema, { reason: reason.trim() });
    const body = { reason: reason.trim() };
    if (mode === 'reverse') {
      setErrors(found);
      return Object.keys(found).length ? null : () => reverseLedgerTx(tx.id, body, key.take());
    }
    const parsed = parseYuan(amount, LEDGER_AMOUNT);
    if (!parsed.ok) found.amount = parsed.message;
    else if ((mode === 'refund' || mode === 'online') && parsed.fen > refundable) {
      found.amount = `最多还能退 ${formatFen(refundable)}`;
    }
    setErrors(found);
    if (Object.keys(found).length || !parsed.ok) return null;
    if (mode === 'online') {
      return () =>
        refundOnlineDonation(tx.id, { amountFen: parsed.fen, reason: body.reason }, key.take()).then(
          setOnline,
        );
    }
    return mode === 'refund'
      ? () =>
          refundDonation(
            tx.id,
            { amountFen: parsed.fen, paidOn: chinaDate(Date.now()), reason: body.reason },
            key.take(),
          )
      : () => revalueInKind(tx.id, { valueFen: parsed.fen, reason: body.reason }, key.take());
  };

  const submit = async () => {
    if (busy) return;
    const send = request();
    if (!send) return setGeneral('有几项需要修改，请看标红的地方');
    setGeneral(null);
    const sure = await Taro.showModal({
      title: CONFIRM[mode as Exclude<Mode, 'view'>].title,
      content: CONFIRM[mode as Exclude<Mode, 'view'>].content,
      confirmText: '确认',
      cancelText: '再看看',
      confirmColor: BRAND,
    });
    if (!sure.confirm) return;
    setBusy(true);
    try {
      await send();
      key.settle();
      // WeChat Pay's answer stays on the sheet until 完成: the refund may still be under way.
      if (mode !== 'online') onDone(CONFIRM[mode as Exclude<Mode, 'view'>].done);
    } catch (e) {
      key.settle(e);
      const refused = fieldErrorsFromApi(e, CODE_FIELDS, CODE_MESSAGES);
      setErrors(refused.fields);
      setGeneral(refused.general);
    } finally {
      setBusy(false);
    }
  };

  const d = tx.donation;
  return (
    <View className="ledger-sheet" data-testid="ledger-sheet">
      <View
        className="ledger-sheet__mask"
        onClick={() => (online ? onDone(ONLINE_DONE[online.status]) : !busy && onClose())}
      />
      <View className="ledger-sheet__panel">
        <View className="ledger-sheet__head">
          <Text className="ledger-sheet__title">{LEDGER_TX_KIND_LABELS[tx.kind]}</Text>
          <Text className="ledger-sheet__amount">{signedAmount(tx)}</Text>
        </View>
        {tx.reversedBy && (
          <Text className="ch-notice ch-notice--info ledger-sheet__note">这笔账目已冲正，不再计入余额。</Text>
        )}

        <View className="ledger-sheet__facts">
          <Fact k="日期" v={formatDateTime(tx.effectiveAt).slice(0, 10)} />
          <Fact k="资金" v={fundText(tx)} />
          {d && <Fact k="捐赠人" v={d.donorName ?? '未留名'} />}
          {d && <Fact k="公示为" v={`${d.publicName}（${DONOR_DISPLAY_LABELS[d.donorDisplay]}）`} />}
          {d && <Fact k="收款方式" v={CHANNEL_LABELS[d.channel]} />}
          {d && <Fact k="票据号" v={d.receiptNo} />}
          {d && tx.refundedFen > 0 && <Fact k="已退款" v={formatFen(tx.refundedFen)} />}
          {tx.wish && <Fact k="心愿" v={tx.wish.title} />}
          {tx.memo && <Fact k="备注" v={tx.memo} />}
          <Fact k="记账时间" v={formatDateTime(tx.recordedAt)} />
          <Fact k="账本序号" v={`#${tx.leafIndex}`} />
        </View>

        <Text className="ledger-sheet__section">会计分录</Text>
        <View className="ledger-sheet__postings" data-testid="ledger-postings">
          <View className="ledger-sheet__posting ledger-sheet__posting--head">
            <Text className="ledger-sheet__account">科目</Text>
            <Text className="ledger-sheet__debit">借方</Text>
            <Text className="ledger-sheet__credit">贷方</Text>
          </View>
          {tx.postings.map((p, i) => (
            <View key={i} className="ledger-sheet__posting">
              <Text className="ledger-sheet__account">
                {accountLabel(p.account, tx.campaign)}
                {p.unit === 'INKIND' ? '（估值）' : ''}
              </Text>
              <Text className="ledger-sheet__debit">{p.amountFen > 0 ? formatFen(p.amountFen) : ''}</Text>
              <Text className="ledger-sheet__credit">{p.amountFen < 0 ? formatFen(-p.amountFen) : ''}</Text>
            </View>
          ))}
        </View>

        {online && <OnlineRefundResult refund={online} />}
        {mode !== 'view' && !online && (
          <View className="ledger-sheet__form" data-testid={`ledger-${mode}-form`}>
            <Text className="ledger-sheet__section">{CONFIRM[mode].title.replace('？', '')}</Text>
            <Text className="ledger-sheet__hint">{CONFIRM[mode].hint}</Text>
            {mode !== 'reverse' && (
              <Field
                label={mode === 'revalue' ? '核定价值（元）' : '退款金额（元）'}
                hint={
                  mode !== 'revalue'
                    ? `最多可退 ${formatFen(refundable)}`
                    : `原估值 ${formatFen(txAmountFen(tx))}`
                }
                error={errors.amount}
                name="amount"
              >
                <Input
                  className="ch-input"
                  type="digit"
                  value={amount}
                  placeholder="如 200 或 35.50"
                  onInput={(e) => edit(setAmount, 'amount')(e.detail.value)}
                  data-testid="ledger-amount"
                />
              </Field>
            )}
            <Field label={mode === 'revalue' ? '核定依据' : '原因'} error={errors.reason} name="reason">
              <Textarea
                className="ch-textarea ledger-sheet__reason"
                value={reason}
                maxlength={TEXT_LIMITS.reason}
                placeholder={CONFIRM[mode].placeholder}
                onInput={(e) => edit(setReason, 'reason')(e.detail.value)}
                data-testid="ledger-reason"
              />
            </Field>
          </View>
        )}

        {general && (
          <Text className="ch-form-error" data-testid="ledger-sheet-error">
            {general}
          </Text>
        )}
        <View className="ledger-sheet__actions">
          {online ? (
            <ActionButton onClick={() => onDone(ONLINE_DONE[online.status])} testId="online-refund-done">
              完成
            </ActionButton>
          ) : mode === 'view' ? (
            <>
              <ActionButton look="quiet" onClick={onClose}>
                关闭
              </ActionButton>
              {canWrite && actions.refund && (
                <ActionButton look="plain" onClick={() => open('refund')} testId="ledger-refund">
                  退款
                </ActionButton>
              )}
              {canWrite && canRefundOnline(tx) && (
                <ActionButton look="plain" onClick={() => open('online')} testId="ledger-online-refund">
                  原路退款（微信支付）
                </ActionButton>
              )}
              {canWrite && actions.revalue && (
                <ActionButton look="plain" onClick={() => open('revalue')} testId="ledger-revalue">
                  核定价值
                </ActionButton>
              )}
              {canWrite && actions.reverse && (
                <ActionButton look="plain" onClick={() => open('reverse')} testId="ledger-reverse">
                  冲正
                </ActionButton>
              )}
            </>
          ) : (
            <>
              <ActionButton look="quiet" off={busy} onClick={() => open('view')}>
                返回
              </ActionButton>
              <ActionButton off={busy} onClick={() => void submit()} testId="ledger-submit">
                {busy ? '正在提交…' : CONFIRM[mode].button}
              </ActionButton>
            </>
          )}
        </View>
      </View>
    </View>
  );
}

const CONFIRM = {
  reverse: {
    title: '冲正这笔账目？',
    content:
      '会记一笔金额相同、方向相反的账目，原记录保留，余额随之恢复。冲正后不能撤销；如需更正，请再登记一笔正确的。',
    hint: '原记录不会删除，冲正记录和原因都会留在账本里。',
    placeholder: '例如：金额录错了，应为 500 元',
    button: '冲正',
    done: '已冲正',
  },
  refund: {
    title: '退款给捐赠人？',
    content: '会从这笔捐赠的资金里退回所填金额，记一笔退款账目。请确认钱已经或将要退给捐赠人。',
    hint: '钱从这笔捐赠进入的资金里退回。',
    placeholder: '例如：捐赠人重复转账，退回多转的部分',
    button: '确认退款',
    done: '已登记退款',
  },
  online: {
    title: '原路退款给捐赠人？',
    content: '会通过微信支付把所填金额原路退回捐赠人的微信。微信支付确认退款成功后，自动记一笔退款账目。',
    hint: '这笔捐赠是在线支付的：钱从它进入的资金里退回，原路回到捐赠人的微信零钱或银行卡。',
    placeholder: '例如：捐赠人误捐，申请退回',
    button: '确认原路退款',
    done: '已提交退款',
  },
  revalue: {
    title: '核定实物价值？',
    content: '会冲正原来按预估价值记的账，再按核定的价值记一笔。',
    hint: '实物捐赠先按心愿的预估价值入账；有发票或市场价时，在这里按实际价值核定。',
    placeholder: '例如：按购物发票，实际价值 860 元',
    button: '核定价值',
    done: '已核定价值',
  },
} as const;

const ONLINE_DONE = { succeeded: '已原路退款', processing: '退款处理中', failed: '退款没有成功' } as const;

/** WeChat Pay's answer to 原路退款: done, still under way (posted when it is), or refused. */
function OnlineRefundResult({ refund }: { refund: OnlineRefund }) {
  const amount = yuanText(refund.amountFen);
  const text = {
    succeeded: `退款成功：${amount} 已原路退回捐赠人的微信，账本已记一笔退款。`,
    processing: `退款处理中：已向微信支付提交退款 ${amount}。微信支付确认后会自动记一笔退款账目，一般几分钟内完成，请不要重复提交。`,
    failed: `微信支付没有受理这笔退款（${amount}），账本没有变化。请核对后再试，或在微信支付商户平台查看原因。`,
  }[refund.status];
  return (
    <Text
      className={`ch-notice ${refund.status === 'failed' ? 'ch-notice--danger' : refund.status === 'processing' ? 'ch-notice--warning' : 'ch-notice--info'} ledger-sheet__note`}
      data-testid="online-refund-result"
      data-status={refund.status}
    >
      {text}
    </Text>
  );
}

function Fact({ k, v }: { k: string; v: string }) {
  return (
    <View className="ledger-sheet__fact">
      <Text className="ledger-sheet__fact-key">{k}</Text>
      <Text className="ledger-sheet__fact-value">{v}</Text>
    </View>
  );
}

import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import { chinaDate } from '../../../shared/china-date';
import { TEXT_LIMITS, URGENCY_LABELS } from '../../../shared/constants';
import type { PurchasableWish } from '../../../shared/schemas/dashboard';
import { listPurchasableWishes } from '../../api/dashboard';
import { getFunds, recordPurchase } from '../../api/ledger';
import { ChoiceChips } from '../../caseworker/components/ChoiceChips';
import { fenToYuanText, parseYuan } from '../../caseworker/lib/yuan';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { formatFen } from '../../utils/money';
import { ActionButton } from '../components/ActionButton';
import { formatDate } from '../components/CampaignRow';
import { Field } from '../components/Field';
import type { FieldErrors } from '../lib/field-errors';
import { useFundChoices } from '../lib/fund-choices';
import { LEDGER_AMOUNT, MONEY_CHOICES } from '../lib/ledger-terms';
import { emptyPurchaseForm, purchaseRefusal, purchaseRequest, type PurchaseForm } from '../lib/purchase-form';
import { useSubmissionKey } from '../lib/submission-key';
import '../charity.scss';
import './index.scss';

const wishLine = (w: PurchasableWish) =>
  `${URGENCY_LABELS[w.urgency]} · ${w.title} · ${w.pseudonym}${w.status === 'claimed' ? '（已认领）' : ''}`;

/**
 * 登记采购: the organization buys a wish's gift from a fund (a campaign's money only for its
 * wishes, or the unrestricted fund). A fund that cannot cover it says how much it has left.
 */
export default function PurchasePage() {
  const wishes = useLoad(listPurchasableWishes);
  if (wishes.state.status === 'loading') return <LoadingPanel rows={3} />;
  if (wishes.state.status === 'error')
    return <ErrorPanel message={wishes.state.message} onRetry={wishes.reload} />;
  if (wishes.state.data.items.length === 0) {
    return (
      <View className="ch-page">
        <EmptyPanel title="没有可以采购的心愿" hint="只能为已发布或已认领、还没转交的心愿登记采购。" />
      </View>
    );
  }
  return <PurchaseFormCard wishes={wishes.state.data.items} />;
}

function PurchaseFormCard({ wishes }: { wishes: PurchasableWish[] }) {
  const [form, setForm] = useState<PurchaseForm>(() => emptyPurchaseForm(Date.now()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useSubmissionKey();
  const funds = useFundChoices();
  const balances = useLoad(getFunds);
  const balance = useMemo(() => {
    if (balances.state.status !== 'ready') return null;
    const fund = form.campaignId ?? 'general';
    return balances.state.data.funds.find((f) => f.fund === fund)?.balanceFen ?? 0;
  }, [balances.state, form.campaignId]);
  const wish = wishes.find((w) => w.id === form.wishId) ?? null;

  const change = (next: Partial<PurchaseForm>, ...fields: string[]) => {
    setForm((f) => ({ ...f, ...next }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))));
    setGeneral(null);
    key.reset();
  };
  const pickWish = (w: PurchasableWish | undefined) => {
    if (!w) return;
    change(
      {
        wishId: w.id,
        // A wish of a campaign is usually paid from that campaign's money; the value as a start.
        campaignId: w.campaign?.id ?? null,
        ...(form.amount.trim() === '' && { amount: fenToYuanText(w.estimatedValueFen) }),
      },
      'wishId',
      'campaignId',
      'amountFen',
    );
  };

  const submit = async () => {
    if (busy) return;
    const checked = purchaseRequest(form, Date.now());
    if (!checked.ok) {
      setErrors(checked.errors);
      return setGeneral('有几项需要修改，请看标红的地方');
    }
    setErrors({});
    setGeneral(null);
    setBusy(true);
    try {
      await recordPurchase(checked.body, key.take());
      key.settle();
      void Taro.showToast({ title: '采购已登记', icon: 'success' });
      void Taro.redirectTo({ url: '/charity/ledger/index' });
    } catch (e) {
      key.settle(e);
      const refused = purchaseRefusal(e, checked.body.amountFen);
      setErrors(refused.fields);
      setGeneral(refused.general);
      balances.reload();
    } finally {
      setBusy(false);
    }
  };
  const amount = parseYuan(form.amount, LEDGER_AMOUNT);
  const short = balance !== null && amount.ok && amount.fen > balance;
  const [today] = useState(() => chinaDate(Date.now()));
  return (
    <View className="ch-page">
      <View className="ch-card" data-testid="purchase-form">
        <Text className="ch-card__title">为心愿采购</Text>
        <Text className="ch-card__sub">机构用捐款为孩子买下心愿礼物时，在这里记一笔支出。</Text>

        <Field label="心愿" error={errors.wishId} name="wishId">
          <Picker
            mode="selector"
            range={wishes.map(wishLine)}
            value={Math.max(
              0,
              wishes.findIndex((w) => w.id === form.wishId),
            )}
            onChange={(e) => pickWish(wishes[Number(e.detail.value)])}
          >
            <View className={`ch-picker ${wish ? '' : 'purchase__placeholder'}`} data-testid="purchase-wish">
              {wish ? wish.title : '请选择心愿'}
            </View>
          </Picker>
          {wish && (
            <Text className="purchase__wish" data-testid="purchase-wish-info">
              {URGENCY_LABELS[wish.urgency]} · 为 {wish.pseudonym} · 预估 {formatFen(wish.estimatedValueFen)}
              {wish.campaign ? ` · ${wish.campaign.title}` : ''}
              {wish.status === 'claimed' ? ' · 已有人认领' : ''}
            </Text>
          )}
        </Field>
        <Field label="金额（元）" error={errors.amountFen} name="amountFen">
          <Input
            className="ch-input"
            type="digit"
            value={form.amount}
            placeholder="如 980 或 128.50"
            onInput={(e) => change({ amount: e.detail.value }, 'amountFen')}
            data-testid="purchase-amount"
          />
        </Field>
        <Field
          label="从哪笔资金支出"
          hint={
            balance === null
              ? undefined
              : `这笔资金现有 ${formatFen(balance)}${short ? '，不够这次支出' : ''}`
          }
          error={errors.campaignId}
          name="campaignId"
        >
          <Picker
            mode="selector"
            range={funds.choices.map((c) => c.title)}
            value={funds.indexOf(form.campaignId)}
            onChange={(e) =>
              change(
                { campaignId: funds.choices[Number(e.detail.value)]?.id ?? null },
                'campaignId',
                'amountFen',
              )
            }
          >
            <View className="ch-picker" data-testid="purchase-fund">
              {funds.titleOf(form.campaignId)}
            </View>
          </Picker>
        </Field>
        <Field label="付款方式" error={errors.paidFrom} name="paidFrom">
          <ChoiceChips
            choices={MONEY_CHOICES}
            value={form.paidFrom}
            onChange={(v) => v && change({ paidFrom: v }, 'paidFrom')}
            testId="purchase-paid-from"
          />
        </Field>
        <Field label="付款日期" error={errors.paidOn} name="paidOn">
          <Picker
            mode="date"
            value={form.paidOn}
            end={today}
            onChange={(e) => change({ paidOn: String(e.detail.value) }, 'paidOn')}
          >
            <View className="ch-picker" data-testid="purchase-date">
              {formatDate(form.paidOn)}
            </View>
          </Picker>
        </Field>
        <Field label="备注" optional error={errors.memo} name="memo">
          <Textarea
            className="ch-textarea purchase__memo"
            value={form.memo}
            maxlength={TEXT_LIMITS.note}
            placeholder="如：在哪家店买的、发票号"
            onInput={(e) => change({ memo: e.detail.value }, 'memo')}
            data-testid="purchase-memo"
          />
        </Field>

        {general && (
          <Text className="ch-form-error" data-testid="purchase-error">
            {general}
          </Text>
        )}
        <View className="purchase__submit">
          <ActionButton off={busy} onClick={() => void submit()} testId="purchase-submit">
            {busy ? '正在登记…' : '登记采购'}
          </ActionButton>
        </View>
      </View>
    </View>
  );
}

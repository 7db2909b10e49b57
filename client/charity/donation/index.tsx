import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { chinaDate } from '../../../shared/china-date';
import { TEXT_LIMITS } from '../../../shared/constants';
import type { LedgerTx } from '../../../shared/schemas/ledger';
import { recordDonation } from '../../api/ledger';
import { ChoiceChips } from '../../caseworker/components/ChoiceChips';
import { formatFen } from '../../utils/money';
import { ActionButton } from '../components/ActionButton';
import { formatDate } from '../components/CampaignRow';
import { Field } from '../components/Field';
import {
  donationRefusal,
  donationRequest,
  donorPreview,
  emptyDonationForm,
  type DonationForm,
} from '../lib/donation-form';
import type { FieldErrors } from '../lib/field-errors';
import { useFundChoices } from '../lib/fund-choices';
import { DONOR_DISPLAY_CHOICES, MONEY_CHOICES, txAmountFen } from '../lib/ledger-terms';
import { receiptLink } from '../lib/receipt-link';
import { useSubmissionKey } from '../lib/submission-key';
import '../charity.scss';
import './index.scss';

/**
 * 登记捐赠: money that arrived by bank transfer or in cash, into the unrestricted fund or a
 * campaign's; how the donor appears in public (live preview); the receipt number, given or next.
 * Then the receipt's number and a link to send the donor.
 */
export default function DonationPage() {
  const [form, setForm] = useState<DonationForm>(() => emptyDonationForm(Date.now()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<LedgerTx | null>(null);
  const key = useSubmissionKey();
  const funds = useFundChoices();
  const [today] = useState(() => chinaDate(Date.now()));

  const set = <K extends keyof DonationForm>(field: K, value: DonationForm[K], errorKey: string = field) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors(({ [errorKey]: _, ...rest }) => rest);
    setGeneral(null);
    key.reset();
  };

  const submit = async () => {
    if (busy) return;
    const checked = donationRequest(form, Date.now());
    if (!checked.ok) {
      setErrors(checked.errors);
      return setGeneral('有几项需要修改，请看标红的地方');
    }
    setErrors({});
    setGeneral(null);
    setBusy(true);
    try {
      const tx = await recordDonation(checked.body, key.take());
      key.settle();
      setDone(tx);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
    } catch (e) {
      key.settle(e);
      const refused = donationRefusal(e);
      setErrors(refused.fields);
      setGeneral(refused.general);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Recorded
        tx={done}
        onAnother={() => {
          setDone(null);
          setForm(emptyDonationForm(Date.now()));
        }}
      />
    );
  }

  return (
    <View className="ch-page">
      <View className="ch-card" data-testid="donation-form">
        <Text className="ch-card__title">登记一笔捐赠</Text>
        <Text className="ch-card__sub">银行转账或现金收到的捐款，在这里入账并开具收据。</Text>

        <Field label="金额（元）" error={errors.amountFen} name="amountFen">
          <Input
            className="ch-input"
            type="digit"
            value={form.amount}
            placeholder="如 500 或 128.50"
            onInput={(e) => set('amount', e.detail.value, 'amountFen')}
            data-testid="donation-amount"
          />
        </Field>
        <Field label="收款方式" error={errors.channel} name="channel">
          <ChoiceChips
            choices={MONEY_CHOICES}
            value={form.channel}
            onChange={(v) => v && set('channel', v)}
            testId="donation-channel"
          />
        </Field>
        <Field
          label="资金去向"
          hint="捐给某个活动的钱只能用在这个活动上；没有指定的进非限定性资金。"
          error={errors.campaignId}
          name="campaignId"
        >
          <Picker
            mode="selector"
            range={funds.choices.map((c) => c.title)}
            value={funds.indexOf(form.campaignId)}
            onChange={(e) => set('campaignId', funds.choices[Number(e.detail.value)]?.id ?? null)}
          >
            <View className="ch-picker" data-testid="donation-fund">
              {funds.titleOf(form.campaignId)}
            </View>
          </Picker>
        </Field>
        <Field label="捐赠人" error={errors.donorName} name="donorName">
          <Input
            className="ch-input"
            value={form.donorName}
            maxlength={TEXT_LIMITS.donorName}
            placeholder="个人姓名或单位名称"
            onInput={(e) => set('donorName', e.detail.value)}
            data-testid="donation-donor"
          />
        </Field>
        <Field label="公示方式" error={errors.donorDisplay} name="donorDisplay">
          <ChoiceChips
            choices={DONOR_DISPLAY_CHOICES}
            value={form.donorDisplay}
            onChange={(v) => v && set('donorDisplay', v)}
            testId="donation-display"
          />
          <View className="donation__preview" data-testid="donation-preview">
            <Text className="donation__preview-label">公示名单里显示为</Text>
            {form.donorName.trim() || form.donorDisplay === 'anonymous' ? (
              <Text className="donation__preview-name">{donorPreview(form)}</Text>
            ) : (
              <Text className="donation__preview-empty">填写捐赠人后显示</Text>
            )}
          </View>
        </Field>
        <Field
          label="票据号"
          optional
          hint="纸质收据上的编号；不填则自动编号。"
          error={errors.receiptNo}
          name="receiptNo"
        >
          <Input
            className="ch-input"
            value={form.receiptNo}
            maxlength={32}
            placeholder="如 YX-2026-0158"
            onInput={(e) => set('receiptNo', e.detail.value)}
            data-testid="donation-receipt-no"
          />
        </Field>
        <Field label="到账日期" error={errors.receivedOn} name="receivedOn">
          <Picker
            mode="date"
            value={form.receivedOn}
            end={today}
            onChange={(e) => set('receivedOn', String(e.detail.value))}
          >
            <View className="ch-picker" data-testid="donation-date">
              {formatDate(form.receivedOn)}
            </View>
          </Picker>
        </Field>
        <Field label="备注" optional error={errors.memo} name="memo">
          <Textarea
            className="ch-textarea donation__memo"
            value={form.memo}
            maxlength={TEXT_LIMITS.note}
            placeholder="如：转账附言、联系人"
            onInput={(e) => set('memo', e.detail.value)}
            data-testid="donation-memo"
          />
        </Field>

        {general && (
          <Text className="ch-form-error" data-testid="donation-error">
            {general}
          </Text>
        )}
        <View className="donation__submit">
          <ActionButton off={busy} onClick={() => void submit()} testId="donation-submit">
            {busy ? '正在登记…' : '登记捐赠'}
          </ActionButton>
        </View>
      </View>
    </View>
  );
}

/** The entry made: its receipt number, and the receipt link to send the donor. */
function Recorded({ tx, onAnother }: { tx: LedgerTx; onAnother: () => void }) {
  const d = tx.donation;
  const copy = () => {
    if (!d) return;
    void Taro.setClipboardData({ data: receiptLink(d.receiptId) }).then(
      () => void Taro.showToast({ title: '收据链接已复制', icon: 'success' }),
      () => void Taro.showToast({ title: '没能复制，请长按链接手动复制', icon: 'none' }),
    );
  };
  return (
    <View className="ch-page">
      <View className="ch-card donation__done" data-testid="donation-done">
        <Text className="donation__done-mark">✓</Text>
        <Text className="ch-card__title">已登记 {formatFen(txAmountFen(tx))}</Text>
        {d && (
          <>
            <Text className="donation__done-line">
              票据号{' '}
              <Text className="donation__receipt-no" data-testid="donation-receipt">
                {d.receiptNo}
              </Text>
            </Text>
            <Text className="donation__done-line">公示时显示为 {d.publicName}</Text>
            <Text className="donation__link" selectable data-testid="donation-link">
              {receiptLink(d.receiptId)}
            </Text>
          </>
        )}
        <Text className="ch-card__sub donation__done-hint">
          把收据链接发给捐赠人，对方可以查看收据，并核对这笔捐赠已记入公开账本。
        </Text>
        <View className="donation__done-actions">
          <ActionButton onClick={copy} testId="donation-copy">
            复制收据链接
          </ActionButton>
          <ActionButton look="plain" onClick={onAnother} testId="donation-another">
            再登记一笔
          </ActionButton>
          <ActionButton look="quiet" onClick={() => void Taro.redirectTo({ url: '/charity/ledger/index' })}>
            查看台账
          </ActionButton>
        </View>
      </View>
    </View>
  );
}

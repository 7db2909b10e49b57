import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { TEXT_LIMITS } from '../../../../shared/constants';
import { sharesPriceFen, yuanText } from '../../../../shared/payments';
import type { PayOrder, PayTarget } from '../../../../shared/schemas/payments';
import type { PublicCampaign, PublicWishDetail } from '../../../../shared/schemas/wishes';
import { newIdempotencyKey } from '../../../api/claims';
import { ApiError, errorMessage } from '../../../api/http';
import { createPayOrder } from '../../../api/payments';
import { loadSession } from '../../../session/session-store';
import { keepKeyAfter, wishChanged } from '../../lib/claim-terms';
import {
  AMOUNT_PRESETS_FEN,
  campaignAmount,
  donateRequest,
  DONOR_DISPLAY_OPTIONS,
  EMPTY_DONATE_FORM,
  payChannel,
  publicNamePreview,
  type DonateForm as Form,
} from '../../lib/donate';
import type { FieldErrors } from '../../lib/field-errors';
import { fieldErrorsFromApi } from '../../lib/field-errors';
import { launchPayment, type PayOutcome } from '../../lib/pay';
import { askSubscriptions, useSubscriptionTemplates } from '../../lib/subscriptions';
import { DonorButton } from '../DonorButton';
import { DonorField } from '../DonorField';
import { ShareStepper } from '../ShareStepper';

/** What the money is for: a campaign's fund, or shares of a wish (bought by the charity). */
export type DonateTarget =
  { kind: 'campaign'; campaign: PublicCampaign } | { kind: 'wish'; wish: PublicWishDetail };

/** A wish's shares still open to pay for (0: none). */
export function sharesOpen(wish: PublicWishDetail): number {
  return wish.status === 'published' ? Math.max(0, wish.sharesLeft) : 0;
}

/** What `n` shares of the wish cost now: the next shares in line, priced as the server prices them. */
export function sharesCostFen(wish: PublicWishDetail, n: number): number {
  const from = wish.shares - wish.sharesLeft;
  return sharesPriceFen(wish.estimatedValueFen, wish.shares, from, Math.min(n, wish.sharesLeft));
}

/**
 * 在线捐款: how much (a campaign: 20/50/100/200 元 or typed; a wish: how many shares, priced from
 * the wish), how the donor appears in the 公示 (live preview), then 支付. One Idempotency-Key per
 * intended order: a retry of it (network error, payment cancelled) answers with the same order,
 * never a second one; a change to the form is a new order.
 */
export function DonateForm({
  target,
  onCancel,
  onOrder,
  onStale,
}: {
  target: DonateTarget;
  onCancel: () => void;
  /** The server says the wish on screen is out of date (shares taken): load it again. */
  onStale: () => void;
  /** The order is made and paid (or waits for 模拟支付, or is no longer open): show its page. */
  onOrder: (order: PayOrder, outcome: PayOutcome) => void;
}) {
  const [form, setForm] = useState<Form>(EMPTY_DONATE_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<{ message: string; code: string } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keyRef = useRef<string | null>(null);
  const templates = useSubscriptionTemplates();

  const wish = target.kind === 'wish' ? target.wish : null;
  const maxShares = wish ? Math.max(1, sharesOpen(wish)) : 1;
  const shares = Math.min(form.shares, maxShares);
  const open = wish ? sharesOpen(wish) > 0 : true;

  const set = <K extends keyof Form>(field: K, value: Form[K], errorField: string = field) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors(({ [errorField]: _, ...rest }) => rest);
    setError(null);
    setNote(null);
    // Another amount, share count or name is another order.
    keyRef.current = null;
  };

  const payTarget: PayTarget =
    target.kind === 'campaign'
      ? { kind: 'campaign', campaignId: target.campaign.id }
      : { kind: 'wish', wishId: target.wish.id, shares };
  const amount = wish ? { ok: true as const, fen: sharesCostFen(wish, shares) } : campaignAmount(form);

  const submit = async (asked: Promise<unknown>) => {
    const request = donateRequest(payTarget, { ...form, shares }, payChannel());
    if (!request.ok) {
      setErrors(request.errors);
      setError({ code: 'FORM', message: '有几项需要修改，请看标红的地方' });
      return;
    }
    setBusy(true);
    setError(null);
    setNote(null);
    await asked;
    keyRef.current ??= newIdempotencyKey();
    let order: PayOrder;
    try {
      order = await createPayOrder(request.body, keyRef.current);
    } catch (e) {
      if (!keepKeyAfter(e)) keyRef.current = null;
      if (e instanceof ApiError && e.status === 401) void loadSession().catch(() => undefined);
      const refused = fieldErrorsFromApi(e);
      setErrors(refused.fields);
      setError({
        code: e instanceof ApiError ? e.code : 'UNKNOWN',
        message:
          e instanceof ApiError && e.code === 'NETWORK_ERROR'
            ? '网络不太好，没能确认是否下单。请检查网络后再点一次，不会重复下单，也不会重复扣款。'
            : (refused.general ?? errorMessage(e, '没能下单，请稍后再试')),
      });
      setBusy(false);
      if (wishChanged(e)) onStale();
      return;
    }
    const outcome = await launchPayment(order);
    setBusy(false);
    if (outcome.kind === 'cancelled') {
      // The same key again: the next 支付 pays this same order.
      setNote('你取消了支付，没有扣款。想继续捐，再点一次“支付”即可（不会重复下单）。');
    } else if (outcome.kind === 'failed') {
      setError({ code: 'PAY_FAILED', message: outcome.message });
    } else if (outcome.kind !== 'left') {
      onOrder(order, outcome);
    }
  };

  const pay = () => {
    if (busy || !open) return;
    // WeChat shows its subscription dialog only inside the tap itself, before any await.
    void submit(askSubscriptions(templates));
  };

  const preview = publicNamePreview(form);
  return (
    <View className="dn-donate" data-testid="donate-form">
      {target.kind === 'campaign' ? (
        <View className="dn-card">
          <Text className="dn-card__title">捐多少</Text>
          <View className="dn-chips dn-donate__amounts" data-testid="donate-amounts">
            {AMOUNT_PRESETS_FEN.map((fen) => (
              <Text
                key={fen}
                className={`dn-chip dn-donate__amount ${form.amount === fen ? 'dn-chip--on' : ''}`}
                onClick={() => set('amount', fen, 'amountFen')}
                data-testid={`amount-${fen / 100}`}
              >
                {fen / 100} 元
              </Text>
            ))}
            <Text
              className={`dn-chip dn-donate__amount ${form.amount === 'custom' ? 'dn-chip--on' : ''}`}
              onClick={() => set('amount', 'custom', 'amountFen')}
              data-testid="amount-custom"
            >
              自定义
            </Text>
          </View>
          {form.amount === 'custom' && (
            <DonorField label="金额（元）" name="amountFen" error={errors.amountFen}>
              <Input
                className="dn-input"
                type="digit"
                value={form.custom}
                placeholder="1 元到 5 万元，如 66 或 12.50"
                maxlength={12}
                onInput={(e) => set('custom', e.detail.value, 'amountFen')}
                data-testid="amount-input"
              />
            </DonorField>
          )}
          <Text className="dn-card__sub dn-donate__where">
            钱进入“{target.campaign.title}”的专项资金，由{target.campaign.organization}
            用于这次活动的心愿，每一笔都会在公示中列出。
          </Text>
        </View>
      ) : (
        <WishShares
          wish={target.wish}
          shares={shares}
          maxShares={maxShares}
          onShares={(n) => set('shares', Math.min(maxShares, Math.max(1, n)))}
        />
      )}

      <View className="dn-card">
        <Text className="dn-card__title">公示时怎样显示你</Text>
        <View className="dn-chips dn-donate__displays" data-testid="donor-display">
          {DONOR_DISPLAY_OPTIONS.map((o) => (
            <View
              key={o.value}
              className={`dn-chip dn-donate__display ${form.donorDisplay === o.value ? 'dn-chip--on' : ''}`}
              onClick={() => set('donorDisplay', o.value)}
              data-testid={`display-${o.value}`}
            >
              <Text>{o.label}</Text>
              <Text className="dn-donate__display-hint">{o.hint}</Text>
            </View>
          ))}
        </View>
        <DonorField
          label="捐赠人姓名"
          name="donorName"
          optional={form.donorDisplay === 'anonymous'}
          error={errors.donorName}
        >
          <Input
            className="dn-input"
            value={form.donorName}
            placeholder={form.donorDisplay === 'anonymous' ? '只写在你自己的收据上' : '如 陈小红'}
            maxlength={TEXT_LIMITS.donorName}
            onInput={(e) => set('donorName', e.detail.value)}
            data-testid="donor-name"
          />
        </DonorField>
        <View className="dn-donate__preview" data-testid="donor-preview">
          <Text className="dn-donate__preview-label">公示名单里显示为</Text>
          {preview ? (
            <Text className="dn-donate__preview-name">{preview}</Text>
          ) : (
            <Text className="dn-donate__preview-empty">填写姓名后显示</Text>
          )}
        </View>
      </View>

      <Text className="dn-donate__promise">
        通过微信支付付款，钱直接进入机构账户。付款后马上生成收据，可在公开账本中核验。
      </Text>

      {note && (
        <View className="dn-donate__note" data-testid="donate-note">
          <Text>{note}</Text>
        </View>
      )}
      {error && (
        <View className="dn-confirm__error" role="alert" data-testid="donate-error" data-code={error.code}>
          <Text>{error.message}</Text>
        </View>
      )}

      <View className="dn-confirm__bar">
        <DonorButton kind="quiet" onClick={onCancel}>
          再想想
        </DonorButton>
        {open ? (
          <DonorButton disabled={busy} onClick={pay} testId="donate-pay">
            {busy ? '正在下单…' : amount.ok ? `支付 ${yuanText(amount.fen)}` : '支付'}
          </DonorButton>
        ) : (
          <DonorButton
            onClick={() => void Taro.switchTab({ url: '/pages/wishes/index' })}
            testId="donate-elsewhere"
          >
            看看其他心愿
          </DonorButton>
        )}
      </View>
    </View>
  );
}

function WishShares({
  wish,
  shares,
  maxShares,
  onShares,
}: {
  wish: PublicWishDetail;
  shares: number;
  maxShares: number;
  onShares: (n: number) => void;
}) {
  const left = sharesOpen(wish);
  if (left === 0) {
    return (
      <View className="dn-card" data-testid="donate-wish-closed">
        <Text className="dn-card__title">这个心愿已经没有可认捐的份数了</Text>
        <Text className="dn-card__sub">别的爱心人士刚刚认领了它，去看看其他正在等待的心愿吧。</Text>
      </View>
    );
  }
  const split = wish.shares > 1;
  return (
    <View className="dn-card">
      <Text className="dn-card__title">出资认领</Text>
      <Text className="dn-card__sub">
        你付款，由{wish.handover.organization}
        代买并转交给孩子；进度和孩子的感谢在“我的认领”里看。
      </Text>
      {split && (
        <View className="dn-confirm__shares dn-donate__shares">
          <View className="dn-confirm__shares-text">
            <Text className="dn-card__title">认捐几份</Text>
            <Text className="dn-card__sub">
              共 {wish.shares} 份，还剩 {left} 份
            </Text>
          </View>
          <ShareStepper value={shares} max={maxShares} verb="认捐" onChange={onShares} />
        </View>
      )}
      <Text className="dn-confirm__total" data-testid="donate-total">
        {split ? `${shares} 份，` : ''}合计 {yuanText(sharesCostFen(wish, shares))}
      </Text>
      <Text className="dn-donate__fine">金额按心愿的预估价值计算，以下单时为准。</Text>
    </View>
  );
}

import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Claim } from '../../../shared/schemas/claims';
import type { PublicWishDetail } from '../../../shared/schemas/wishes';
import { getAuthOptions } from '../../api/auth';
import { claimWish, newIdempotencyKey } from '../../api/claims';
import { ApiError, errorMessage } from '../../api/http';
import { subscriptionTemplates } from '../../api/notifications';
import { useLoad } from '../../hooks/use-load';
import { loadSession, signedIn, useSession } from '../../session/session-store';
import { formatFen } from '../../utils/money';
import { shareFen } from '../../utils/shares';
import { LoginPanel } from '../LoginPanel';
import { deadlineSentence, keepKeyAfter, SEE_MY_CLAIMS, wishChanged } from './claim-terms';
import './index.scss';

const isWeapp = process.env.TARO_ENV === 'weapp';
/** In the mini-program, keeps the page behind the sheet from scrolling. */
const stopScrollThrough = isWeapp ? { catchMove: true } : {};

const STEPS = ['购买礼物', '寄出或送到转交点', '社工签收并转交给孩子', '收到孩子的感谢'];

/**
 * 认领 as a sheet over the wish: what the donor commits to (the deadline), what happens next,
 * how many shares; logs in first when needed. One Idempotency-Key per intended claim: a retry
 * after a network error sends it again, so the server never makes two claims of one tap.
 */
export function ClaimSheet({
  wish,
  onClose,
  onClaimed,
  onStale,
  now,
}: {
  wish: PublicWishDetail;
  onClose: () => void;
  onClaimed: (claim: Claim) => void;
  /** The server says the wish on screen is out of date: load it again. */
  onStale: () => void;
  /** When the sheet opened (the deadline counts from it); tests pin it. */
  now?: number;
}) {
  const [openedAt] = useState(Date.now);
  const session = useSession();
  useEffect(() => {
    if (session.status === 'unknown') void loadSession().catch(() => undefined);
  }, [session.status]);

  return (
    <View className="claim-sheet" data-testid="claim-sheet" {...stopScrollThrough}>
      <View className="claim-sheet__mask" onClick={onClose} />
      <View className="claim-sheet__panel" role="dialog" aria-label="认领心愿">
        <View className="claim-sheet__head">
          <Text className="claim-sheet__heading">认领「{wish.title}」</Text>
          <Text className="claim-sheet__close" onClick={onClose}>
            关闭
          </Text>
        </View>
        {session.status === 'signedIn' ? (
          <ClaimForm
            wish={wish}
            now={now ?? openedAt}
            onClose={onClose}
            onClaimed={onClaimed}
            onStale={onStale}
          />
        ) : session.status === 'anonymous' ? (
          <SheetLogin />
        ) : (
          <Text className="claim-sheet__note">正在确认登录状态…</Text>
        )}
      </View>
    </View>
  );
}

function SheetLogin() {
  const { state, reload } = useLoad(getAuthOptions);
  if (state.status === 'loading') return <Text className="claim-sheet__note">正在加载…</Text>;
  if (state.status === 'error') {
    return (
      <Text className="claim-sheet__note claim-sheet__note--error" onClick={reload}>
        {state.message}（点此重试）
      </Text>
    );
  }
  return (
    <View data-testid="claim-login">
      <LoginPanel options={state.data} onSignedIn={signedIn} />
    </View>
  );
}

function ClaimForm({
  wish,
  now,
  onClose,
  onClaimed,
  onStale,
}: {
  wish: PublicWishDetail;
  now: number;
  onClose: () => void;
  onClaimed: (claim: Claim) => void;
  onStale: () => void;
}) {
  const claimable = wish.status === 'published' && wish.sharesLeft > 0;
  const split = wish.shares > 1;
  const maxShares = Math.max(1, wish.sharesLeft);
  const [wanted, setWanted] = useState(1);
  // The wish may have been refreshed with fewer shares left than were picked.
  const shares = Math.min(wanted, maxShares);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; code: string } | null>(null);
  const templates = useSubscriptionTemplates();

  // One key per intended claim: kept across retries of it, new once the server has answered.
  const keyRef = useRef<string | null>(null);
  const changeShares = (n: number) => {
    setWanted(Math.min(maxShares, Math.max(1, n)));
    keyRef.current = null;
    setError(null);
  };

  const submit = async (asked: Promise<unknown>) => {
    setBusy(true);
    setError(null);
    await asked;
    keyRef.current ??= newIdempotencyKey();
    try {
      const claim = await claimWish(wish.id, shares, keyRef.current);
      keyRef.current = null;
      onClaimed(claim);
    } catch (e) {
      if (!keepKeyAfter(e)) keyRef.current = null;
      if (e instanceof ApiError && e.status === 401) {
        // Logged out meanwhile: the sheet turns into the login panel.
        void loadSession().catch(() => undefined);
      }
      setError({
        code: e instanceof ApiError ? e.code : 'UNKNOWN',
        message:
          e instanceof ApiError && e.code === 'NETWORK_ERROR'
            ? '网络不太好，没能确认认领结果。请检查网络后再点一次，不会重复认领。'
            : errorMessage(e, '认领没有成功，请稍后再试'),
      });
      if (wishChanged(e)) onStale();
    } finally {
      setBusy(false);
    }
  };

  const confirm = () => {
    if (busy || !claimable) return;
    // WeChat shows its subscription dialog only inside the tap itself, before any await; its
    // answer (or failure) never stops the claim.
    let asked: Promise<unknown> = Promise.resolve();
    if (isWeapp && templates.length) {
      try {
        asked = Taro.requestSubscribeMessage({
          tmplIds: templates,
        } as Taro.requestSubscribeMessage.Option).catch(() => undefined);
      } catch {
        // An old base library without the API.
      }
    }
    void submit(asked);
  };

  return (
    <View className="claim-sheet__body">
      <View className="claim-sheet__promise">
        <Text className="claim-sheet__label">你承诺</Text>
        <Text className="claim-sheet__deadline" data-testid="claim-deadline">
          {deadlineSentence(wish.urgency, now)}
        </Text>
        <Text className="claim-sheet__small">
          转交点由 {wish.handover.organization} 在 {wish.handover.town}{' '}
          设立，认领后就能看到地址和联系电话。超过期限没有寄出，心愿会回到心愿池。
        </Text>
      </View>

      <Text className="claim-sheet__label">接下来</Text>
      <View className="claim-sheet__steps" data-testid="claim-steps">
        {STEPS.map((s, i) => (
          <View key={s} className="claim-sheet__step">
            <Text className="claim-sheet__step-no">{i + 1}</Text>
            <Text className="claim-sheet__step-text">{s}</Text>
          </View>
        ))}
      </View>

      {split && claimable && (
        <View className="claim-sheet__shares">
          <View className="claim-sheet__shares-text">
            <Text className="claim-sheet__label">认领份数</Text>
            <Text className="claim-sheet__small">
              共 {wish.shares} 份，还剩 {wish.sharesLeft} 份，每份{' '}
              {formatFen(shareFen(wish.estimatedValueFen, wish.shares))}
            </Text>
          </View>
          <View className="stepper">
            <View
              className={`stepper__button ${shares <= 1 ? 'stepper__button--off' : ''}`}
              aria-disabled={shares <= 1 ? 'true' : 'false'}
              role="button"
              aria-label="少认领一份"
              data-testid="shares-minus"
              onClick={() => changeShares(shares - 1)}
            >
              −
            </View>
            <Text className="stepper__value" data-testid="shares-value">
              {shares}
            </Text>
            <View
              className={`stepper__button ${shares >= maxShares ? 'stepper__button--off' : ''}`}
              aria-disabled={shares >= maxShares ? 'true' : 'false'}
              role="button"
              aria-label="多认领一份"
              data-testid="shares-plus"
              onClick={() => changeShares(shares + 1)}
            >
              +
            </View>
          </View>
        </View>
      )}
      {split && claimable && (
        <Text className="claim-sheet__total" data-testid="claim-total">
          合计约 {formatFen(shareFen(wish.estimatedValueFen, wish.shares) * shares)}
        </Text>
      )}

      {error && (
        <View className="claim-sheet__error" role="alert" data-testid="claim-error" data-code={error.code}>
          <Text>{error.message}</Text>
          {SEE_MY_CLAIMS.includes(error.code) && (
            <Text
              className="claim-sheet__error-link"
              onClick={() => void Taro.navigateTo({ url: '/donor/claims/index' })}
            >
              查看我的认领 ›
            </Text>
          )}
        </View>
      )}

      <View className="claim-sheet__actions">
        <View className="sheet-button sheet-button--quiet" role="button" onClick={onClose}>
          再想想
        </View>
        {claimable ? (
          <View
            className={`sheet-button ${busy ? 'sheet-button--busy' : ''}`}
            role="button"
            aria-disabled={busy ? 'true' : 'false'}
            data-testid="claim-confirm"
            onClick={confirm}
          >
            {busy ? '正在认领…' : split ? `确认认领 ${shares} 份` : '确认认领'}
          </View>
        ) : (
          <View
            className="sheet-button"
            role="button"
            data-testid="claim-elsewhere"
            onClick={() => void Taro.switchTab({ url: '/pages/wishes/index' })}
          >
            看看其他心愿
          </View>
        )}
      </View>
    </View>
  );
}

/** The subscription templates to ask for when claiming — only in the mini-program. */
function useSubscriptionTemplates(): string[] {
  const [ids, setIds] = useState<string[]>([]);
  const load = useCallback(() => {
    if (!isWeapp) return;
    subscriptionTemplates().then(
      (r) => setIds(r.templateIds),
      () => undefined,
    );
  }, []);
  useEffect(load, [load]);
  return ids;
}

import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import type { Claim } from '../../../../shared/schemas/claims';
import type { PublicWishDetail } from '../../../../shared/schemas/wishes';
import { getAuthOptions } from '../../../api/auth';
import { claimWish, newIdempotencyKey } from '../../../api/claims';
import { ApiError, errorMessage } from '../../../api/http';
import { LoginPanel } from '../../../components/LoginPanel';
import { useLoad } from '../../../hooks/use-load';
import { loadSession, signedIn, useSession } from '../../../session/session-store';
import { formatFen } from '../../../utils/money';
import { shareFen } from '../../../utils/shares';
import { deadlineSentence, keepKeyAfter, SEE_MY_CLAIMS, wishChanged } from '../../lib/claim-terms';
import { askSubscriptions, useSubscriptionTemplates } from '../../lib/subscriptions';
import { DonorButton } from '../DonorButton';
import { ShareStepper } from '../ShareStepper';

const toMyClaims = () => void Taro.redirectTo({ url: '/donor/claims/index' });

const STEPS = ['购买礼物', '寄出或送到转交点', '社工签收并转交给孩子', '收到孩子的感谢'];

/**
 * 确认认领: what the donor commits to (the deadline), what happens next, how many shares; logs
 * in first when needed. One Idempotency-Key per intended claim: a retry after a network error
 * sends it again, so the server never makes two claims of one tap.
 */
export function ClaimConfirm({
  wish,
  now,
  onCancel,
  onClaimed,
  onStale,
}: {
  wish: PublicWishDetail;
  /** When the page opened (the deadline counts from it). */
  now: number;
  onCancel: () => void;
  onClaimed: (claim: Claim) => void;
  /** The server says the wish on screen is out of date: load it again. */
  onStale: () => void;
}) {
  const session = useSession();
  useEffect(() => {
    if (session.status === 'unknown') void loadSession().catch(() => undefined);
  }, [session.status]);

  if (session.status === 'signedIn') {
    return <ClaimForm wish={wish} now={now} onCancel={onCancel} onClaimed={onClaimed} onStale={onStale} />;
  }
  if (session.status === 'anonymous') return <ConfirmLogin />;
  return <Text className="dn-confirm__note">正在确认登录状态…</Text>;
}

function ConfirmLogin() {
  const { state, reload } = useLoad(getAuthOptions);
  if (state.status === 'loading') return <Text className="dn-confirm__note">正在加载…</Text>;
  if (state.status === 'error') {
    return (
      <Text className="dn-confirm__note dn-confirm__note--error" onClick={reload}>
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
  onCancel,
  onClaimed,
  onStale,
}: {
  wish: PublicWishDetail;
  now: number;
  onCancel: () => void;
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
        // Logged out meanwhile: the page turns into the login panel.
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
    void submit(askSubscriptions(templates));
  };

  const oneShare = shareFen(wish.estimatedValueFen, wish.shares);
  return (
    <View className="dn-confirm">
      <View className="dn-card dn-confirm__promise">
        <Text className="dn-confirm__label">你承诺</Text>
        <Text className="dn-confirm__deadline" data-testid="claim-deadline">
          {deadlineSentence(wish.urgency, now)}
        </Text>
        <Text className="dn-card__sub">
          转交点由 {wish.handover.organization} 在 {wish.handover.town}{' '}
          设立，认领后就能看到地址和联系电话。超过期限还没寄出，心愿会回到心愿池。
        </Text>
      </View>

      <View className="dn-card">
        <Text className="dn-card__title">接下来</Text>
        <View className="dn-confirm__steps" data-testid="claim-steps">
          {STEPS.map((s, i) => (
            <View key={s} className="dn-confirm__step">
              <Text className="dn-confirm__step-no">{i + 1}</Text>
              <Text>{s}</Text>
            </View>
          ))}
        </View>
      </View>

      {split && claimable && (
        <View className="dn-card">
          <View className="dn-confirm__shares">
            <View className="dn-confirm__shares-text">
              <Text className="dn-card__title">认领几份</Text>
              <Text className="dn-card__sub">
                共 {wish.shares} 份，还剩 {wish.sharesLeft} 份，每份 {formatFen(oneShare)}
              </Text>
            </View>
            <ShareStepper value={shares} max={maxShares} verb="认领" onChange={changeShares} />
          </View>
          <Text className="dn-confirm__total" data-testid="claim-total">
            合计约 {formatFen(oneShare * shares)}
          </Text>
        </View>
      )}

      {error && (
        <View className="dn-confirm__error" role="alert" data-testid="claim-error" data-code={error.code}>
          <Text>{error.message}</Text>
          {SEE_MY_CLAIMS.includes(error.code) && (
            <Text className="dn-confirm__error-link" onClick={toMyClaims}>
              查看我的认领 ›
            </Text>
          )}
        </View>
      )}

      <View className="dn-confirm__bar">
        <DonorButton kind="quiet" onClick={onCancel}>
          再想想
        </DonorButton>
        {error?.code === 'ALREADY_CLAIMED_BY_YOU' ? (
          // A second claim of the same wish would be refused again: show the one the donor holds.
          <DonorButton onClick={toMyClaims} testId="claim-mine">
            查看我的认领
          </DonorButton>
        ) : claimable ? (
          <DonorButton disabled={busy} onClick={confirm} testId="claim-confirm">
            {busy ? '正在认领…' : split ? `确认认领 ${shares} 份` : '确认认领'}
          </DonorButton>
        ) : (
          <DonorButton
            onClick={() => void Taro.switchTab({ url: '/pages/wishes/index' })}
            testId="claim-elsewhere"
          >
            看看其他心愿
          </DonorButton>
        )}
      </View>
    </View>
  );
}

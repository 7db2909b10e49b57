import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { WISH_STATUS_LABELS } from '../../../shared/constants';
import type { StaffWish } from '../../../shared/schemas/staff-wishes';
import { approveWish, getStaffWish, returnWish } from '../../api/staff-wishes';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { ActionButton } from '../components/ActionButton';
import { ReturnSheet } from '../components/ReturnSheet';
import { ReviewChecklist } from '../components/ReviewChecklist';
import { WishPreview } from '../components/WishPreview';
import { WISH_REVIEWED } from '../lib/events';
import { reviewRefusal, type Refusal } from '../lib/review-refusal';
import { useStaffRoles } from '../lib/roles';
import { reviewWaitLabel } from '../lib/waiting';
import '../charity.scss';
import './index.scss';

/** 审核心愿: the wish as the public will see it, what to check, and the two decisions. */
export default function ReviewDetail() {
  const id = useRouter().params.id ?? '';
  const fetch = useCallback(() => getStaffWish(id), [id]);
  const { state, reload } = useLoad(fetch);
  const roles = useStaffRoles();
  const orgName =
    roles.status === 'ready'
      ? (roles.me.memberships.find((m) => m.org.id === roles.me.currentOrgId)?.org.name ?? null)
      : null;

  if (state.status === 'loading') return <LoadingPanel rows={4} />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  return <Review wish={state.data} orgName={orgName} />;
}

/** The brand colour (styles/_tokens.scss) for the dialogs' confirm button, which is green by default. */
const BRAND = '#d9480f';

/** Back to the queue, which reloads: the wish has left it (or was taken by someone else). */
function backToQueue(wishId: string) {
  Taro.eventCenter.trigger(WISH_REVIEWED, wishId);
  void Taro.navigateBack();
}

function Review({ wish, orgName }: { wish: StaffWish; orgName: string | null }) {
  const [busy, setBusy] = useState<'approve' | 'return' | null>(null);
  const [refusal, setRefusal] = useState<Extract<Refusal, { kind: 'stay' }> | null>(null);
  const [sheetError, setSheetError] = useState<string | null>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [now] = useState(Date.now);
  const waiting = wish.status === 'in_review';
  const consent = wish.beneficiary.consentGiven;

  const decide = async (kind: 'approve' | 'return', action: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(kind);
    setRefusal(null);
    setSheetError(null);
    try {
      await action();
      setSheetOpen(false);
      void Taro.showToast({ title: done, icon: 'success', duration: 1500 });
      // Let the toast be read before the page slides away; stay busy so nothing is pressed twice.
      setTimeout(() => backToQueue(wish.id), 900);
    } catch (e) {
      setBusy(null);
      const r = reviewRefusal(e);
      if (r.kind === 'gone') {
        setSheetOpen(false);
        await Taro.showModal({
          title: r.title,
          content: r.message,
          showCancel: false,
          confirmText: '回到列表',
        });
        backToQueue(wish.id);
      } else if (kind === 'return') {
        setSheetError(r.message);
      } else {
        setRefusal(r);
      }
    }
  };

  const approve = async () => {
    const answer = await Taro.showModal({
      title: '通过并发布？',
      content: '发布后，所有人都能在心愿列表里看到它，爱心人士可以认领。',
      confirmText: '确认发布',
      cancelText: '再看看',
      confirmColor: BRAND,
    });
    if (answer.confirm) await decide('approve', () => approveWish(wish.id), '已发布');
  };

  return (
    <View className={`ch-page ${waiting ? 'ch-page--with-bar' : ''}`} data-testid="review-detail">
      <View className="review-detail__meta">
        <Text>
          {wish.createdBy} 提交 · {wish.region.name}
        </Text>
        <Text className="review-detail__status">
          {waiting ? reviewWaitLabel(wish.submittedAt, now) : WISH_STATUS_LABELS[wish.status]}
        </Text>
      </View>

      {!waiting && (
        <Notice tone="info" title={`这个心愿现在是“${WISH_STATUS_LABELS[wish.status]}”`}>
          它已经不在审核队列里，不需要再处理。
        </Notice>
      )}
      {waiting && !consent && (
        <Notice tone="danger" title="还没有监护人同意记录">
          这份档案没有登记监护人同意，现在不能发布。请退回修改，让社工先登记同意。
        </Notice>
      )}
      {waiting && wish.contentCheck === 'review' && (
        <Notice tone="danger" title="需重点核查">
          微信内容安全检测认为这段文字需要人工重点核查。请逐字读一遍标题、说明和故事。
        </Notice>
      )}
      {waiting && wish.contentCheck === 'unchecked' && (
        <Notice tone="warning" title="未经自动检测">
          提交时没能完成自动内容检测，请逐字核查后再决定。
        </Notice>
      )}
      {waiting && wish.returnReason && (
        <Notice tone="info" title="上次退回的原因">
          {wish.returnReason}
        </Notice>
      )}

      <Text className="ch-section-title">公开后，爱心人士看到的样子</Text>
      <View className="review-detail__preview">
        <WishPreview wish={wish} orgName={orgName} now={now} />
        <Text className="review-detail__age-note">
          同镇同龄的孩子太少时，公开页面会把年龄显示成年龄段（如 6–9岁），避免认出孩子。
        </Text>
      </View>

      {waiting && <ReviewChecklist />}

      {refusal && (
        <View className="ch-notice ch-notice--danger" role="alert" data-testid="decision-error">
          <Text>{refusal.message}</Text>
          {refusal.lines.map((line) => (
            <Text key={line}>· {line}</Text>
          ))}
        </View>
      )}

      {waiting && (
        <View className="ch-action-bar">
          <ActionButton
            look="plain"
            off={busy !== null}
            onClick={() => {
              setSheetError(null);
              setSheetOpen(true);
            }}
            testId="return"
          >
            退回修改
          </ActionButton>
          <ActionButton off={busy !== null || !consent} onClick={() => void approve()} testId="approve">
            {busy === 'approve' ? '正在发布…' : '通过并发布'}
          </ActionButton>
        </View>
      )}

      {sheetOpen && (
        <ReturnSheet
          busy={busy === 'return'}
          error={sheetError}
          onCancel={() => setSheetOpen(false)}
          onSubmit={(reason) => void decide('return', () => returnWish(wish.id, reason), '已退回')}
        />
      )}
    </View>
  );
}

function Notice({
  tone,
  title,
  children,
}: {
  tone: 'info' | 'warning' | 'danger';
  title: string;
  children: string;
}) {
  return (
    <View className={`ch-notice ch-notice--${tone}`}>
      <Text className="ch-notice__title">{title}</Text>
      <Text>{children}</Text>
    </View>
  );
}

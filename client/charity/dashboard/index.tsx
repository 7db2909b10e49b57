import { Picker, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useMemo, useState } from 'react';
import { URGENCY_LABELS } from '../../../shared/constants';
import type { Dashboard, OverdueClaim, UrgencyTiming } from '../../../shared/schemas/dashboard';
import { getDashboard } from '../../api/dashboard';
import { listStaffCampaigns } from '../../api/staff-wishes';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { UrgencyTag } from '../../components/UrgencyTag';
import { useLoad } from '../../hooks/use-load';
import { ChoiceChips } from '../../caseworker/components/ChoiceChips';
import { fulfilmentUrl } from '../../caseworker/lib/fulfilment';
import { formatDateTime } from '../../caseworker/lib/dates';
import { useReloadOnShow } from '../../caseworker/lib/use-reload-on-show';
import { deadlineWindow } from '../../donor/lib/claim-terms';
import { formatDate } from '../components/CampaignRow';
import { FundBalances } from '../components/FundBalances';
import { hoursText, percentText, periodRange, PERIOD_CHOICES, type PeriodKey } from '../lib/period';
import { canReadLedger, useStaffRoles } from '../lib/roles';
import '../charity.scss';
import './index.scss';

const ALL_CAMPAIGNS = { id: '', title: '全部活动' };

/**
 * 机构看板: how the organization's wishes are doing — what waits by urgency, how many were
 * claimed, how fast (against the promise: red within 48 h), whose gift is late (call them), and
 * what the funds hold. 本月 / 本季度 / 全部 and one campaign narrow it.
 */
export default function DashboardPage() {
  const roles = useStaffRoles();
  const [period, setPeriod] = useState<PeriodKey>('month');
  const [campaignId, setCampaignId] = useState('');
  const campaigns = useLoad(listStaffCampaigns);
  const choices = useMemo(
    () => [ALL_CAMPAIGNS, ...(campaigns.state.status === 'ready' ? campaigns.state.data.items : [])],
    [campaigns.state],
  );
  const fetch = useCallback(
    () => getDashboard({ ...periodRange(period, Date.now()), ...(campaignId && { campaignId }) }),
    [period, campaignId],
  );
  const { state, reload } = useLoad(fetch);
  useReloadOnShow(reload);
  usePullDownRefresh(() => {
    reload();
    void Taro.stopPullDownRefresh();
  });
  const chosen = choices.findIndex((c) => c.id === campaignId);
  const books = roles.status === 'ready' && canReadLedger(roles.roles);

  return (
    <View className="ch-page dashboard">
      <View className="ch-card dashboard__filters">
        <ChoiceChips
          choices={PERIOD_CHOICES}
          value={period}
          onChange={(v) => v && setPeriod(v)}
          testId="dashboard-period"
        />
        <Picker
          mode="selector"
          range={choices.map((c) => c.title)}
          value={Math.max(0, chosen)}
          onChange={(e) => setCampaignId(choices[Number(e.detail.value)]?.id ?? '')}
        >
          <View className="ch-picker dashboard__campaign" data-testid="dashboard-campaign">
            {choices[Math.max(0, chosen)]?.title}
          </View>
        </Picker>
      </View>

      {state.status === 'loading' && <LoadingPanel rows={3} />}
      {state.status === 'error' && <ErrorPanel message={state.message} onRetry={reload} />}
      {state.status === 'ready' && <Figures d={state.data} books={books} />}
    </View>
  );
}

function Figures({ d, books }: { d: Dashboard; books: boolean }) {
  const periodLine = d.period.from
    ? `${formatDate(d.period.from)}至${d.period.to ? formatDate(d.period.to) : '今天'}发布的心愿`
    : '所有发布过的心愿';
  const waiting = d.openWishes.reduce((s, o) => s + o.count, 0);
  return (
    <View data-testid="dashboard">
      <Text className="ch-section-title">现在等待认领 · {waiting} 个心愿</Text>
      <View className="dashboard__open" data-testid="open-wishes">
        {d.openWishes.map((o) => (
          <View key={o.urgency} className={`dashboard__open-card dashboard__open-card--${o.urgency}`}>
            <UrgencyTag level={o.urgency} />
            <Text className="dashboard__open-count">{o.count}</Text>
            <Text className="dashboard__open-sub">{o.count ? `还差 ${o.shares} 份` : '没有等待的'}</Text>
          </View>
        ))}
      </View>

      <Text className="ch-section-title">认领情况 · {periodLine}</Text>
      <View className="ch-card dashboard__rate" data-testid="claim-rate">
        <Text className="dashboard__rate-value">{percentText(d.claimRate.rate)}</Text>
        <Text className="dashboard__rate-sub">
          {d.claimRate.wishes
            ? `${d.claimRate.wishes} 个心愿共 ${d.claimRate.publishedShares} 份，已认领 ${d.claimRate.claimedShares} 份`
            : '这段时间没有发布心愿'}
        </Text>
      </View>

      <Text className="ch-section-title">从发布算起的用时（中位数）</Text>
      <View className="ch-card dashboard__timing" data-testid="timing">
        {d.timing.map((t) => (
          <TimingRow key={t.urgency} t={t} />
        ))}
      </View>

      <Text className="ch-section-title">超过期限还没寄出的认领 · {d.overdueClaims.length} 个</Text>
      {d.overdueClaims.length === 0 ? (
        <View className="ch-card dashboard__none" data-testid="overdue-none">
          <Text>没有超期的认领。</Text>
        </View>
      ) : (
        <View className="ch-card dashboard__overdue" data-testid="overdue">
          {d.overdueClaims.map((c) => (
            <OverdueRow key={c.claimId} c={c} now={Date.parse(d.generatedAt)} />
          ))}
        </View>
      )}

      {d.funds && (
        <>
          <Text className="ch-section-title">资金</Text>
          <FundBalances funds={d.funds}>
            {books && (
              <Text
                className="dashboard__link"
                onClick={() => void Taro.navigateTo({ url: '/charity/ledger/index' })}
              >
                查看捐赠台账 ›
              </Text>
            )}
          </FundBalances>
        </>
      )}
    </View>
  );
}

/** One urgency: median times to claim and hand over, and the promise kept (red: 48 h). */
function TimingRow({ t }: { t: UrgencyTiming }) {
  const promise = `${URGENCY_LABELS[t.urgency]}心愿承诺 ${deadlineWindow(t.urgency)}送到`;
  const missed = t.promiseDue - t.promiseMet;
  return (
    <View className={`dashboard__timing-row ${t.urgency === 'red' ? 'dashboard__timing-row--promise' : ''}`}>
      <View className="dashboard__timing-head">
        <UrgencyTag level={t.urgency} />
        <Text className="dashboard__promise">{promise}</Text>
      </View>
      <View className="dashboard__timing-figures">
        <View className="dashboard__figure">
          <Text className="dashboard__figure-value">{hoursText(t.medianClaimHours)}</Text>
          <Text className="dashboard__figure-label">认领用时 · {t.claimed} 个</Text>
        </View>
        <View className="dashboard__figure">
          <Text className="dashboard__figure-value">{hoursText(t.medianDeliverHours)}</Text>
          <Text className="dashboard__figure-label">送达用时 · {t.delivered} 个</Text>
        </View>
        <View className="dashboard__figure">
          <Text className={`dashboard__figure-value ${missed > 0 ? 'dashboard__figure-value--missed' : ''}`}>
            {t.promiseDue ? `${t.promiseMet}/${t.promiseDue}` : '—'}
          </Text>
          <Text className="dashboard__figure-label">按时送到 / 已到期</Text>
        </View>
      </View>
    </View>
  );
}

const HOUR_MS = 3_600_000;
function lateText(deadlineAt: string, now: number): string {
  const hours = Math.max(0, (now - Date.parse(deadlineAt)) / HOUR_MS);
  return hours < 1 ? '刚刚超期' : `已超期 ${hoursText(hours)}`;
}

/** A late claim: whose, how late, 拨打电话 and the wish's fulfilment page. */
function OverdueRow({ c, now }: { c: OverdueClaim; now: number }) {
  const { phone, name } = c.donor;
  return (
    <View className="dashboard__overdue-row" data-testid="overdue-claim">
      <View className="dashboard__overdue-head">
        <UrgencyTag level={c.wish.urgency} />
        <Text className="dashboard__overdue-title">{c.wish.title}</Text>
      </View>
      <Text className="dashboard__overdue-sub">
        为 {c.wish.pseudonym} · {name ?? '爱心人士'} 认领 · 期限 {formatDateTime(c.deadlineAt)} ·{' '}
        <Text className="dashboard__late">{lateText(c.deadlineAt, now)}</Text>
      </Text>
      <View className="dashboard__overdue-actions">
        {phone ? (
          <Text
            className="dashboard__action dashboard__action--call"
            onClick={() => void Taro.makePhoneCall({ phoneNumber: phone })}
            data-testid="overdue-call"
          >
            拨打电话 {phone}
          </Text>
        ) : (
          <Text className="dashboard__action dashboard__action--off">没有留电话</Text>
        )}
        <Text
          className="dashboard__action"
          onClick={() => void Taro.navigateTo({ url: fulfilmentUrl(c.wish.id) })}
        >
          查看兑现 ›
        </Text>
      </View>
    </View>
  );
}

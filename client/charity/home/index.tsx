import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { reviewQueue } from '../../api/staff-wishes';
import { EmptyPanel, LoadingPanel } from '../../components/StatePanel';
import {
  canListCampaigns,
  canReadLedger,
  canReview,
  canSeeDashboard,
  canWriteLedger,
  useStaffRoles,
} from '../lib/roles';
import '../charity.scss';
import './index.scss';

interface Entry {
  key: string;
  title: string;
  sub: string;
  url?: string;
  /** Beside the arrow: how many wait, or why the entry is closed. */
  mark?: string;
  /** The mark asks for attention (wishes are waiting). */
  urgent?: boolean;
  closed?: boolean;
}

/** 机构工作台: where reviewers and charity staff start — review, campaigns, and what comes next. */
export default function CharityHome() {
  const roles = useStaffRoles();
  const reviewer = roles.status === 'ready' && canReview(roles.roles);
  const waiting = useWaitingCount(reviewer);

  if (roles.status === 'loading') return <LoadingPanel rows={2} />;
  if (roles.status === 'anonymous') {
    return (
      <View className="ch-page">
        <EmptyPanel
          title="机构工作台"
          hint="在这里审核心愿、管理活动、登记捐赠。请先在“我的”页面登录机构账号。"
        />
      </View>
    );
  }
  const orgName = roles.me.memberships.find((m) => m.org.id === roles.me.currentOrgId)?.org.name;
  const campaigns = canListCampaigns(roles.roles);
  const dashboard = canSeeDashboard(roles.roles);
  const books = canReadLedger(roles.roles);
  const writes = canWriteLedger(roles.roles);

  const entries: Entry[] = [
    {
      key: 'dashboard',
      title: '机构看板',
      sub: '等待认领的心愿、认领和送达用时、超期的认领、资金余额',
      url: dashboard ? '/charity/dashboard/index' : undefined,
      mark: dashboard ? undefined : '暂无权限',
      closed: !dashboard,
    },
    {
      key: 'review',
      title: '心愿审核',
      sub: reviewer ? '社工提交的心愿，审核通过后才会公开' : '由儿童督导员（审核员）负责',
      url: reviewer ? '/charity/review/index' : undefined,
      mark: reviewer ? waitingMark(waiting) : '审核员可用',
      urgent: reviewer && Boolean(waiting?.count),
      closed: !reviewer,
    },
    ...(writes
      ? [
          {
            key: 'donation',
            title: '登记捐赠',
            sub: '银行转账、现金收到的捐款，入账并开收据',
            url: '/charity/donation/index',
          },
          {
            key: 'purchase',
            title: '登记采购',
            sub: '用捐款为心愿买礼物，记一笔支出',
            url: '/charity/purchase/index',
          },
        ]
      : []),
    {
      key: 'ledger',
      title: '捐赠台账',
      sub: '每一笔捐赠与支出、资金余额，冲正和退款',
      url: books ? '/charity/ledger/index' : undefined,
      mark: books ? undefined : '财务可用',
      closed: !books,
    },
    {
      key: 'campaigns',
      title: '活动管理',
      sub: '发起一轮心愿活动，看看进展',
      url: campaigns ? '/charity/campaigns/index' : undefined,
      mark: campaigns ? undefined : '暂无权限',
      closed: !campaigns,
    },
    {
      key: 'reports',
      title: '公示报告',
      sub: '按月、季度或活动生成公示，发布后人人可以下载和核对',
      url: books ? '/charity/reports/index' : undefined,
      mark: books ? undefined : '财务可用',
      closed: !books,
    },
  ];

  return (
    <View className="ch-page">
      <View className="ch-intro">
        <Text className="ch-intro__title">{orgName ?? '机构工作台'}</Text>
        <Text className="ch-intro__sub">{introLine(roles.roles)}</Text>
      </View>
      <View className="ch-card charity-home__entries">
        {entries.map((e) => (
          <View
            key={e.key}
            className={`charity-home__entry ${e.closed ? 'charity-home__entry--closed' : ''}`}
            data-testid={`entry-${e.key}`}
            onClick={() => e.url && void Taro.navigateTo({ url: e.url })}
          >
            <View className="charity-home__entry-main">
              <Text className="charity-home__entry-title">{e.title}</Text>
              <Text className="charity-home__entry-sub">{e.sub}</Text>
            </View>
            {e.mark && (
              <Text
                className={`charity-home__mark ${e.urgent ? 'charity-home__mark--urgent' : ''}`}
                data-testid={`mark-${e.key}`}
              >
                {e.mark}
              </Text>
            )}
            {!e.closed && <Text className="charity-home__arrow">›</Text>}
          </View>
        ))}
      </View>
    </View>
  );
}

/** What this person comes here for, in one line. */
function introLine(roles: readonly string[]): string {
  if (roles.includes('finance')) return '登记捐赠和采购，查看台账和资金余额；看板上看心愿进展。';
  if (roles.includes('org_admin')) return '看板上看心愿进展和资金，管理活动，查看捐赠台账。';
  return '在这里审核心愿、管理活动，看看心愿的进展。';
}

/** '3 个待审' from the first page of the queue ('20+' when there is more than a page). */
function waitingMark(waiting: { count: number; more: boolean } | null): string | undefined {
  if (!waiting) return undefined;
  if (waiting.count === 0) return '暂无待审';
  return `${waiting.count}${waiting.more ? '+' : ''} 个待审`;
}

/** How many wishes wait for review: one request for the first page, again each time the page shows. */
function useWaitingCount(enabled: boolean) {
  const [waiting, setWaiting] = useState<{ count: number; more: boolean } | null>(null);
  const load = useCallback(() => {
    if (!enabled) return;
    reviewQueue({}).then(
      (page) => setWaiting({ count: page.items.length, more: page.nextCursor !== null }),
      // The count is a convenience: without it the entry still works.
      () => setWaiting(null),
    );
  }, [enabled]);
  useEffect(load, [load]);
  // Coming back from the queue: the number may have changed (the first show is the mount above).
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) load();
    shown.current = true;
  });
  return waiting;
}

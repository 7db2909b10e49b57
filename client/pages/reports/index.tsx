import './index.scss';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { chinaDate } from '../../../shared/china-date';
import type { ReportSummary } from '../../../shared/schemas/reports';
import { listPublishedReports } from '../../api/reports-list';
import { ListFooter } from '../../components/ListFooter';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { usePagedList } from '../../hooks/use-paged-list';
import { formatFen } from '../../utils/money';

const open = (id: string) => void Taro.navigateTo({ url: `/public/report/index?id=${id}` });

/** `2026-11-30` → `2026年11月30日`. */
function dateText(iso: string): string {
  const [y, m, d] = chinaDate(Date.parse(iso)).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

function ReportCard({ report }: { report: ReportSummary }) {
  const t = report.totals;
  return (
    <View className="rp-card" data-testid="report-card" onClick={() => open(report.id)}>
      <Text className="rp-card__org">{report.organization.name}</Text>
      <Text className="rp-card__title">{report.title}</Text>
      <View className="rp-card__totals">
        <Text>资金 {formatFen(t.netDonationsFen)}</Text>
        <Text>实物 {formatFen(t.inKindFen)}</Text>
        <Text>支出 {formatFen(t.purchasesFen)}</Text>
      </View>
      <View className="rp-card__foot">
        <Text>
          {t.donationCount} 笔捐赠 · {t.wishesFulfilled} 个心愿已兑现
        </Text>
        {report.publishedAt && <Text>{dateText(report.publishedAt)}发布</Text>}
      </View>
    </View>
  );
}

/** 公示 tab: the published donation reports, newest first; each opens its public page. */
export default function ReportsPage() {
  const { state, refresh, loadMore } = usePagedList(listPublishedReports);
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());

  if (state.phase === 'loading') return <LoadingPanel />;
  if (state.phase === 'error')
    return <ErrorPanel message={state.error ?? ''} onRetry={() => void refresh()} />;
  if (state.items.length === 0) {
    return (
      <EmptyPanel
        title="还没有发布的公示"
        hint="机构每月发布捐赠公示：每一笔捐赠、每一个兑现的心愿都列在这里，任何人都可以核对。"
      />
    );
  }
  return (
    <View className="rp-list" data-testid="reports">
      <Text className="rp-list__intro">每一笔捐赠都写入公开账本，任何人都可以打开公示核对。</Text>
      {state.items.map((r) => (
        <ReportCard key={r.id} report={r} />
      ))}
      <ListFooter more={state.more} hasMore={state.nextCursor !== null} onRetry={() => void loadMore()} />
    </View>
  );
}

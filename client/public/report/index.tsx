import { Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { useCallback, useEffect } from 'react';
import { chinaDate } from '../../../shared/china-date';
import { LEDGER_TX_KIND_LABELS } from '../../../shared/ledger';
import type { Report, ReportDonation, ReportSpending, ReportWish } from '../../../shared/schemas/reports';
import { ApiError } from '../../api/http';
import { getReport } from '../../api/reports-public';
import { EmptyWithAction } from '../../components/EmptyWithAction';
import { ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { UrgencyTag } from '../../components/UrgencyTag';
import { useLoad } from '../../hooks/use-load';
import { formatFen } from '../../utils/money';
import { CheckpointBox } from '../components/CheckpointBox';
import { DonationsChart } from '../components/DonationsChart';
import { ExportLinks } from '../components/ExportLinks';
import { FulfilChart } from '../components/FulfilChart';
import { Section } from '../components/Section';
import { ShareBox } from '../components/ShareBox';
import { ShowMore } from '../components/ShowMore';
import { closingTotalFen, dayText } from '../lib/report-view';
import '../public.scss';

const isH5 = process.env.TARO_ENV === 'h5';

/** A published 公示 report, for anyone, no login: totals, charts, every entry, and its check. */
export default function ReportPage() {
  const id = useRouter().params.id ?? '';
  const fetchReport = useCallback(
    () =>
      id
        ? getReport(id).catch((e: unknown) => {
            if (e instanceof ApiError && e.code === 'REPORT_NOT_FOUND') return null;
            throw e;
          })
        : Promise.resolve(null),
    [id],
  );
  const { state, reload } = useLoad<Report | null>(fetchReport);
  const report = state.status === 'ready' ? state.data : null;

  useEffect(() => {
    if (!isH5) void Taro.showShareMenu({ withShareTicket: false });
  }, []);
  useShareAppMessage(() => ({
    title: report ? `${report.organization.name}：${report.title}` : '捐赠公示',
    path: `/public/report/index?id=${id}`,
  }));

  if (state.status === 'loading') return <LoadingPanel rows={3} />;
  if (state.status === 'error') return <ErrorPanel message={state.message} onRetry={reload} />;
  if (!report) {
    return (
      <View data-testid="report-not-found">
        <EmptyWithAction
          title="没有找到这份公示"
          hint="链接可能不完整，或者公示还没有发布。"
          action="看看已发布的公示"
          onAction={() => void Taro.switchTab({ url: '/pages/reports/index' })}
        />
      </View>
    );
  }
  return <ReportView report={report} />;
}

export function ReportView({ report }: { report: Report }) {
  const t = report.totals;
  const categories = report.byCategory.filter((c) => c.count > 0);
  const maxCategory = Math.max(1, ...categories.map((c) => c.amountFen + c.inKindFen));
  return (
    <View className="pb-page" data-testid="report">
      <View className="pb-head">
        <Text className="pb-head__org" data-testid="report-org">
          {report.organization.name}
        </Text>
        <Text className="pb-head__title" data-testid="report-title">
          {report.title}
        </Text>
        <Text className="pb-head__sub">
          {dayText(report.period.from, true)} — {dayText(report.period.to, true)}
          {report.publishedAt ? ` · ${dayText(chinaDate(Date.parse(report.publishedAt)), true)}发布` : ''}
        </Text>
      </View>

      <View className="pb-totals" data-testid="report-totals">
        <Total
          label="资金捐赠收入"
          fen={t.netDonationsFen}
          sub={t.refundsFen ? `已扣除退款 ${formatFen(t.refundsFen)}` : `${t.donationCount} 笔捐赠`}
        />
        <Total label="实物捐赠价值" fen={t.inKindFen} sub={`${t.wishesFulfilled} 个心愿已兑现`} />
        <Total label="支出" fen={t.purchasesFen} sub="为心愿采购" />
        <Total label="期末余额" fen={closingTotalFen(report)} sub="各项资金合计" />
      </View>

      <Section title="捐赠走势" testId="section-over-time">
        <DonationsChart chart={report.charts.donationsOverTime} />
      </Section>

      <Section title="按类别" testId="section-category">
        {categories.map((c) => (
          <View key={c.kind} className="pb-hbar">
            <View className="pb-hbar__label">
              <Text>
                {c.label || LEDGER_TX_KIND_LABELS[c.kind]} · {c.count} 笔
              </Text>
              <Text className="pb-hbar__amount">{formatFen(c.amountFen + c.inKindFen)}</Text>
            </View>
            <View className="pb-hbar__track">
              <View
                className={`pb-hbar__fill pb-hbar__fill--${c.kind}`}
                style={{ width: `${((c.amountFen + c.inKindFen) / maxCategory) * 100}%` }}
              />
            </View>
          </View>
        ))}
        {report.byCampaign.length > 0 && (
          <View className="pb-table">
            <View className="pb-table__row pb-table__row--head">
              <Text className="pb-table__main">资金来源</Text>
              <Text>净收入</Text>
              <Text>支出</Text>
            </View>
            {report.byCampaign.map((c) => (
              <View key={c.campaign?.id ?? 'general'} className="pb-table__row">
                <Text className="pb-table__main">{c.campaign?.title ?? '非限定性资金'}</Text>
                <Text>{formatFen(c.cashDonationsFen - c.refundsFen + c.inKindFen)}</Text>
                <Text>{formatFen(c.purchasesFen)}</Text>
              </View>
            ))}
          </View>
        )}
      </Section>

      <Section
        title="认领和转交用了多久"
        hint="每种紧急程度的中位数；竖线是承诺的时限（紧急心愿 48 小时内送到）。"
        testId="section-fulfil"
      >
        <FulfilChart rows={report.charts.timeToFulfil} />
      </Section>

      <Section
        title={`每一笔捐赠（${report.donations.length}）`}
        hint="捐赠人按本人意愿显示姓名、姓氏加 * 或“匿名”；每笔都标明在公开账本中的位置。"
        testId="section-donations"
      >
        <ShowMore
          items={report.donations}
          render={DonationRow}
          empty="这一期没有收到捐赠"
          testId="donations"
        />
      </Section>

      <Section
        title={`兑现的心愿（${report.wishes.length}）`}
        hint="只显示孩子的化名。"
        testId="section-wishes"
      >
        <ShowMore items={report.wishes} render={WishRow} empty="这一期还没有转交完成的心愿" testId="wishes" />
      </Section>

      <Section title={`支出（${report.spending.length}）`} testId="section-spending">
        <ShowMore items={report.spending} render={SpendingRow} empty="这一期没有支出" testId="spending" />
      </Section>

      <Section title="资金余额" testId="section-balances">
        <View className="pb-table">
          <View className="pb-table__row pb-table__row--head">
            <Text className="pb-table__main">资金</Text>
            <Text>期初</Text>
            <Text>期末</Text>
          </View>
          {report.balances.map((b) => (
            <View key={b.fund} className="pb-table__row">
              <Text className="pb-table__main">{b.title}</Text>
              <Text>{formatFen(b.openingFen)}</Text>
              <Text>{formatFen(b.closingFen)}</Text>
            </View>
          ))}
        </View>
      </Section>

      <Section title="核验账本" testId="section-checkpoint">
        <CheckpointBox report={report} />
      </Section>

      <Section title="下载公示" testId="section-exports">
        <ExportLinks reportId={report.id} />
      </Section>

      <Section title="分享" testId="section-share">
        <ShareBox hint="把公示的链接或二维码发给大家，每个人都能自己核验。" />
      </Section>
    </View>
  );
}

function Total({ label, fen, sub }: { label: string; fen: number; sub: string }) {
  return (
    <View className="pb-total">
      <Text className="pb-total__label">{label}</Text>
      <Text className="pb-total__value">{formatFen(fen)}</Text>
      <Text className="pb-total__sub">{sub}</Text>
    </View>
  );
}

function DonationRow(d: ReportDonation) {
  return (
    <View
      key={d.leafIndex}
      className={`pb-row${d.reversed ? ' pb-row--void' : ''}`}
      data-testid="donation-row"
    >
      <View className="pb-row__main">
        <Text className="pb-row__title" data-testid="donor">
          {d.donor}
        </Text>
        <Text className="pb-row__amount">
          {d.unit === 'INKIND' ? '实物 ' : ''}
          {formatFen(d.amountFen)}
        </Text>
      </View>
      <Text className="pb-row__meta">
        {dayText(d.date)} · 票据 {d.receiptNo} · 账本第 {d.leafIndex + 1} 条
        {d.wish ? ` · ${d.wish}` : d.campaign ? ` · ${d.campaign}` : ''}
      </Text>
      {(d.reversed || d.refundedFen > 0) && (
        <Text className="pb-row__note">
          {d.reversed ? '已冲正（录入有误，已更正）' : `已退款 ${formatFen(d.refundedFen)}`}
        </Text>
      )}
    </View>
  );
}

function WishRow(w: ReportWish) {
  const steps = [
    w.publishedOn && `发布 ${dayText(w.publishedOn)}`,
    w.claimedOn && `认领 ${dayText(w.claimedOn)}`,
    `送达 ${dayText(w.deliveredOn)}`,
  ].filter(Boolean);
  return (
    <View key={w.id} className="pb-row" data-testid="wish-row">
      <View className="pb-row__main">
        <Text className="pb-row__title">
          {w.pseudonym} · {w.title}
          {w.quantity > 1 ? ` ×${w.quantity}` : ''}
        </Text>
        <Text className="pb-row__amount">{formatFen(w.valueFen)}</Text>
      </View>
      <View className="pb-row__meta pb-row__meta--tags">
        <UrgencyTag level={w.urgency} />
        <Text>{steps.join(' → ')}</Text>
      </View>
    </View>
  );
}

function SpendingRow(s: ReportSpending) {
  return (
    <View
      key={s.leafIndex}
      className={`pb-row${s.reversed ? ' pb-row--void' : ''}`}
      data-testid="spending-row"
    >
      <View className="pb-row__main">
        <Text className="pb-row__title">{s.wish ? `为心愿采购：${s.wish.title}` : '支出'}</Text>
        <Text className="pb-row__amount">{formatFen(s.amountFen)}</Text>
      </View>
      <Text className="pb-row__meta">
        {dayText(s.date)} · {s.fund} · 账本第 {s.leafIndex + 1} 条
      </Text>
      {s.reversed && <Text className="pb-row__note">已冲正（录入有误，已更正）</Text>}
    </View>
  );
}

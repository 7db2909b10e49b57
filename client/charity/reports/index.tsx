import { Image, Picker, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { useMemo, useState } from 'react';
import {
  reportPagePath,
  REPORT_KIND_LABELS,
  type ReportExportFormat,
  type ReportSummary,
} from '../../../shared/schemas/reports';
import { errorMessage } from '../../api/http';
import { reportExportUrl } from '../../api/reports-public';
import { createReport, deleteReport, listStaffReports, publishReport } from '../../api/reports-staff';
import { listStaffCampaigns } from '../../api/staff-wishes';
import { ChoiceChips } from '../../caseworker/components/ChoiceChips';
import { formatDateTime } from '../../caseworker/lib/dates';
import { ListFooter } from '../../components/ListFooter';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../components/StatePanel';
import { useLoad } from '../../hooks/use-load';
import { usePagedList } from '../../hooks/use-paged-list';
import { qrDataUrl } from '../../public/components/ShareBox';
import { formatFen } from '../../utils/money';
import { ActionButton } from '../components/ActionButton';
import { REPORT_CHOICES, reportBody, type ReportChoice } from '../lib/report-period';
import { useSubmissionKey } from '../lib/submission-key';
import '../charity.scss';
import './index.scss';

const isH5 = process.env.TARO_ENV === 'h5';
const BRAND = '#d9480f';
const EXPORTS: { format: ReportExportFormat; label: string }[] = [
  { format: 'pdf', label: 'PDF（打印张贴）' },
  { format: 'xlsx', label: 'Excel' },
  { format: 'csv', label: 'CSV' },
];

/** The public page's address: on H5 a full web address, in the mini-program the page path. */
const publicLink = (id: string) =>
  isH5 ? `${window.location.origin}${reportPagePath(id)}` : `/public/report/index?id=${id}`;

async function copy(text: string, done: string) {
  try {
    await Taro.setClipboardData({ data: text });
    void Taro.showToast({ title: done, icon: 'none' });
  } catch {
    void Taro.showToast({ title: '没能复制，请长按链接手动复制', icon: 'none' });
  }
}

/** An export of a published report: the browser downloads it; the mini-program copies its link. */
function openExport(id: string, format: ReportExportFormat) {
  const url = reportExportUrl(id, format);
  if (isH5) window.location.assign(url);
  else void copy(url, '下载链接已复制，请在浏览器中打开');
}

/**
 * 公示报告: finance makes a draft for 上月 / 本月 / 本季度 or a campaign (computed from the
 * ledger and frozen), checks it, publishes it (asked first: a published report never changes),
 * then exports it and shares its public link and QR code.
 */
export default function ReportsPage() {
  const [choice, setChoice] = useState<ReportChoice>('last_month');
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useSubmissionKey();
  const campaigns = useLoad(listStaffCampaigns);
  const campaignList = useMemo(
    () => (campaigns.state.status === 'ready' ? campaigns.state.data.items : []),
    [campaigns.state],
  );
  const { state, refresh, loadMore } = usePagedList(listStaffReports);
  usePullDownRefresh(() => void refresh().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void loadMore());

  const choose = (next: ReportChoice) => {
    setChoice(next);
    setError(null);
    key.reset();
  };
  const create = async () => {
    if (busy) return;
    const body = reportBody(choice, Date.now(), campaignId);
    if (!body) return setError('请选择活动');
    setBusy(true);
    setError(null);
    try {
      await createReport(body, key.take());
      key.settle();
      void Taro.showToast({ title: '草稿已生成', icon: 'success' });
      void refresh();
    } catch (e) {
      key.settle(e);
      setError(errorMessage(e, '没能生成草稿，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="ch-page">
      <View className="ch-card" data-testid="report-create">
        <Text className="ch-card__title">生成公示草稿</Text>
        <Text className="ch-card__sub">
          草稿按现在的账本计算并冻结，核对无误后再发布。同一期间再生成一次会替换旧草稿。
        </Text>
        <View className="reports__choices">
          <ChoiceChips
            choices={REPORT_CHOICES}
            value={choice}
            onChange={(v) => v && choose(v)}
            testId="report-period"
          />
        </View>
        {choice === 'campaign' && (
          <Picker
            mode="selector"
            range={campaignList.map((c) => c.title)}
            value={Math.max(
              0,
              campaignList.findIndex((c) => c.id === campaignId),
            )}
            onChange={(e) => {
              setCampaignId(campaignList[Number(e.detail.value)]?.id ?? null);
              setError(null);
              key.reset();
            }}
          >
            <View className="ch-picker reports__campaign" data-testid="report-campaign">
              {campaignList.find((c) => c.id === campaignId)?.title ?? '请选择活动'}
            </View>
          </Picker>
        )}
        {error && (
          <Text className="ch-form-error" data-testid="report-error">
            {error}
          </Text>
        )}
        <View className="reports__create">
          <ActionButton off={busy} onClick={() => void create()} testId="report-submit">
            {busy ? '正在生成…' : '生成草稿'}
          </ActionButton>
        </View>
      </View>

      <Text className="ch-section-title">草稿和已发布的公示</Text>
      {state.phase === 'loading' && <LoadingPanel rows={2} />}
      {state.phase === 'error' && <ErrorPanel message={state.error ?? ''} onRetry={() => void refresh()} />}
      {state.phase === 'ready' && state.items.length === 0 && (
        <EmptyPanel title="还没有公示" hint="选一个期间，生成第一份草稿。" />
      )}
      {state.phase === 'ready' &&
        state.items.map((r) => <ReportCard key={r.id} report={r} onChanged={() => void refresh()} />)}
      {state.phase === 'ready' && state.items.length > 0 && (
        <ListFooter more={state.more} hasMore={state.nextCursor !== null} onRetry={() => void loadMore()} />
      )}
    </View>
  );
}

function ReportCard({ report: r, onChanged }: { report: ReportSummary; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [showQr, setShowQr] = useState(false);
  const published = r.status === 'published';
  const link = published ? publicLink(r.id) : '';
  const qr = useMemo(() => (showQr && link ? qrDataUrl(link) : ''), [showQr, link]);

  const act = async (
    ask: { title: string; content: string; confirm: string },
    run: () => Promise<unknown>,
    done: string,
  ) => {
    const sure = await Taro.showModal({
      title: ask.title,
      content: ask.content,
      confirmText: ask.confirm,
      cancelText: '再看看',
      confirmColor: BRAND,
    });
    if (!sure.confirm) return;
    setBusy(true);
    try {
      await run();
      void Taro.showToast({ title: done, icon: 'success' });
      onChanged();
    } catch (e) {
      void Taro.showModal({ title: '没有成功', content: errorMessage(e, '请稍后重试'), showCancel: false });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="ch-card reports__card" data-testid="report-card" data-status={r.status}>
      <View className="reports__head">
        <Text className="reports__title">{r.period.label}</Text>
        <Text className={`reports__status reports__status--${r.status}`}>
          {published ? '已发布' : '草稿'}
        </Text>
      </View>
      <Text className="reports__sub">
        {REPORT_KIND_LABELS[r.kind]} · {r.period.from} 至 {r.period.to} ·{' '}
        {published && r.publishedAt
          ? `${formatDateTime(r.publishedAt)} 发布`
          : `${formatDateTime(r.createdAt)} 生成`}
      </Text>
      <View className="reports__totals">
        <Total label="捐款净额" fen={r.totals.netDonationsFen} />
        <Total label="实物" fen={r.totals.inKindFen} />
        <Total label="采购支出" fen={r.totals.purchasesFen} />
      </View>
      <Text className="reports__sub">
        {r.totals.donationCount} 笔捐赠 · {r.totals.wishesFulfilled} 个心愿已转交 · 依据账本前{' '}
        {r.checkpointSize} 条记录
      </Text>

      {published ? (
        <>
          <View className="reports__links">
            {EXPORTS.map((x) => (
              <Text
                key={x.format}
                className="reports__link"
                onClick={() => openExport(r.id, x.format)}
                data-testid={`report-export-${x.format}`}
              >
                {x.label}
              </Text>
            ))}
          </View>
          <Text className="reports__url" selectable data-testid="report-link">
            {link}
          </Text>
          <View className="reports__actions">
            <ActionButton look="plain" onClick={() => void copy(link, '公示链接已复制')} testId="report-copy">
              复制链接
            </ActionButton>
            {isH5 && (
              // In the mini-program the public page shares itself through WeChat instead.
              <ActionButton look="quiet" onClick={() => setShowQr((v) => !v)} testId="report-qr-toggle">
                {showQr ? '收起二维码' : '二维码'}
              </ActionButton>
            )}
          </View>
          {qr && <Image className="reports__qr" src={qr} mode="aspectFit" data-testid="report-qr" />}
          <Text
            className="reports__open"
            onClick={() => void Taro.navigateTo({ url: `/public/report/index?id=${r.id}` })}
          >
            查看公示页 ›
          </Text>
        </>
      ) : (
        <View className="reports__actions">
          <ActionButton
            look="quiet"
            off={busy}
            onClick={() =>
              void act(
                { title: '删除这份草稿？', content: '草稿删除后可以重新生成。', confirm: '删除' },
                () => deleteReport(r.id),
                '草稿已删除',
              )
            }
            testId="report-delete"
          >
            删除草稿
          </ActionButton>
          <ActionButton
            off={busy}
            onClick={() =>
              void act(
                {
                  title: '发布这份公示？',
                  content: '发布后所有人都能看到、下载和核验，内容不能再修改，也不能撤回。',
                  confirm: '确认发布',
                },
                () => publishReport(r.id),
                '已发布',
              )
            }
            testId="report-publish"
          >
            {busy ? '正在发布…' : '发布'}
          </ActionButton>
        </View>
      )}
    </View>
  );
}

function Total({ label, fen }: { label: string; fen: number }) {
  return (
    <View className="reports__total">
      <Text className="reports__total-value">{formatFen(fen)}</Text>
      <Text className="reports__total-label">{label}</Text>
    </View>
  );
}

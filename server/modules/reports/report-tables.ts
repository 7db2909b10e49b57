import { URGENCY_LABELS, WISH_KIND_LABELS } from '../../../shared/constants';
import type { Report } from '../../../shared/schemas/reports';

/**
 * A report as titled tables — the one layout the CSV, XLSX and PDF exports share. Money is in
 * yuan (numbers with two decimals); everything comes from the allow-listed report.
 */
/** An amount of money, kept in integer fen until it is written out. */
export interface Money {
  fen: number;
}
export type Cell = string | number | Money;
export interface ReportTable {
  /** Sheet name (XLSX) and section heading. */
  title: string;
  /** `width` in characters (XLSX; the PDF shares the page by it); `pdf: false` leaves a column out of the PDF. */
  columns: { header: string; width?: number; pdf?: boolean }[];
  rows: Cell[][];
}

/** Fen as a money cell: 1250 → ¥12.50. */
export const yuan = (fen: number): Money => ({ fen });
export const isMoney = (cell: Cell): cell is Money => typeof cell === 'object';

/** Integer fen as yuan text with two decimals, by integer arithmetic: -1250 → `-12.50`. */
export function yuanDigits(fen: number, grouped = false): string {
  const abs = Math.abs(fen);
  const whole = Math.trunc(abs / 100);
  const text = grouped ? whole.toLocaleString('en-US') : String(whole);
  return `${fen < 0 ? '-' : ''}${text}.${String(abs % 100).padStart(2, '0')}`;
}
export const yuanText = (fen: number): string => `¥${yuanDigits(fen, true)}`;

function donationState(d: Report['donations'][number]): string {
  if (d.reversed) return '已冲正';
  if (d.refundedFen > 0) return `已退款 ${yuanText(d.refundedFen)}`;
  return '';
}

export function reportHeader(report: Report): [string, string][] {
  return [
    ['机构', report.organization.name],
    ['公示', report.title],
    ['期间', `${report.period.from} 至 ${report.period.to}`],
    ['状态', report.status === 'published' ? '已发布' : '草稿（未发布）'],
    ['发布时间', report.publishedAt ?? '—'],
    ['账本快照大小', String(report.checkpoint.size)],
    ['账本快照根哈希', report.checkpoint.rootHash],
  ];
}

export function summaryTable(report: Report): ReportTable {
  const t = report.totals;
  return {
    title: '汇总',
    columns: [
      { header: '项目', width: 24 },
      { header: '金额（元）/ 数量', width: 18 },
    ],
    rows: [
      ['资金捐赠', yuan(t.cashDonationsFen)],
      ['退款', yuan(t.refundsFen)],
      ['净资金捐赠', yuan(t.netDonationsFen)],
      ['实物捐赠（估值）', yuan(t.inKindFen)],
      ['为心愿采购（支出）', yuan(t.purchasesFen)],
      ['捐赠笔数', t.donationCount],
      ['兑现心愿（个）', t.wishesFulfilled],
    ],
  };
}

export function categoryTable(report: Report): ReportTable {
  return {
    title: '按类别',
    columns: [
      { header: '类别', width: 16 },
      { header: '笔数', width: 8 },
      { header: '金额（元）', width: 16 },
      { header: '实物估值（元）', width: 16 },
    ],
    rows: report.byCategory.map((c) => [c.label, c.count, yuan(c.amountFen), yuan(c.inKindFen)]),
  };
}

export function campaignTable(report: Report): ReportTable {
  return {
    title: '按活动',
    columns: [
      { header: '活动', width: 24 },
      { header: '资金捐赠（元）', width: 16 },
      { header: '退款（元）', width: 14 },
      { header: '实物捐赠（元）', width: 16 },
      { header: '采购（元）', width: 14 },
    ],
    rows: report.byCampaign.map((c) => [
      c.campaign?.title ?? '非限定性资金',
      yuan(c.cashDonationsFen),
      yuan(c.refundsFen),
      yuan(c.inKindFen),
      yuan(c.purchasesFen),
    ]),
  };
}

export function balanceTable(report: Report): ReportTable {
  return {
    title: '资金余额',
    columns: [
      { header: '资金', width: 24 },
      { header: '期初余额（元）', width: 16 },
      { header: '期末余额（元）', width: 16 },
    ],
    rows: report.balances.map((b) => [b.title, yuan(b.openingFen), yuan(b.closingFen)]),
  };
}

export function donationTable(report: Report): ReportTable {
  return {
    title: '捐赠明细',
    columns: [
      { header: '账本序号', width: 9 },
      { header: '票据号', width: 13 },
      { header: '日期', width: 12 },
      { header: '类别', width: 6 },
      { header: '捐赠人', width: 14 },
      { header: '金额（元）', width: 12 },
      { header: '活动', width: 18 },
      { header: '心愿', width: 18 },
      { header: '说明', width: 12 },
    ],
    rows: report.donations.map((d) => [
      d.leafIndex,
      d.receiptNo,
      d.date,
      d.kind === 'cash_donation' ? '资金' : '实物',
      d.donor,
      yuan(d.amountFen),
      d.campaign ?? '',
      d.wish ?? '',
      donationState(d),
    ]),
  };
}

export function wishTable(report: Report): ReportTable {
  return {
    title: '心愿兑现',
    columns: [
      { header: '心愿编号', width: 18 },
      { header: '化名', width: 8 },
      { header: '心愿', width: 24 },
      { header: '类型', width: 6, pdf: false },
      { header: '数量', width: 6, pdf: false },
      { header: '价值（元）', width: 11 },
      { header: '紧急程度', width: 8 },
      { header: '发布日期', width: 12, pdf: false },
      { header: '认领日期', width: 12 },
      { header: '送达日期', width: 12 },
    ],
    rows: report.wishes.map((w) => [
      w.id,
      w.pseudonym,
      w.title,
      WISH_KIND_LABELS[w.kind],
      w.quantity,
      yuan(w.valueFen),
      URGENCY_LABELS[w.urgency],
      w.publishedOn ?? '',
      w.claimedOn ?? '',
      w.deliveredOn,
    ]),
  };
}

export function spendingTable(report: Report): ReportTable {
  return {
    title: '支出',
    columns: [
      { header: '账本序号', width: 9 },
      { header: '日期', width: 12 },
      { header: '金额（元）', width: 12 },
      { header: '资金来源', width: 20 },
      { header: '心愿', width: 28 },
      { header: '说明', width: 10 },
    ],
    rows: report.spending.map((s) => [
      s.leafIndex,
      s.date,
      yuan(s.amountFen),
      s.fund,
      s.wish?.title ?? '',
      s.reversed ? '已冲正' : '',
    ]),
  };
}

export function reportTables(report: Report): ReportTable[] {
  return [
    summaryTable(report),
    categoryTable(report),
    campaignTable(report),
    balanceTable(report),
    donationTable(report),
    wishTable(report),
    spendingTable(report),
  ];
}

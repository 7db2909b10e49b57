import * as z from 'zod/mini';
import { URGENCY_LEVELS, WISH_KINDS } from '../constants';
import { LEDGER_TX_KINDS, LEDGER_UNITS } from '../ledger';
import { isoDateTimeSchema, pageOf, pageQuerySchema, publicIdSchema } from './common';

// 公示 reports: what finance staff ask for, and the frozen statement everyone may read.

export const REPORT_KINDS = ['month', 'quarter', 'campaign'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  month: '月度公示',
  quarter: '季度公示',
  campaign: '活动公示',
};

export const REPORT_STATUSES = ['draft', 'published'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ReportExportFormat = (typeof REPORT_EXPORT_FORMATS)[number];

/** The period of a new report: a month (`2026-11`), a quarter (2026, 4), or a campaign. */
export const createReportBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('month'),
    month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '请按 2026-11 的格式填写月份')),
  }),
  z.strictObject({
    kind: z.literal('quarter'),
    year: z.int('年份必须是整数').check(z.minimum(2000, '年份不正确'), z.maximum(2100, '年份不正确')),
    quarter: z
      .int('季度必须是 1 到 4')
      .check(z.minimum(1, '季度必须是 1 到 4'), z.maximum(4, '季度必须是 1 到 4')),
  }),
  z.strictObject({ kind: z.literal('campaign'), campaignId: publicIdSchema }),
]);
export type CreateReportBody = z.output<typeof createReportBodySchema>;

export const reportParamsSchema = z.strictObject({ reportId: publicIdSchema });

export const publicReportsQuerySchema = z.object({
  ...pageQuerySchema.shape,
  /** Only this organization's reports. */
  orgId: z.optional(publicIdSchema),
});
export type PublicReportsQuery = z.output<typeof publicReportsQuerySchema>;
export type StaffReportsQuery = z.output<typeof pageQuerySchema>;

const refSchema = z.object({ id: z.string(), title: z.string() });

export const reportPeriodSchema = z.object({
  /** `2026-11`, `2026-Q4`, or the campaign's public id. */
  key: z.string(),
  /** 2026年11月 · 2026年第四季度 · the campaign's title. */
  label: z.string(),
  /** First and last China dates (`YYYY-MM-DD`). */
  from: z.string(),
  to: z.string(),
  campaign: z.nullable(refSchema),
});
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

/**
 * Net totals of the period, in fen: what came in (money, refunds out, gifts in kind at value) and
 * what was spent; reversals count against the kind they undo. `shared/report-totals.ts` computes
 * them from the ledger's leaves, so anyone can recompute them from the public log.
 */
export const reportTotalsSchema = z.object({
  cashDonationsFen: z.int(),
  refundsFen: z.int(),
  /** Money donations less refunds. */
  netDonationsFen: z.int(),
  inKindFen: z.int(),
  purchasesFen: z.int(),
  /** How many donations (money and in kind) were entered in the period. */
  donationCount: z.int(),
  wishesFulfilled: z.int(),
});
export type ReportTotals = z.infer<typeof reportTotalsSchema>;

/** One ledger transaction kind's line: how many, and their amounts (money; goods at value). */
export const reportCategorySchema = z.object({
  kind: z.enum(LEDGER_TX_KINDS),
  label: z.string(),
  count: z.int(),
  amountFen: z.int(),
  inKindFen: z.int(),
});
export type ReportCategory = z.infer<typeof reportCategorySchema>;

export const reportCampaignTotalsSchema = z.object({
  /** null: the unrestricted fund (no campaign). */
  campaign: z.nullable(refSchema),
  cashDonationsFen: z.int(),
  refundsFen: z.int(),
  inKindFen: z.int(),
  purchasesFen: z.int(),
});
export type ReportCampaignTotals = z.infer<typeof reportCampaignTotalsSchema>;

export const reportBalanceSchema = z.object({
  /** `general`, or the campaign's public id. */
  fund: z.string(),
  title: z.string(),
  openingFen: z.int(),
  closingFen: z.int(),
});
export type ReportBalance = z.infer<typeof reportBalanceSchema>;

/** A donation as the public sees it: the donor only as 张*, 匿名, or by name when they chose so. */
export const reportDonationSchema = z.object({
  leafIndex: z.int(),
  receiptNo: z.string(),
  date: z.string(),
  kind: z.enum(['cash_donation', 'inkind_donation']),
  unit: z.enum(LEDGER_UNITS),
  amountFen: z.int(),
  donor: z.string(),
  campaign: z.nullable(z.string()),
  /** The wish a gift in kind went to (its public title). */
  wish: z.nullable(z.string()),
  reversed: z.boolean(),
  refundedFen: z.int(),
});
export type ReportDonation = z.infer<typeof reportDonationSchema>;

/** A wish handed over in the period: only what was already public on the wish. */
export const reportWishSchema = z.object({
  id: z.string(),
  pseudonym: z.string(),
  title: z.string(),
  kind: z.enum(WISH_KINDS),
  quantity: z.int(),
  valueFen: z.int(),
  urgency: z.enum(URGENCY_LEVELS),
  campaign: z.nullable(z.string()),
  publishedOn: z.nullable(z.string()),
  claimedOn: z.nullable(z.string()),
  deliveredOn: z.string(),
});
export type ReportWish = z.infer<typeof reportWishSchema>;

export const reportSpendingSchema = z.object({
  leafIndex: z.int(),
  date: z.string(),
  amountFen: z.int(),
  /** The fund it was paid from: 非限定性资金 or the campaign's title. */
  fund: z.string(),
  wish: z.nullable(refSchema),
  reversed: z.boolean(),
});
export type ReportSpending = z.infer<typeof reportSpendingSchema>;

export const reportChartsSchema = z.object({
  donationsOverTime: z.object({
    bucket: z.enum(['day', 'week']),
    points: z.array(
      z.object({
        /** The bucket's first China date. */
        from: z.string(),
        cashFen: z.int(),
        inKindFen: z.int(),
        count: z.int(),
      }),
    ),
  }),
  /** Median hours from publication to claim and from claim to hand-over, per urgency colour. */
  timeToFulfil: z.array(
    z.object({
      urgency: z.enum(URGENCY_LEVELS),
      wishes: z.int(),
      medianClaimHours: z.nullable(z.number()),
      medianDeliverHours: z.nullable(z.number()),
    }),
  ),
});
export type ReportCharts = z.infer<typeof reportChartsSchema>;

export const reportCheckpointSchema = z.object({
  /** The report covers leaves [0, size) of the ledger's log. */
  size: z.int(),
  /** base64 root hash of those leaves. */
  rootHash: z.string(),
  /** The signed checkpoint (C2SP tlog-checkpoint signed note). */
  note: z.string(),
});

/** The organization's report published before this one, and the proof that the log only grew. */
export const reportPreviousSchema = z.nullable(
  z.object({ id: z.string(), checkpointSize: z.int(), consistencyProof: z.array(z.string()) }),
);

/** The frozen content of a report, computed once at creation. */
export const reportContentSchema = z.object({
  totals: reportTotalsSchema,
  byCategory: z.array(reportCategorySchema),
  byCampaign: z.array(reportCampaignTotalsSchema),
  balances: z.array(reportBalanceSchema),
  donations: z.array(reportDonationSchema),
  wishes: z.array(reportWishSchema),
  spending: z.array(reportSpendingSchema),
  charts: reportChartsSchema,
});
export type ReportContent = z.infer<typeof reportContentSchema>;

/** A report in a list: what it is, and its headline totals. */
export const reportSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(REPORT_KINDS),
  period: reportPeriodSchema,
  organization: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(REPORT_STATUSES),
  createdAt: isoDateTimeSchema,
  publishedAt: z.nullable(isoDateTimeSchema),
  checkpointSize: z.int(),
  totals: reportTotalsSchema,
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;
export const reportPageSchema = pageOf(reportSummarySchema);
export type ReportPage = z.infer<typeof reportPageSchema>;

/** The whole report: the public page and every export are made from exactly this (the allow-list). */
export const reportSchema = z.object({
  ...reportSummarySchema.shape,
  ...reportContentSchema.shape,
  checkpoint: reportCheckpointSchema,
  previous: reportPreviousSchema,
});
export type Report = z.infer<typeof reportSchema>;

/** Where an export of a report is downloaded (`format`: csv, xlsx, pdf); staff may export drafts. */
export function reportExportPath(reportId: string, format: ReportExportFormat, staff = false): string {
  return `/api/v1/${staff ? 'staff/' : ''}reports/${reportId}/export.${format}`;
}

/** The public page of a report in the H5 app (hash router), to put after the site's origin. */
export function reportPagePath(reportId: string): string {
  return `/#/public/report/index?id=${reportId}`;
}

import { chinaDate } from '../../../shared/china-date';
import type { CreateReportBody } from '../../../shared/schemas/reports';

export type ReportChoice = 'last_month' | 'this_month' | 'quarter' | 'campaign';

export const REPORT_CHOICES: { value: ReportChoice; label: string }[] = [
  { value: 'last_month', label: '上月' },
  { value: 'this_month', label: '本月' },
  { value: 'quarter', label: '本季度' },
  { value: 'campaign', label: '活动' },
];

/** The period a choice means today (China time); a campaign's needs its id (null until chosen). */
export function reportBody(
  choice: ReportChoice,
  now: number,
  campaignId: string | null,
): CreateReportBody | null {
  const [year, month] = chinaDate(now).split('-').map(Number) as [number, number];
  const ym = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;
  switch (choice) {
    case 'this_month':
      return { kind: 'month', month: ym(year, month) };
    case 'last_month':
      return { kind: 'month', month: month === 1 ? ym(year - 1, 12) : ym(year, month - 1) };
    case 'quarter':
      return { kind: 'quarter', year, quarter: Math.ceil(month / 3) };
    case 'campaign':
      return campaignId ? { kind: 'campaign', campaignId } : null;
  }
}

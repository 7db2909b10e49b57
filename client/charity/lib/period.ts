import { chinaDate } from '../../../shared/china-date';

export type PeriodKey = 'month' | 'quarter' | 'all';

export const PERIOD_CHOICES: { value: PeriodKey; label: string }[] = [
  { value: 'month', label: '本月' },
  { value: 'quarter', label: '本季度' },
  { value: 'all', label: '全部' },
];

/** The dates of a period in China time, up to today: 本月 from the 1st, 本季度 from its first month. */
export function periodRange(key: PeriodKey, now: number): { from?: string; to?: string } {
  if (key === 'all') return {};
  const today = chinaDate(now);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const first = key === 'month' ? month : month - ((month - 1) % 3);
  return { from: `${year}-${String(first).padStart(2, '0')}-01`, to: today };
}

/** A number of hours as read at a glance: 36 小时, 2.5 天. */
export function hoursText(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1) return '不到 1 小时';
  if (hours < 48) return `${Math.round(hours)} 小时`;
  return `${Math.round((hours / 24) * 10) / 10} 天`;
}

/** A rate 0–1 as a percentage (75%, 33.3%), or — when there is none. */
export function percentText(rate: number | null): string {
  if (rate === null) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

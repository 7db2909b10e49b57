import { chinaDayStart, chinaDate } from '../../../shared/china-date';
import { URGENCY_LEVELS, type UrgencyLevel } from '../../../shared/constants';
import type { ReportCharts } from '../../../shared/schemas/reports';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** Longer periods are charted by week. */
const DAILY_MAX_DAYS = 62;

export interface DonationPoint {
  date: string;
  unit: 'CNY' | 'INKIND';
  amountFen: number;
}

export interface WishTimes {
  urgency: UrgencyLevel;
  publishedAt: number | null;
  claimedAt: number | null;
  deliveredAt: number;
}

/** Donations per day (or per week for long periods) from `from` to `to`, empty buckets included. */
export function donationsOverTime(
  donations: readonly DonationPoint[],
  from: string,
  to: string,
): ReportCharts['donationsOverTime'] {
  const dates = donations.map((d) => d.date);
  const first = [from, ...dates].reduce((a, b) => (b < a ? b : a));
  const last = [to, ...dates].reduce((a, b) => (b > a ? b : a));
  const start = chinaDayStart(first);
  const days = Math.round((chinaDayStart(last) - start) / DAY_MS) + 1;
  const bucket = days > DAILY_MAX_DAYS ? 'week' : 'day';
  const width = bucket === 'week' ? 7 : 1;
  const points = Array.from({ length: Math.ceil(days / width) }, (_, i) => ({
    from: chinaDate(start + i * width * DAY_MS),
    cashFen: 0,
    inKindFen: 0,
    count: 0,
  }));
  for (const d of donations) {
    const point = points[Math.floor(Math.round((chinaDayStart(d.date) - start) / DAY_MS) / width)];
    if (!point) continue;
    point.count += 1;
    if (d.unit === 'CNY') point.cashFen += d.amountFen;
    else point.inKindFen += d.amountFen;
  }
  return { bucket, points };
}

function medianHours(spans: number[]): number | null {
  if (spans.length === 0) return null;
  const sorted = [...spans].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const ms =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round((ms / HOUR_MS) * 10) / 10;
}

/** Median hours from publication to claim and from claim to hand-over, per urgency colour. */
export function timeToFulfil(wishes: readonly WishTimes[]): ReportCharts['timeToFulfil'] {
  return URGENCY_LEVELS.map((urgency) => {
    const mine = wishes.filter((w) => w.urgency === urgency);
    const claim = mine.flatMap((w) =>
      w.publishedAt !== null && w.claimedAt !== null ? [w.claimedAt - w.publishedAt] : [],
    );
    const deliver = mine.flatMap((w) => (w.claimedAt !== null ? [w.deliveredAt - w.claimedAt] : []));
    return {
      urgency,
      wishes: mine.length,
      medianClaimHours: medianHours(claim),
      medianDeliverHours: medianHours(deliver),
    };
  });
}

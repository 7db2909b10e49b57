import { CLAIM_DEADLINE_HOURS, URGENCY_LEVELS, type UrgencyLevel } from '../../../shared/constants';
import type { Report, ReportCharts } from '../../../shared/schemas/reports';

// How a published report is drawn: pure functions from the frozen report to what the page shows.

/** `2026-11-03` → `11月3日`; with `withYear`, `2026年11月3日`. */
export function dayText(date: string, withYear = false): string {
  const [y, m, d] = date.split('-');
  return `${withYear ? `${y}年` : ''}${Number(m)}月${Number(d)}日`;
}

/** Hours as a person says them: `36 小时`, `2.5 天`. */
export function hoursText(hours: number): string {
  if (hours <= 48) return `${Math.round(hours)} 小时`;
  return `${Math.round((hours / 24) * 10) / 10} 天`;
}

/** The funds' balances at the end of the period, added up. */
export const closingTotalFen = (report: Pick<Report, 'balances'>) =>
  report.balances.reduce((sum, b) => sum + b.closingFen, 0);

export interface Bar {
  key: string;
  label: string;
  /** Heights in percent of the tallest bar. */
  cashPct: number;
  inKindPct: number;
  cashFen: number;
  inKindFen: number;
  count: number;
}

/** Donations over time as bars: money and goods stacked, scaled to the largest bucket. */
export function donationBars(chart: ReportCharts['donationsOverTime']): Bar[] {
  const max = Math.max(1, ...chart.points.map((p) => p.cashFen + p.inKindFen));
  return chart.points.map((p) => ({
    key: p.from,
    label: dayText(p.from),
    cashPct: (p.cashFen / max) * 100,
    inKindPct: (p.inKindFen / max) * 100,
    cashFen: p.cashFen,
    inKindFen: p.inKindFen,
    count: p.count,
  }));
}

export interface FulfilRow {
  urgency: UrgencyLevel;
  wishes: number;
  claimHours: number | null;
  deliverHours: number | null;
  promiseHours: number;
  /** Widths and the promise mark, in percent of one scale shared by all rows. */
  claimPct: number;
  deliverPct: number;
  promisePct: number;
  /** Publication to hand-over (the medians added up) within the promise; null without data. */
  kept: boolean | null;
}

/**
 * Time to claim and to hand over per urgency colour, against the service promise (handed over
 * within the claim deadline of its colour: red 48 h). One scale for every row, so a long bar means
 * a long wait whatever the colour.
 */
export function fulfilRows(rows: ReportCharts['timeToFulfil']): FulfilRow[] {
  const byUrgency = new Map(rows.map((r) => [r.urgency, r]));
  const present = URGENCY_LEVELS.filter((u) => (byUrgency.get(u)?.wishes ?? 0) > 0);
  const total = (u: UrgencyLevel) => {
    const r = byUrgency.get(u);
    return (r?.medianClaimHours ?? 0) + (r?.medianDeliverHours ?? 0);
  };
  const scale = Math.max(1, ...present.map((u) => Math.max(total(u), CLAIM_DEADLINE_HOURS[u])));
  return present.map((u) => {
    const r = byUrgency.get(u)!;
    const promiseHours = CLAIM_DEADLINE_HOURS[u];
    const known = r.medianClaimHours !== null && r.medianDeliverHours !== null;
    return {
      urgency: u,
      wishes: r.wishes,
      claimHours: r.medianClaimHours,
      deliverHours: r.medianDeliverHours,
      promiseHours,
      claimPct: ((r.medianClaimHours ?? 0) / scale) * 100,
      deliverPct: ((r.medianDeliverHours ?? 0) / scale) * 100,
      promisePct: (promiseHours / scale) * 100,
      kept: known ? total(u) <= promiseHours : null,
    };
  });
}

/** The first `n` characters of a hash, enough to compare by eye. */
export const shortHash = (hash: string, n = 12) => (hash.length > n ? `${hash.slice(0, n)}…` : hash);

import { chinaDayEnd, chinaDayStart } from '../../../shared/china-date';
import { CLAIM_DEADLINE_HOURS, type UrgencyLevel } from '../../../shared/constants';
import type { UrgencyTiming } from '../../../shared/schemas/dashboard';

// The dashboard's arithmetic, without I/O: medians, rates, the service promise, the period.

const HOUR_MS = 3_600_000;

/** The median of `values` (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** `part / whole` between 0 and 1, rounded to 4 places; null when there is no whole. */
export function rate(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}

/** Milliseconds as hours with one decimal (36.5). */
export function hoursOf(ms: number): number {
  return Math.round((ms / HOUR_MS) * 10) / 10;
}

/** The instants a period of China dates covers: [start of `from`, end of `to`); open ends unbounded. */
export function periodBounds(
  from: string | undefined,
  to: string | undefined,
): { start: number; end: number } {
  return {
    start: from ? chinaDayStart(from) : Number.NEGATIVE_INFINITY,
    end: to ? chinaDayEnd(to) : Number.POSITIVE_INFINITY,
  };
}

/** One published wish as the timing figures need it (epoch ms). */
export interface WishTimes {
  urgency: UrgencyLevel;
  publishedAt: number;
  /** When its last share was claimed, while it still is (null when shares went back). */
  claimedAt: number | null;
  /** When it was handed over. */
  deliveredAt: number | null;
  /** Still waiting for its gift (published or claimed): its promise can lapse. */
  open: boolean;
}

/**
 * Per urgency (most urgent first): median hours to claim and to hand-over since publication, and
 * the service promise — handed over within CLAIM_DEADLINE_HOURS of publication (red 48 h). A
 * promise is due once the wish was handed over, or is still open with its time run out at `now`.
 */
export function urgencyTimings(
  wishes: readonly WishTimes[],
  now: number,
  levels: readonly UrgencyLevel[],
): UrgencyTiming[] {
  return levels.map((urgency) => {
    const promiseHours = CLAIM_DEADLINE_HOURS[urgency];
    const promiseMs = promiseHours * HOUR_MS;
    const ofLevel = wishes.filter((w) => w.urgency === urgency);
    const claimWaits = ofLevel.flatMap((w) => (w.claimedAt === null ? [] : [w.claimedAt - w.publishedAt]));
    const deliverWaits = ofLevel.flatMap((w) =>
      w.deliveredAt === null ? [] : [w.deliveredAt - w.publishedAt],
    );
    const lapsedOpen = ofLevel.filter(
      (w) => w.deliveredAt === null && w.open && now - w.publishedAt > promiseMs,
    ).length;
    const claimMedian = median(claimWaits);
    const deliverMedian = median(deliverWaits);
    return {
      urgency,
      promiseHours,
      claimed: claimWaits.length,
      medianClaimHours: claimMedian === null ? null : hoursOf(claimMedian),
      delivered: deliverWaits.length,
      medianDeliverHours: deliverMedian === null ? null : hoursOf(deliverMedian),
      promiseDue: deliverWaits.length + lapsedOpen,
      promiseMet: deliverWaits.filter((ms) => ms <= promiseMs).length,
    };
  });
}

import { CLAIM_DEADLINE_HOURS, type UrgencyLevel } from './constants';

const HOUR_MS = 3_600_000;

/** When a claim made at `claimedAt` (epoch ms) must have reached the hand-over point. */
export function claimDeadline(urgency: UrgencyLevel, claimedAt: number): number {
  return claimedAt + CLAIM_DEADLINE_HOURS[urgency] * HOUR_MS;
}

export interface TimeLeft {
  overdue: boolean;
  /** Whole days, hours and minutes left (all 0 once overdue). */
  days: number;
  hours: number;
  minutes: number;
  /** Under 24 hours left (or overdue): the countdown turns red. */
  pressing: boolean;
}

/** The countdown a donor sees: what is left of `deadline` at `now`, rounded down to the minute. */
export function timeLeft(deadline: number, now: number): TimeLeft {
  const ms = deadline - now;
  if (ms <= 0) return { overdue: true, days: 0, hours: 0, minutes: 0, pressing: true };
  const minutesTotal = Math.floor(ms / 60_000);
  return {
    overdue: false,
    days: Math.floor(minutesTotal / 1440),
    hours: Math.floor((minutesTotal % 1440) / 60),
    minutes: minutesTotal % 60,
    pressing: ms < 24 * HOUR_MS,
  };
}

/** `剩 2 天 3 小时`, `剩 5 小时 12 分`, `剩 8 分钟`, `已超时`. */
export function timeLeftText(left: TimeLeft): string {
  if (left.overdue) return '已超时';
  if (left.days > 0) return `剩 ${left.days} 天 ${left.hours} 小时`;
  if (left.hours > 0) return `剩 ${left.hours} 小时 ${left.minutes} 分`;
  return `剩 ${Math.max(left.minutes, 1)} 分钟`;
}

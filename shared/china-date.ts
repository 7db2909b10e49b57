/**
 * Calendar dates in China (UTC+8 all year, no daylight saving). Dates people type (a campaign's
 * last day, a consent's date, a birth date) are `YYYY-MM-DD` in China time; instants are epoch ms.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date such as 2026-02-28 (not 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The instant a China calendar day begins. */
export function chinaDayStart(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}

/** The instant after a China calendar day ends (the next day's start). */
export function chinaDayEnd(date: string): number {
  return chinaDayStart(date) + DAY_MS;
}

/** The China calendar date of an instant, as `YYYY-MM-DD`. */
export function chinaDate(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

export function chinaYear(ms: number): number {
  return new Date(ms + OFFSET_MS).getUTCFullYear();
}

/** An instant in China time as `M月D日 HH:mm` (the year only when it is not `now`'s year). */
export function chinaDateTimeText(ms: number, now: number = ms): string {
  const t = new Date(ms + OFFSET_MS);
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  const year = t.getUTCFullYear() === chinaYear(now) ? '' : `${t.getUTCFullYear()}年`;
  return `${year}${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${hh}:${mm}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** How long a wish has been waiting, in words a donor reads at a glance. */
export function waitingLabel(sinceIso: string, now: number): string {
  const waited = Math.max(0, now - Date.parse(sinceIso));
  if (waited < HOUR_MS) return '刚刚发布';
  if (waited < DAY_MS) return `已等待 ${Math.floor(waited / HOUR_MS)} 小时`;
  return `已等待 ${Math.floor(waited / DAY_MS)} 天`;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** How long a wish has waited for review since it was submitted, in words read at a glance. */
export function reviewWaitLabel(submittedAt: string | null, now: number): string {
  if (!submittedAt) return '等待审核';
  const waited = Math.max(0, now - Date.parse(submittedAt));
  if (waited < HOUR_MS) return '刚刚提交';
  if (waited < DAY_MS) return `已等 ${Math.floor(waited / HOUR_MS)} 小时`;
  return `已等 ${Math.floor(waited / DAY_MS)} 天`;
}

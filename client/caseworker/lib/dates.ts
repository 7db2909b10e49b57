const OFFSET_MS = 8 * 60 * 60 * 1000;

/** An instant as China time, '2026-11-23 09:05'. */
export function formatDateTime(iso: string): string {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

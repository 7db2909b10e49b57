/** One line of a verification, as a donor reads it: ✓, ✗, or not checked (an earlier line failed). */
export interface CheckLine {
  key: string;
  state: 'ok' | 'failed' | 'skipped';
  text: string;
}

export type Outcome =
  /** Every line ✓. */
  | { status: 'ok'; summary: string; lines: CheckLine[] }
  /** A line ✗: `summary` says what failed, in plain words. */
  | { status: 'failed'; summary: string; lines: CheckLine[] }
  /** Nothing wrong, but not checkable yet (the entry is newer than the latest signed snapshot). */
  | { status: 'pending'; summary: string; lines: CheckLine[] };

/**
 * Lines in order, each ✓ until the one that failed (✗, with its own failure text), the rest
 * 未检查: the verifier stops at the first failure, and a later check means nothing without it.
 */
export function linesUpTo(
  steps: readonly { key: string; ok: string; failed: string }[],
  failedKey: string | null,
): CheckLine[] {
  const at = failedKey === null ? -1 : steps.findIndex((s) => s.key === failedKey);
  return steps.map((s, i) => {
    if (at < 0 || i < at) return { key: s.key, state: 'ok', text: s.ok };
    if (i === at) return { key: s.key, state: 'failed', text: s.failed };
    return { key: s.key, state: 'skipped', text: s.ok.replace(/。$/, '') + '（未检查）' };
  });
}

/**
 * The bench's table: every figure beside the baseline it is divided by, the goal, and ✓/✗.
 */
import type { LedgerFigures } from './ledger';

export interface Row {
  section: string;
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  goal: string;
  /** null: informational, no goal. */
  ok: boolean | null;
}

export const fmtMs = (t: number) =>
  t >= 10_000
    ? `${(t / 1000).toFixed(1)} s`
    : t >= 1000
      ? `${(t / 1000).toFixed(2)} s`
      : `${t.toFixed(t < 10 ? 2 : 0)} ms`;
export const fmtKb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const fmtRate = (r: number) => `${r.toFixed(0)} req/s`;
export const fmtRatio = (r: number) => `${r.toFixed(2)}×`;

/** A figure that must be at least `goal` times (or at most, for costs) its baseline. */
export function ratioRow(
  section: string,
  figure: string,
  value: string,
  baseline: string,
  ratio: number,
  goal: { atLeast?: number; atMost?: number },
): Row {
  const ok =
    goal.atLeast !== undefined
      ? ratio >= goal.atLeast
      : goal.atMost !== undefined
        ? ratio <= goal.atMost
        : null;
  const goalText =
    goal.atLeast !== undefined ? `≥ ${goal.atLeast}×` : goal.atMost !== undefined ? `≤ ${goal.atMost}×` : '';
  return {
    section,
    figure,
    value,
    baseline,
    ratio: Number.isFinite(ratio) ? fmtRatio(ratio) : '–',
    goal: goalText,
    ok,
  };
}

export function ledgerRows(f: LedgerFigures): Row[] {
  const n = f.transactions.toLocaleString('en');
  const base = `${fmtMs(f.baselineSha256Ms)} (SHA-256 of ${n} leaves; ${f.baselineSha256Runs.map(fmtMs).join(' → ')})`;
  return [
    ratioRow(
      'ledger',
      `Merkle tree of ${n} transactions`,
      fmtMs(f.merkleTreeMs),
      base,
      f.merkleTreeMs / f.baselineSha256Ms,
      {
        atMost: 2,
      },
    ),
    ratioRow(
      'ledger',
      `verify-ledger over ${n} transactions`,
      `${fmtMs(f.verifyLedgerMs)} (${((f.verifyLedgerMs * 1000) / f.transactions).toFixed(1)} µs/tx)`,
      base,
      f.verifyLedgerMs / f.baselineSha256Ms,
      { atMost: 2 },
    ),
    ratioRow(
      'ledger',
      `  floor under it: reading its ${n} transactions' rows`,
      fmtMs(f.readRowsMs),
      base,
      f.readRowsMs / f.baselineSha256Ms,
      {},
    ),
    {
      section: 'ledger',
      figure: `one inclusion proof (${f.inclusionProofHashes} hashes, stored nodes)`,
      value: fmtMs(f.inclusionProofMs),
      baseline: '',
      ratio: '',
      goal: '',
      ok: null,
    },
    {
      section: 'ledger',
      figure: 'its receipt check in shared/ (with signature)',
      value: fmtMs(f.receiptVerifyMs),
      baseline: '',
      ratio: '',
      goal: '',
      ok: null,
    },
    {
      section: 'ledger',
      figure: 'signed checkpoint of the whole log',
      value: fmtMs(f.checkpointMs),
      baseline: '',
      ratio: '',
      goal: '',
      ok: null,
    },
  ];
}

export function printTable(rows: Row[]): void {
  const head: Row = {
    section: '',
    figure: 'figure',
    value: 'value',
    baseline: 'baseline',
    ratio: 'ratio',
    goal: 'goal',
    ok: null,
  };
  const cols = ['figure', 'value', 'baseline', 'ratio', 'goal'] as const;
  const width = Object.fromEntries(
    cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => r[c].length))]),
  ) as Record<(typeof cols)[number], number>;
  const line = (r: Row, mark: string) =>
    `${cols.map((c) => (c === 'figure' ? r[c].padEnd(width[c]) : r[c].padStart(width[c]))).join('  ')}  ${mark}`;
  console.log(line(head, ''));
  let section = '';
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      console.log(`— ${section}`);
    }
    console.log(line(r, r.ok === null ? '' : r.ok ? '✓' : '✗'));
  }
}

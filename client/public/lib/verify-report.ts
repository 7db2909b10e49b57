import { toBase64 } from '../../../shared/base64';
import {
  reportScopeOf,
  reportTotalsDifferences,
  verifyCheckpoint,
  verifyCheckpointConsistency,
  verifyLeaves,
} from '../../../shared/ledger-verify';
import type { ReportScope } from '../../../shared/report-totals';
import type { ConsistencyProof, PublicCheckpoint } from '../../../shared/schemas/ledger-log';
import type { Report } from '../../../shared/schemas/reports';
import { linesUpTo, type CheckLine, type Outcome } from './checks';

/** More leaves than this are not fetched into a phone: the command line checks those totals. */
export const LEAVES_IN_BROWSER_MAX = 20_000;
const LEAVES_PER_REQUEST = 1000;

/** Which leaves the report covers (as the server chose them when it made the report). */
export function reportScope(report: Report): ReportScope {
  return reportScopeOf({ org: report.organization.id, kind: report.kind, period: report.period });
}

const FIGURES: Record<string, string> = {
  cashDonationsFen: '资金捐赠',
  refundsFen: '退款',
  inKindFen: '实物捐赠',
  purchasesFen: '支出',
  donationCount: '捐赠笔数',
};

/** What the report states that the leaves must give again, or why they do not. */
export function totalsMismatch(
  report: Report,
  leafTexts: readonly string[],
  root: Uint8Array,
): string | null {
  const verified = verifyLeaves(leafTexts, { size: report.checkpoint.size, root });
  if (!verified.ok) return `公开账本的记录与快照对不上（${verified.message}）`;
  const [first] = reportTotalsDifferences(report, verified.leaves, reportScope(report));
  if (first === undefined) return null;
  const figure = FIGURES[/^totals\.(\w+)/.exec(first)?.[1] ?? ''];
  if (figure) return `${figure}合计与账本重新计算的结果不同`;
  return first.startsWith('balances')
    ? '资金余额与账本重新计算的结果不同'
    : '分类或活动的合计与账本重新计算的结果不同';
}

export interface ReportEvidence {
  latest: PublicCheckpoint;
  /** The previous report's checkpoint (null when this is the first report). */
  previous: PublicCheckpoint | null;
  /** Leaf texts [0, report size), or null when there are too many to fetch here. */
  leaves: string[] | null;
  /** From the report's checkpoint to the latest. */
  toLatest: ConsistencyProof;
}

/** The report's checkpoint, its totals, the previous report and the latest log, as lines. */
export function reportOutcome(report: Report, ev: ReportEvidence): Outcome {
  const cp = report.checkpoint;
  const vkey = ev.latest.vkey;
  const steps = [
    {
      key: 'signature',
      ok: `这份公示依据的账本快照（前 ${cp.size} 条记录）带有机构的数字签名。`,
      failed: '公示所附账本快照的签名对不上机构公布的公钥：快照可能是伪造的。',
    },
    {
      key: 'totals',
      ok:
        ev.leaves === null
          ? `账本记录较多（${cp.size} 条），合计请用电脑上的核验工具核对。`
          : `用公开账本的前 ${cp.size} 条记录重新计算，捐赠、支出和余额与公示一致。`,
      failed: '用公开账本重新计算的结果与公示不一致：',
    },
    ...(report.previous
      ? [
          {
            key: 'previous',
            ok: `与上一期公示（前 ${report.previous.checkpointSize} 条记录）前后衔接，之前的记录没有被改动。`,
            failed: '与上一期公示对不上：上一期之前的账本记录被改写过。',
          },
        ]
      : []),
    {
      key: 'latest',
      ok:
        ev.latest.size === cp.size
          ? `公示之后账本还没有新记录；今天机构签名的账本与公示时完全相同。`
          : `从这份公示到现在，账本只新增了记录（现在共 ${ev.latest.size} 条），公示中的记录一条也没有被改写。`,
      failed: '现在的账本与公示时的账本对不上：历史记录被改写过。',
    },
  ];
  const failed = (key: string, detail?: string): Outcome => {
    const lines: CheckLine[] = linesUpTo(steps, key);
    const line = lines.find((l) => l.state === 'failed')!;
    if (detail) line.text += `${detail}。`;
    return { status: 'failed', summary: `核验没有通过：${line.text}`, lines };
  };

  const signed = verifyCheckpoint(cp.note, vkey);
  if (!signed.ok || signed.checkpoint.size !== cp.size || toBase64(signed.checkpoint.root) !== cp.rootHash) {
    return failed('signature');
  }
  if (ev.leaves !== null) {
    const mismatch = totalsMismatch(report, ev.leaves, signed.checkpoint.root);
    if (mismatch) return failed('totals', mismatch);
  }
  if (report.previous) {
    const prev = ev.previous;
    const ok =
      prev !== null &&
      prev.size === report.previous.checkpointSize &&
      verifyCheckpointConsistency(prev.note, cp.note, report.previous.consistencyProof, vkey).ok;
    if (!ok) return failed('previous');
  }
  const toLatest =
    ev.toLatest.first === cp.size &&
    ev.toLatest.second === ev.latest.size &&
    verifyCheckpointConsistency(cp.note, ev.latest.note, ev.toLatest.proof, vkey).ok;
  if (!toLatest) return failed('latest');
  return {
    status: 'ok',
    summary: '核验通过：公示的数字来自公开账本，账本没有被改写过。',
    lines: linesUpTo(steps, null),
  };
}

export interface LogApi {
  getLatestCheckpoint: () => Promise<PublicCheckpoint>;
  getCheckpoint: (size: number) => Promise<PublicCheckpoint>;
  getConsistencyProof: (first: number, second: number) => Promise<ConsistencyProof>;
  getLedgerLeaves: (start: number, end: number) => Promise<{ leaves: { index: number; leaf: string }[] }>;
}

/** Leaves [0, size) in requests of at most a thousand, in order. */
async function fetchLeaves(size: number, api: LogApi): Promise<string[]> {
  const texts: string[] = [];
  for (let start = 0; start < size; start += LEAVES_PER_REQUEST) {
    const end = Math.min(size, start + LEAVES_PER_REQUEST);
    const page = await api.getLedgerLeaves(start, end);
    texts.push(...page.leaves.map((l) => l.leaf));
  }
  return texts;
}

/** Fetches the public log's evidence for a report and checks it. */
export async function checkReport(report: Report, api: LogApi): Promise<Outcome> {
  const size = report.checkpoint.size;
  const latest = await api.getLatestCheckpoint();
  const [previous, leaves, toLatest] = await Promise.all([
    report.previous ? api.getCheckpoint(report.previous.checkpointSize) : Promise.resolve(null),
    size <= LEAVES_IN_BROWSER_MAX ? fetchLeaves(size, api) : Promise.resolve(null),
    api.getConsistencyProof(size, latest.size),
  ]);
  return reportOutcome(report, { latest, previous, leaves, toLatest });
}

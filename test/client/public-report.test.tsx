import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { reportsEndpoints } from '../../shared/endpoints/reports';
import { consistencyProof } from '../../shared/merkle';
import { reportLeafTotals } from '../../shared/report-totals';
import { decodeLeaf } from '../../shared/ledger-leaf';
import { toBase64 } from '../../shared/base64';
import type { Report, ReportDonation } from '../../shared/schemas/reports';
import { PUBLISHED_REPORTS_PATH } from '../../client/api/reports-list';
import { fulfilRows } from '../../client/public/lib/report-view';
import { reportOutcome, reportScope, type ReportEvidence } from '../../client/public/lib/verify-report';
import { ReportView } from '../../client/public/report';
import { makeLog, ORG } from '../support/signed-log';

// A published report's 核验账本 (signature, totals from the leaves, the previous report, the
// latest log) and how the page draws its figures and lists.

vi.mock('@tarojs/taro', async (original) => {
  const taro = await original<{ default: Record<string, unknown> }>();
  return { ...taro, useShareAppMessage: () => undefined };
});

const utf8 = (s: string) => new TextEncoder().encode(s);

function donation(i: number): ReportDonation {
  return {
    leafIndex: i,
    receiptNo: `R-${i}`,
    date: '2026-11-14',
    kind: 'cash_donation',
    unit: 'CNY',
    amountFen: 5000 + i,
    donor: i % 2 ? '王*' : '匿名',
    campaign: null,
    wish: null,
    reversed: false,
    refundedFen: 0,
  };
}

/** A month report over the first 4 leaves of the log, chained to a report over the first 2. */
function fixture() {
  const at4 = makeLog(4);
  const at2 = makeLog(2);
  const at6 = makeLog(6);
  const leaves = at4.texts.map((t) => {
    const d = decodeLeaf(utf8(t));
    if ('error' in d) throw new Error(d.error);
    return d.leaf;
  });
  const report = {
    id: 'RprtRprtRprtRpr1',
    title: '2026年11月捐赠公示',
    kind: 'month',
    period: { key: '2026-11', label: '2026年11月', from: '2026-11-01', to: '2026-11-30', campaign: null },
    organization: { id: ORG, name: '云溪县民政局儿童福利股' },
    status: 'published',
    createdAt: '2026-11-30T10:00:00.000Z',
    publishedAt: '2026-11-30T10:00:00.000Z',
    checkpointSize: 4,
    byCategory: [],
    byCampaign: [],
    donations: Array.from({ length: 25 }, (_, i) => donation(i)),
    wishes: [],
    spending: [],
    charts: {
      donationsOverTime: {
        bucket: 'day',
        points: [{ from: '2026-11-14', cashFen: 20006, inKindFen: 0, count: 4 }],
      },
      timeToFulfil: [],
    },
    checkpoint: { size: 4, rootHash: at4.checkpoint.rootHash, note: at4.checkpoint.note },
    previous: {
      id: 'RprtRprtRprtRpr0',
      checkpointSize: 2,
      consistencyProof: consistencyProof(at4.hashes, 2, 4).map(toBase64),
    },
  } as unknown as Report;
  const computed = reportLeafTotals(leaves, reportScope(report));
  report.totals = { ...computed.totals, wishesFulfilled: 0 };
  report.balances = computed.balances.map((b) => ({ ...b, title: '非限定性资金' }));
  report.byCategory = computed.byCategory as Report['byCategory'];
  report.byCampaign = computed.byCampaign as unknown as Report['byCampaign'];
  const evidence: ReportEvidence = {
    latest: at6.checkpoint,
    previous: at2.checkpoint,
    leaves: at4.texts,
    toLatest: { first: 4, second: 6, proof: consistencyProof(at6.hashes, 4, 6).map(toBase64) },
  };
  return { report, evidence };
}

const states = (o: { lines: { state: string }[] }) => o.lines.map((l) => l.state);

describe('核验账本', () => {
  it('passes: signed snapshot, totals recomputed from its leaves, chained to the last report, a prefix of today’s log', () => {
    const { report, evidence } = fixture();
    const o = reportOutcome(report, evidence);
    expect(o.status, o.summary).toBe('ok');
    expect(states(o)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(o.lines[1]!.text).toBe('用公开账本的前 4 条记录重新计算，捐赠、支出和余额与公示一致。');
    expect(o.lines[3]!.text).toContain('现在共 6 条');
  });

  it('a figure the leaves do not give fails the totals line and names it', () => {
    const { report, evidence } = fixture();
    report.totals.cashDonationsFen += 100;
    const o = reportOutcome(report, evidence);
    expect(states(o)).toEqual(['ok', 'failed', 'skipped', 'skipped']);
    expect(o.lines[1]!.text).toContain('资金捐赠合计与账本重新计算的结果不同');
  });

  it('a changed leaf fails the totals line (the leaves no longer give the signed root)', () => {
    const { report, evidence } = fixture();
    evidence.leaves![1] = evidence.leaves![1]!.replace('"tx":"Tx', '"tx":"Ty');
    expect(states(reportOutcome(report, evidence))).toEqual(['ok', 'failed', 'skipped', 'skipped']);
  });

  it('a log rewritten since the report fails the last line', () => {
    const { report, evidence } = fixture();
    // Signed by the same key, but leaf 0 is no longer the one the report saw.
    const forked = makeLog(6, undefined, 1);
    const proof = consistencyProof(forked.hashes, 4, 6).map(toBase64);
    const o = reportOutcome(report, {
      ...evidence,
      latest: forked.checkpoint,
      toLatest: { first: 4, second: 6, proof },
    });
    expect(states(o)).toEqual(['ok', 'ok', 'ok', 'failed']);
    expect(o.summary).toContain('历史记录被改写过');
  });

  it('a broken link to the previous report fails that line', () => {
    const { report, evidence } = fixture();
    report.previous!.consistencyProof = [makeLog(4).checkpoint.rootHash];
    expect(states(reportOutcome(report, evidence))).toEqual(['ok', 'ok', 'failed', 'skipped']);
  });

  it('a report whose checkpoint is not the signed one fails the first line', () => {
    const { report, evidence } = fixture();
    report.checkpoint.rootHash = makeLog(3).checkpoint.rootHash;
    expect(states(reportOutcome(report, evidence))).toEqual(['failed', 'skipped', 'skipped', 'skipped']);
  });
});

describe('report page', () => {
  it('the 公示 tab asks the path of the public list endpoint', () => {
    expect(PUBLISHED_REPORTS_PATH).toBe(reportsEndpoints.listReports.path);
  });

  it('shows totals and masked donors, ten at a time with 展开更多', () => {
    const { report } = fixture();
    render(<ReportView report={report} />);
    expect(screen.getByTestId('report-totals').textContent).toContain('¥200.06');
    const list = screen.getByTestId('donations');
    expect(within(list).getAllByTestId('donation-row')).toHaveLength(10);
    expect(
      within(list)
        .getAllByTestId('donor')
        .map((d) => d.textContent),
    ).toContain('王*');
    expect(list.textContent).toContain('账本第 1 条');
    fireEvent.click(within(list).getByTestId('show-more'));
    expect(within(list).getAllByTestId('donation-row')).toHaveLength(25);
    expect(within(list).queryByTestId('show-more')).toBeNull();
  });

  it('time to fulfil: one scale for all colours, judged against each colour’s promise', () => {
    const rows = fulfilRows([
      { urgency: 'blue', wishes: 1, medianClaimHours: 100, medianDeliverHours: 100 },
      { urgency: 'red', wishes: 2, medianClaimHours: 20, medianDeliverHours: 40 },
      { urgency: 'yellow', wishes: 0, medianClaimHours: null, medianDeliverHours: null },
    ]);
    expect(rows.map((r) => [r.urgency, r.promiseHours, r.kept])).toEqual([
      ['red', 48, false],
      ['blue', 336, true],
    ]);
    expect(rows[1]!.promisePct).toBe(100);
    expect(rows[0]!.claimPct + rows[0]!.deliverPct).toBeCloseTo((60 / 336) * 100);
  });
});

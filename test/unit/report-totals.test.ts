import { describe, expect, it } from 'vitest';
import {
  donationPostings,
  inKindPostings,
  purchasePostings,
  refundPostings,
  reversalPostings,
  type Posting,
} from '../../shared/ledger';
import type { LedgerLeaf } from '../../shared/ledger-leaf';
import { reportLeafTotals, type ReportScope } from '../../shared/report-totals';
import { donationsOverTime, timeToFulfil } from '../../server/modules/reports/report-charts';
import { reportPeriodOf } from '../../server/modules/reports/report-period';

const day = (date: string) => Date.parse(`${date}T10:00:00+08:00`);

function leafOf(
  index: number,
  kind: LedgerLeaf['kind'],
  date: string,
  postings: Posting[],
  more: Partial<LedgerLeaf> = {},
): LedgerLeaf {
  return {
    v: 1,
    index,
    tx: `tx${index}`,
    org: 'ORG',
    kind,
    effectiveAt: day(date),
    recordedAt: day(date),
    postings: postings.map((p) => [p.account, p.unit, p.amountFen]),
    reverses: null,
    refundOf: null,
    campaign: null,
    wish: null,
    receipt: null,
    donor: null,
    ...more,
  };
}

const MAY: ReportScope = {
  org: 'ORG',
  campaign: null,
  fromMs: Date.parse('2026-05-01T00:00:00+08:00'),
  toMs: Date.parse('2026-06-01T00:00:00+08:00'),
};

describe('report totals from leaves', () => {
  const donation = donationPostings(10000, 'general', 'bank');
  const leaves = [
    leafOf(0, 'cash_donation', '2026-04-20', donation),
    leafOf(1, 'cash_donation', '2026-05-02', donationPostings(5000, 'campaign:C1', 'cash'), {
      campaign: 'C1',
    }),
    leafOf(2, 'refund', '2026-05-03', refundPostings(2000, 'general', 'bank'), { refundOf: 'tx0' }),
    leafOf(3, 'purchase', '2026-05-04', purchasePostings(3000, 'campaign:C1', 'cash'), {
      campaign: 'C1',
      wish: 'W1',
    }),
    leafOf(4, 'inkind_donation', '2026-05-05', inKindPostings(4500), { wish: 'W2' }),
    // April's donation reversed in May: it counts against May's money donations.
    leafOf(5, 'reversal', '2026-05-06', reversalPostings(donation), { reverses: 'tx0' }),
    leafOf(6, 'cash_donation', '2026-06-01', donation),
    leafOf(7, 'cash_donation', '2026-05-07', donation, { org: 'OTHER' }),
  ];

  it('nets each kind, reversals against the kind they undo, in the period they were entered', () => {
    const r = reportLeafTotals(leaves, MAY);
    expect(r.totals).toEqual({
      cashDonationsFen: 5000 - 10000,
      refundsFen: 2000,
      netDonationsFen: 5000 - 10000 - 2000,
      inKindFen: 4500,
      purchasesFen: 3000,
      donationCount: 2,
    });
    expect(r.byCategory).toEqual([
      { kind: 'cash_donation', count: 1, amountFen: 5000, inKindFen: 0 },
      { kind: 'inkind_donation', count: 1, amountFen: 0, inKindFen: 4500 },
      { kind: 'purchase', count: 1, amountFen: 3000, inKindFen: 0 },
      { kind: 'refund', count: 1, amountFen: 2000, inKindFen: 0 },
      { kind: 'reversal', count: 1, amountFen: 10000, inKindFen: 0 },
    ]);
    expect(r.byCampaign).toEqual([
      { campaign: null, cashDonationsFen: -10000, refundsFen: 2000, inKindFen: 4500, purchasesFen: 0 },
      { campaign: 'C1', cashDonationsFen: 5000, refundsFen: 0, inKindFen: 0, purchasesFen: 3000 },
    ]);
  });

  it('gives each fund’s balance before and after the period; a campaign report opens at zero', () => {
    expect(reportLeafTotals(leaves, MAY).balances).toEqual([
      { fund: 'general', openingFen: 10000, closingFen: 10000 - 2000 - 10000 },
      { fund: 'C1', openingFen: 0, closingFen: 2000 },
    ]);
    const campaign = reportLeafTotals(leaves, { org: 'ORG', campaign: 'C1', fromMs: null, toMs: null });
    expect(campaign.balances).toEqual([{ fund: 'C1', openingFen: 0, closingFen: 2000 }]);
    expect(campaign.totals).toMatchObject({ cashDonationsFen: 5000, purchasesFen: 3000, donationCount: 1 });
  });

  it('is all zeros for a period without leaves', () => {
    const r = reportLeafTotals(leaves, { ...MAY, fromMs: day('2020-01-01'), toMs: day('2020-02-01') });
    expect(Object.values(r.totals).every((v) => v === 0)).toBe(true);
    expect(r.balances).toEqual([]);
  });
});

describe('report periods and charts', () => {
  const now = day('2026-11-23');

  it('turns a month, a quarter and a campaign into dates and a scope', () => {
    expect(reportPeriodOf({ kind: 'month', month: '2024-02' }, 'ORG', null, now).period).toEqual({
      key: '2024-02',
      label: '2024年2月',
      from: '2024-02-01',
      to: '2024-02-29',
      campaign: null,
    });
    const q = reportPeriodOf({ kind: 'quarter', year: 2026, quarter: 4 }, 'ORG', null, now);
    expect(q.period).toMatchObject({
      key: '2026-Q4',
      label: '2026年第四季度',
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(q.scope.toMs).toBe(Date.parse('2027-01-01T00:00:00+08:00'));
    expect(() => reportPeriodOf({ kind: 'month', month: '2026-12' }, 'ORG', null, now)).toThrow(
      expect.objectContaining({ code: 'REPORT_PERIOD_INVALID' }),
    );
  });

  it('buckets donations by day for a month and by week for longer, empty buckets included', () => {
    const month = donationsOverTime(
      [
        { date: '2026-05-02', unit: 'CNY', amountFen: 100 },
        { date: '2026-05-02', unit: 'INKIND', amountFen: 50 },
      ],
      '2026-05-01',
      '2026-05-31',
    );
    expect(month.bucket).toBe('day');
    expect(month.points).toHaveLength(31);
    expect(month.points[1]).toEqual({ from: '2026-05-02', cashFen: 100, inKindFen: 50, count: 2 });
    const quarter = donationsOverTime(
      [{ date: '2026-12-31', unit: 'CNY', amountFen: 7 }],
      '2026-10-01',
      '2026-12-31',
    );
    expect(quarter.bucket).toBe('week');
    expect(quarter.points).toHaveLength(14);
    expect(quarter.points.at(-1)).toMatchObject({ from: '2026-12-31', cashFen: 7 });
  });

  it('gives median hours to claim and to deliver per urgency colour', () => {
    const h = 3_600_000;
    const rows = timeToFulfil([
      { urgency: 'red', publishedAt: 0, claimedAt: 10 * h, deliveredAt: 30 * h },
      { urgency: 'red', publishedAt: 0, claimedAt: 20 * h, deliveredAt: 30 * h },
      { urgency: 'red', publishedAt: 0, claimedAt: 60 * h, deliveredAt: 70 * h },
      { urgency: 'blue', publishedAt: null, claimedAt: null, deliveredAt: 5 * h },
    ]);
    expect(rows).toEqual([
      { urgency: 'red', wishes: 3, medianClaimHours: 20, medianDeliverHours: 10 },
      { urgency: 'orange', wishes: 0, medianClaimHours: null, medianDeliverHours: null },
      { urgency: 'yellow', wishes: 0, medianClaimHours: null, medianDeliverHours: null },
      { urgency: 'blue', wishes: 1, medianClaimHours: null, medianDeliverHours: null },
    ]);
  });
});

import { and, asc, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { chinaDate } from '../../../shared/china-date';
import { PUBLIC_WISH_STATUSES } from '../../../shared/constants';
import { LEDGER_TX_KIND_LABELS, publicDonorName } from '../../../shared/ledger';
import type { LedgerLeaf } from '../../../shared/ledger-leaf';
import { inScope, leafAmount, reportLeafTotals, type ReportScope } from '../../../shared/report-totals';
import type { ReportContent, ReportDonation, ReportPeriod } from '../../../shared/schemas/reports';
import type { DbOrTx } from '../../db/tx';
import { campaigns, donations, ledgerTransactions, wishes } from '../../db/schema';
import { donationsOverTime, timeToFulfil } from './report-charts';

const GENERAL_FUND = '非限定性资金';
const FULFILLED = ['delivered', 'confirmed'] as const;

/** The organization's leaves of the log up to the checkpoint (one campaign's, for a campaign report). */
function leavesOf(tx: DbOrTx, orgId: number, size: number, campaignId: number | null): LedgerLeaf[] {
  return tx
    .select({ leaf: ledgerTransactions.leaf })
    .from(ledgerTransactions)
    .where(
      and(
        eq(ledgerTransactions.orgId, orgId),
        lt(ledgerTransactions.leafIndex, size),
        campaignId === null ? undefined : eq(ledgerTransactions.campaignId, campaignId),
      ),
    )
    .orderBy(asc(ledgerTransactions.leafIndex))
    .all()
    .map((r) => JSON.parse(r.leaf) as LedgerLeaf);
}

/** The wishes handed over in the period, with only what the public wish already shows. */
function fulfilledWishes(tx: DbOrTx, orgId: number, scope: ReportScope, campaignId: number | null) {
  const when: SQL[] = [];
  if (scope.fromMs !== null) when.push(gte(wishes.deliveredAt, scope.fromMs));
  if (scope.toMs !== null) when.push(lt(wishes.deliveredAt, scope.toMs));
  return tx
    .select({
      id: wishes.publicId,
      pseudonym: wishes.pseudonym,
      title: wishes.title,
      kind: wishes.kind,
      quantity: wishes.quantity,
      valueFen: wishes.estimatedValueFen,
      urgency: wishes.urgency,
      campaign: campaigns.title,
      publishedAt: wishes.publishedAt,
      claimedAt: wishes.claimedAt,
      deliveredAt: wishes.deliveredAt,
    })
    .from(wishes)
    .leftJoin(campaigns, eq(campaigns.id, wishes.campaignId))
    .where(
      and(
        eq(wishes.orgId, orgId),
        inArray(wishes.status, FULFILLED),
        isNotNull(wishes.deliveredAt),
        campaignId === null ? undefined : eq(wishes.campaignId, campaignId),
        ...when,
      ),
    )
    .orderBy(asc(wishes.deliveredAt), asc(wishes.publicId))
    .all()
    .map((w) => ({ ...w, deliveredAt: w.deliveredAt as number }));
}

/**
 * Everything a report states, computed once from the ledger's leaves up to the checkpoint and
 * the wishes handed over in the period. Donors appear only as their public name (张*, 匿名, or
 * the name they chose to show); wishes only with what their public page already shows.
 */
export function buildReportContent(
  tx: DbOrTx,
  org: { id: number; publicId: string },
  period: ReportPeriod,
  scope: ReportScope,
  campaignId: number | null,
  checkpointSize: number,
): ReportContent {
  const leaves = leavesOf(tx, org.id, checkpointSize, campaignId);
  const leafTotals = reportLeafTotals(leaves, scope);
  const covered = leaves.filter((l) => inScope(l, scope));

  const campaignTitles = new Map(
    tx
      .select({ id: campaigns.publicId, title: campaigns.title })
      .from(campaigns)
      .where(eq(campaigns.orgId, org.id))
      .all()
      .map((c) => [c.id, c.title]),
  );
  // The organization's wishes the ledger names (purchases, gifts), by public id — only those the
  // public may still see: a wish taken down after publication is named by nobody.
  const wishTitles = new Map(
    tx
      .select({ id: wishes.publicId, title: wishes.title })
      .from(wishes)
      .where(
        and(
          eq(wishes.orgId, org.id),
          inArray(wishes.status, PUBLIC_WISH_STATUSES),
          sql`${wishes.id} IN (SELECT wish_id FROM ledger_transactions WHERE org_id = ${org.id} AND leaf_index < ${checkpointSize})`,
        ),
      )
      .all()
      .map((w) => [w.id, w.title]),
  );
  const fundTitle = (campaign: string | null) =>
    campaign === null ? GENERAL_FUND : (campaignTitles.get(campaign) ?? campaign);

  const reversed = new Set(leaves.flatMap((l) => (l.reverses ? [l.reverses] : [])));
  const refunded = new Map<string, number>();
  for (const l of leaves)
    if (l.kind === 'refund' && l.refundOf && !reversed.has(l.tx))
      refunded.set(l.refundOf, (refunded.get(l.refundOf) ?? 0) + leafAmount(l, 'refund').fen);

  const gifts = covered.filter((l) => l.kind === 'cash_donation' || l.kind === 'inkind_donation');
  const donors = new Map(
    gifts.length === 0
      ? []
      : tx
          .select({
            tx: ledgerTransactions.publicId,
            name: donations.donorName,
            display: donations.donorDisplay,
          })
          .from(donations)
          .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, donations.txId))
          .where(
            and(
              eq(donations.orgId, org.id),
              lt(ledgerTransactions.leafIndex, checkpointSize),
              campaignId === null ? undefined : eq(ledgerTransactions.campaignId, campaignId),
              scope.fromMs === null ? undefined : gte(ledgerTransactions.effectiveAt, scope.fromMs),
              scope.toMs === null ? undefined : lt(ledgerTransactions.effectiveAt, scope.toMs),
            ),
          )
          .all()
          .map((d) => [d.tx, publicDonorName(d.name, d.display)]),
  );
  const donationRows: ReportDonation[] = gifts.map((l) => {
    const kind = l.kind as ReportDonation['kind'];
    const { unit, fen } = leafAmount(l, kind);
    return {
      leafIndex: l.index,
      receiptNo: l.receipt ?? '',
      date: chinaDate(l.effectiveAt),
      kind,
      unit,
      amountFen: fen,
      donor: donors.get(l.tx) ?? '匿名',
      campaign: l.campaign === null ? null : fundTitle(l.campaign),
      wish: l.wish === null ? null : (wishTitles.get(l.wish) ?? null),
      reversed: reversed.has(l.tx),
      refundedFen: refunded.get(l.tx) ?? 0,
    };
  });

  const spending = covered
    .filter((l) => l.kind === 'purchase')
    .map((l) => ({
      leafIndex: l.index,
      date: chinaDate(l.effectiveAt),
      amountFen: leafAmount(l, 'purchase').fen,
      fund: fundTitle(l.campaign),
      wish:
        l.wish !== null && wishTitles.has(l.wish)
          ? { id: l.wish, title: wishTitles.get(l.wish) ?? '' }
          : null,
      reversed: reversed.has(l.tx),
    }));

  const fulfilled = fulfilledWishes(tx, org.id, scope, campaignId);

  return {
    totals: { ...leafTotals.totals, wishesFulfilled: fulfilled.length },
    byCategory: leafTotals.byCategory.map((c) => ({ ...c, label: LEDGER_TX_KIND_LABELS[c.kind] })),
    byCampaign: leafTotals.byCampaign.map((c) => ({
      ...c,
      campaign: c.campaign === null ? null : { id: c.campaign, title: fundTitle(c.campaign) },
    })),
    balances: leafTotals.balances.map((b) => ({
      ...b,
      title: b.fund === 'general' ? GENERAL_FUND : fundTitle(b.fund),
    })),
    donations: donationRows,
    wishes: fulfilled.map((w) => ({
      id: w.id,
      pseudonym: w.pseudonym,
      title: w.title,
      kind: w.kind,
      quantity: w.quantity,
      valueFen: w.valueFen,
      urgency: w.urgency,
      campaign: w.campaign,
      publishedOn: w.publishedAt === null ? null : chinaDate(w.publishedAt),
      claimedOn: w.claimedAt === null ? null : chinaDate(w.claimedAt),
      deliveredOn: chinaDate(w.deliveredAt),
    })),
    spending,
    charts: {
      donationsOverTime: donationsOverTime(
        donationRows.map((d) => ({ date: d.date, unit: d.unit, amountFen: d.amountFen })),
        period.from,
        period.to,
      ),
      timeToFulfil: timeToFulfil(fulfilled),
    },
  };
}

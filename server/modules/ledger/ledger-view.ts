import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { publicDonorName, type LedgerUnit } from '../../../shared/ledger';
import type { LedgerTx } from '../../../shared/schemas/ledger';
import type { DbOrTx } from '../../db/tx';
import { campaigns, donations, ledgerPostings, ledgerTransactions, users, wishes } from '../../db/schema';

const publicIdWhere = (condition: SQL) =>
  sql<string | null>`(SELECT r.public_id FROM ledger_transactions r WHERE ${condition})`;

const iso = (ms: number) => new Date(ms).toISOString();

/** Ledger transactions as finance staff see them (postings, links, the donation's private side). */
export function ledgerTxViews(db: DbOrTx, where: SQL | undefined, limit: number): LedgerTx[] {
  const rows = db
    .select({
      tx: ledgerTransactions,
      recordedBy: users.displayName,
      campaign: { id: campaigns.publicId, title: campaigns.title },
      wish: { id: wishes.publicId, title: wishes.title },
      reverses: publicIdWhere(sql`r.id = ${ledgerTransactions.reversesId}`),
      reversedBy: publicIdWhere(sql`r.reverses_id = ${ledgerTransactions.id}`),
      refundOf: publicIdWhere(sql`r.id = ${ledgerTransactions.refundOfId}`),
      donation: donations,
    })
    .from(ledgerTransactions)
    .leftJoin(users, eq(users.id, ledgerTransactions.actorUserId))
    .leftJoin(campaigns, eq(campaigns.id, ledgerTransactions.campaignId))
    .leftJoin(wishes, eq(wishes.id, ledgerTransactions.wishId))
    .leftJoin(donations, eq(donations.txId, ledgerTransactions.id))
    .where(where)
    .orderBy(desc(ledgerTransactions.leafIndex))
    .limit(limit)
    .all();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.tx.id);
  const postings = db.select().from(ledgerPostings).where(inArray(ledgerPostings.txId, ids)).all();
  const refunds = db
    .select({ of: ledgerTransactions.refundOfId, fen: sql<number>`sum(${ledgerPostings.amountFen})` })
    .from(ledgerTransactions)
    .innerJoin(ledgerPostings, eq(ledgerPostings.txId, ledgerTransactions.id))
    .where(
      and(
        inArray(ledgerTransactions.refundOfId, ids),
        sql`${ledgerPostings.amountFen} > 0`,
        sql`NOT EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.reverses_id = ${ledgerTransactions.id})`,
      ),
    )
    .groupBy(ledgerTransactions.refundOfId)
    .all();
  return rows.map((r) => ({
    id: r.tx.publicId,
    leafIndex: r.tx.leafIndex,
    kind: r.tx.kind,
    memo: r.tx.memo,
    effectiveAt: iso(r.tx.effectiveAt),
    recordedAt: iso(r.tx.recordedAt),
    recordedBy: r.recordedBy,
    postings: postings
      .filter((p) => p.txId === r.tx.id)
      .map((p) => ({ account: p.account, unit: p.unit as LedgerUnit, amountFen: p.amountFen })),
    campaign: r.campaign?.id ? r.campaign : null,
    wish: r.wish?.id ? r.wish : null,
    reverses: r.reverses,
    reversedBy: r.reversedBy,
    refundOf: r.refundOf,
    refundedFen: refunds.find((x) => x.of === r.tx.id)?.fen ?? 0,
    donation: r.donation
      ? {
          receiptNo: r.donation.receiptNo,
          receiptId: r.donation.receiptPublicId,
          channel: r.donation.channel,
          donorName: r.donation.donorName,
          donorDisplay: r.donation.donorDisplay,
          publicName: publicDonorName(r.donation.donorName, r.donation.donorDisplay),
        }
      : null,
  }));
}

export function ledgerTxView(db: DbOrTx, id: number): LedgerTx {
  const [view] = ledgerTxViews(db, eq(ledgerTransactions.id, id), 1);
  if (!view) throw new Error(`ledger transaction ${id} vanished`);
  return view;
}

/** Newest first, by leaf index: the cursor is the last leaf index seen. */
export function ledgerPageWhere(orgId: number, cursor: number | null, filters: SQL[]): SQL | undefined {
  return and(
    eq(ledgerTransactions.orgId, orgId),
    cursor === null ? undefined : lt(ledgerTransactions.leafIndex, cursor),
    ...filters,
  );
}

import { and, asc, eq, inArray } from 'drizzle-orm';
import { accountKindOf, fundBalances, type LedgerUnit } from '../../../shared/ledger';
import type { Funds, LedgerPage, LedgerQuery, Receipt } from '../../../shared/schemas/ledger';
import type { Db } from '../../db/client';
import {
  campaigns,
  donations,
  ledgerBalances,
  ledgerPostings,
  ledgerTransactions,
  organizations,
  wishes,
} from '../../db/schema';
import { AppError } from '../../app-error';
import { publicDonorName } from '../../../shared/ledger';
import { fundFor } from './ledger-access';
import { ledgerPageWhere, ledgerTxView, ledgerTxViews } from './ledger-view';

function cursorOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new AppError('INVALID_CURSOR');
  return n;
}

/** The organization's books, newest first, optionally one kind or one campaign's. */
export function listLedger(db: Db, orgId: number, query: LedgerQuery): LedgerPage {
  const { limit } = query;
  const filters = [];
  if (query.kind) filters.push(eq(ledgerTransactions.kind, query.kind));
  if (query.campaignId) {
    const { campaignId } = fundFor(db, orgId, query.campaignId);
    filters.push(eq(ledgerTransactions.campaignId, campaignId as number));
  }
  const items = ledgerTxViews(db, ledgerPageWhere(orgId, cursorOf(query.cursor), filters), limit + 1);
  const page = items.slice(0, limit);
  return {
    items: page,
    nextCursor: items.length > limit ? String((page.at(-1) as { leafIndex: number }).leafIndex) : null,
  };
}

/** What each fund has left and every account's balance. */
export function fundsOf(db: Db, orgId: number): Funds {
  const rows = db
    .select()
    .from(ledgerBalances)
    .where(eq(ledgerBalances.orgId, orgId))
    .orderBy(asc(ledgerBalances.account))
    .all();
  const funds = fundBalances(
    new Map(rows.filter((r) => r.unit === 'CNY').map((r) => [r.account, r.balanceFen])),
  );
  const campaignIds = [...funds.keys()]
    .filter((f) => f !== 'general')
    .map((f) => f.slice('campaign:'.length));
  const titles = new Map(
    campaignIds.length === 0
      ? []
      : db
          .select({ id: campaigns.publicId, title: campaigns.title })
          .from(campaigns)
          .where(inArray(campaigns.publicId, campaignIds))
          .all()
          .map((c) => [c.id, c.title]),
  );
  return {
    funds: [
      { fund: 'general', title: '非限定性资金', balanceFen: funds.get('general') ?? 0 },
      ...campaignIds.map((id) => ({
        fund: id,
        title: titles.get(id) ?? id,
        balanceFen: funds.get(`campaign:${id}`) ?? 0,
      })),
    ],
    accounts: rows
      .filter((r) => accountKindOf(r.account) !== null)
      .map((r) => ({ account: r.account, unit: r.unit as LedgerUnit, balanceFen: r.balanceFen })),
  };
}

const receiptSelect = {
  donation: donations,
  tx: ledgerTransactions,
  organization: organizations.name,
  campaign: campaigns.title,
  wish: wishes.title,
};

function receiptRows(db: Db) {
  return db
    .select(receiptSelect)
    .from(donations)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, donations.txId))
    .innerJoin(organizations, eq(organizations.id, donations.orgId))
    .leftJoin(campaigns, eq(campaigns.id, ledgerTransactions.campaignId))
    .leftJoin(wishes, eq(wishes.id, ledgerTransactions.wishId));
}

function receiptOf(db: Db, row: ReturnType<ReturnType<typeof receiptRows>['all']>[number]): Receipt {
  const view = ledgerTxView(db, row.tx.id);
  const gift = db
    .select({ unit: ledgerPostings.unit, amountFen: ledgerPostings.amountFen })
    .from(ledgerPostings)
    .where(and(eq(ledgerPostings.txId, row.tx.id)))
    .all()
    .find((p) => p.amountFen > 0);
  return {
    receiptId: row.donation.receiptPublicId,
    receiptNo: row.donation.receiptNo,
    kind: row.tx.kind,
    channel: row.donation.channel,
    unit: (gift?.unit ?? 'CNY') as LedgerUnit,
    amountFen: gift?.amountFen ?? 0,
    effectiveAt: new Date(row.tx.effectiveAt).toISOString(),
    organization: row.organization,
    campaign: row.campaign,
    wish: row.wish,
    donorName: row.donation.donorName,
    publicName: publicDonorName(row.donation.donorName, row.donation.donorDisplay),
    salt: row.donation.salt,
    leafIndex: row.tx.leafIndex,
    leaf: row.tx.leaf,
    refundedFen: view.refundedFen,
    reversed: view.reversedBy !== null,
  };
}

/** A receipt by its unguessable id (the donor's link); no login needed. */
export function getReceipt(db: Db, receiptId: string): Receipt {
  const row = receiptRows(db).where(eq(donations.receiptPublicId, receiptId)).get();
  if (!row) throw new AppError('RECEIPT_NOT_FOUND');
  return receiptOf(db, row);
}

/** The signed-in donor's own receipts, newest first. */
export function listMyReceipts(db: Db, userId: number): { items: Receipt[] } {
  const rows = receiptRows(db)
    .where(eq(donations.donorUserId, userId))
    .orderBy(asc(ledgerTransactions.leafIndex))
    .all()
    .reverse()
    .slice(0, 100);
  return { items: rows.map((r) => receiptOf(db, r)) };
}

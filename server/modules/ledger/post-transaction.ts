import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, max, sql } from 'drizzle-orm';
import { chinaYear } from '../../../shared/china-date';
import {
  fundBalances,
  fundOf,
  postingsRefusal,
  type DonorDisplay,
  type Fund,
  type LedgerTxKind,
  type Posting,
} from '../../../shared/ledger';
import { donorCommitment, encodeLeaf, leafText, type LedgerLeaf } from '../../../shared/ledger-leaf';
import { leafHash } from '../../../shared/merkle';
import type { Tx } from '../../db/tx';
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
import { newPublicId } from '../../ids';
import { appendLeaf } from './tree-store';

export interface NewDonation {
  channel: 'bank' | 'cash' | 'wechat' | 'inkind';
  donorName: string | null;
  donorDisplay: DonorDisplay;
  donorUserId?: number | null;
  /** The paper receipt's number (票据号); generated when not given. */
  receiptNo?: string | null;
}

export interface NewLedgerTx {
  orgId: number;
  kind: LedgerTxKind;
  memo?: string | null;
  effectiveAt: number;
  actorUserId: number | null;
  /** Names the business event, so it posts once (`handover:<claim>`, `user:<id>:<key>` …). */
  idempotencyKey: string;
  postings: Posting[];
  reversesId?: number | null;
  refundOfId?: number | null;
  campaignId?: number | null;
  wishId?: number | null;
  claimId?: number | null;
  donation?: NewDonation;
}

export interface PostedTx {
  id: number;
  publicId: string;
  leafIndex: number;
  receiptPublicId: string | null;
}

/**
 * The only way anything is written to the ledger: one whole, balanced transaction, inside the
 * caller's write transaction (so it commits with the business change and its audit event).
 * It updates the balances, refuses to take any fund below zero (422 FUND_INSUFFICIENT — the
 * caller's immediate transaction makes check-and-write atomic), and appends the transaction's
 * canonical leaf to the Merkle log.
 */
export function postTransaction(tx: Tx, input: NewLedgerTx, now: number): PostedTx {
  const refusal = postingsRefusal(input.postings);
  if (refusal) throw new Error(`refused to post an invalid ledger transaction: ${refusal}`);

  applyToBalances(tx, input.orgId, input.postings);

  const leafIndex =
    (tx
      .select({ n: max(ledgerTransactions.leafIndex) })
      .from(ledgerTransactions)
      .get()?.n ?? -1) + 1;
  const publicId = newPublicId();
  const receipt = input.donation ? receiptFor(tx, input.orgId, input.donation, input.effectiveAt) : null;
  const leaf: LedgerLeaf = {
    v: 1,
    index: leafIndex,
    tx: publicId,
    org: publicIdOf(tx, organizations, input.orgId) as string,
    kind: input.kind,
    effectiveAt: input.effectiveAt,
    recordedAt: now,
    postings: input.postings.map((p) => [p.account, p.unit, p.amountFen]),
    reverses: publicIdOf(tx, ledgerTransactions, input.reversesId),
    refundOf: publicIdOf(tx, ledgerTransactions, input.refundOfId),
    campaign: publicIdOf(tx, campaigns, input.campaignId),
    wish: publicIdOf(tx, wishes, input.wishId),
    receipt: receipt?.receiptNo ?? null,
    donor: receipt ? donorCommitment(receipt.salt, input.donation?.donorName ?? '') : null,
  };
  const hash = leafHash(encodeLeaf(leaf));
  const row = tx
    .insert(ledgerTransactions)
    .values({
      publicId,
      leafIndex,
      orgId: input.orgId,
      kind: input.kind,
      memo: input.memo ?? null,
      effectiveAt: input.effectiveAt,
      recordedAt: now,
      actorUserId: input.actorUserId,
      idempotencyKey: input.idempotencyKey,
      reversesId: input.reversesId ?? null,
      refundOfId: input.refundOfId ?? null,
      campaignId: input.campaignId ?? null,
      wishId: input.wishId ?? null,
      claimId: input.claimId ?? null,
      leaf: leafText(leaf),
      leafHash: Buffer.from(hash),
    })
    .returning({ id: ledgerTransactions.id })
    .get();
  tx.insert(ledgerPostings)
    .values(input.postings.map((p) => ({ txId: row.id, orgId: input.orgId, ...p })))
    .run();
  if (receipt && input.donation) {
    tx.insert(donations)
      .values({
        txId: row.id,
        orgId: input.orgId,
        receiptPublicId: receipt.receiptPublicId,
        receiptYear: receipt.year,
        receiptNo: receipt.receiptNo,
        channel: input.donation.channel,
        donorName: input.donation.donorName,
        donorDisplay: input.donation.donorDisplay,
        donorUserId: input.donation.donorUserId ?? null,
        salt: receipt.salt,
      })
      .run();
  }
  appendLeaf(tx, leafIndex, hash);
  return { id: row.id, publicId, leafIndex, receiptPublicId: receipt?.receiptPublicId ?? null };
}

function applyToBalances(tx: Tx, orgId: number, postings: readonly Posting[]): void {
  for (const p of postings) {
    tx.insert(ledgerBalances)
      .values({ orgId, account: p.account, unit: p.unit, balanceFen: p.amountFen })
      .onConflictDoUpdate({
        target: [ledgerBalances.orgId, ledgerBalances.account, ledgerBalances.unit],
        set: { balanceFen: sql`${ledgerBalances.balanceFen} + ${p.amountFen}` },
      })
      .run();
  }
  const lowered = new Map<Fund, number>();
  for (const p of postings) {
    const fund = fundOf(p.account);
    if (fund) lowered.set(fund, (lowered.get(fund) ?? 0) - p.amountFen);
  }
  for (const [fund, change] of lowered) {
    if (change >= 0) continue;
    const left = fundBalance(tx, orgId, fund);
    if (left < 0) throw new AppError('FUND_INSUFFICIENT', { details: { fund, availableFen: left - change } });
  }
}

/** What a fund of an organization has left now. */
export function fundBalance(tx: Tx, orgId: number, fund: Fund): number {
  const accounts =
    fund === 'general'
      ? ['donation_income', 'program_expense', 'fees']
      : [`restricted_fund:${fund.slice('campaign:'.length)}`];
  const rows = tx
    .select({ account: ledgerBalances.account, balanceFen: ledgerBalances.balanceFen })
    .from(ledgerBalances)
    .where(and(eq(ledgerBalances.orgId, orgId), inArray(ledgerBalances.account, accounts)))
    .all();
  return fundBalances(new Map(rows.map((r) => [r.account, r.balanceFen]))).get(fund) ?? 0;
}

function publicIdOf(
  tx: Tx,
  table: typeof organizations | typeof ledgerTransactions | typeof campaigns | typeof wishes,
  id: number | null | undefined,
): string | null {
  if (id == null) return null;
  const row = tx.select({ publicId: table.publicId }).from(table).where(eq(table.id, id)).get();
  if (!row) throw new Error(`ledger reference ${id} does not exist`);
  return row.publicId;
}

interface Receipt {
  receiptPublicId: string;
  year: number;
  receiptNo: string;
  salt: string;
}

/** A receipt for a donation: the number given (unique per organization and year) or the next one. */
function receiptFor(tx: Tx, orgId: number, donation: NewDonation, effectiveAt: number): Receipt {
  const year = chinaYear(effectiveAt);
  const taken = (no: string) =>
    tx
      .select({ id: donations.id })
      .from(donations)
      .where(and(eq(donations.orgId, orgId), eq(donations.receiptYear, year), eq(donations.receiptNo, no)))
      .get() !== undefined;
  let receiptNo = donation.receiptNo?.trim() || null;
  if (receiptNo && taken(receiptNo)) throw new AppError('RECEIPT_NO_TAKEN', { details: { receiptNo, year } });
  if (!receiptNo) {
    // The last number we generated this year, found on the (org, year, number) index: numbers
    // are zero-padded, so the greatest text is the greatest number.
    const last = tx
      .select({ no: donations.receiptNo })
      .from(donations)
      .where(
        and(
          eq(donations.orgId, orgId),
          eq(donations.receiptYear, year),
          sql`${donations.receiptNo} GLOB ${`${year}-[0-9][0-9][0-9][0-9][0-9][0-9]`}`,
        ),
      )
      .orderBy(desc(donations.receiptNo))
      .limit(1)
      .get();
    receiptNo = `${year}-${String(Number(last?.no.slice(5) ?? 0) + 1).padStart(6, '0')}`;
  }
  return { receiptPublicId: newPublicId(), year, receiptNo, salt: randomBytes(16).toString('hex') };
}

import { eq } from 'drizzle-orm';
import { MONEY_ACCOUNTS, inKindPostings, refundPostings, reversalPostings } from '../../../shared/ledger';
import type { LedgerTx, RefundBody, RevalueBody, ReverseBody } from '../../../shared/schemas/ledger';
import type { Db } from '../../db/client';
import type { Tx } from '../../db/tx';
import { donations, ledgerPostings, ledgerTransactions } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { effectiveAtOf, findLedgerTx, fundFor, staffKey, writeBooks } from './ledger-access';
import { ledgerTxView } from './ledger-view';
import { postTransaction } from './post-transaction';

type TxRow = typeof ledgerTransactions.$inferSelect;

function postingsOf(tx: Tx, txId: number) {
  return tx
    .select({
      account: ledgerPostings.account,
      unit: ledgerPostings.unit,
      amountFen: ledgerPostings.amountFen,
    })
    .from(ledgerPostings)
    .where(eq(ledgerPostings.txId, txId))
    .all();
}

function isReversed(tx: Tx, id: number): boolean {
  return (
    tx
      .select({ id: ledgerTransactions.id })
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.reversesId, id))
      .get() !== undefined
  );
}

function audit(
  tx: Tx,
  actor: Actor,
  action: string,
  publicId: string,
  of: TxRow,
  meta: RequestMeta,
  details = {},
) {
  recordAudit(
    tx,
    {
      actorUserId: actor.userId,
      action,
      outcome: 'ok',
      targetType: 'ledger_tx',
      targetId: publicId,
      details: { of: of.publicId, ...details },
    },
    meta,
  );
}

/** The reversal of `original`: every posting the other way, linked to it; at most one per original. */
function postReversal(tx: Tx, actor: Actor, original: TxRow, key: string, memo: string, now: number) {
  if (original.kind === 'reversal') throw new AppError('REVERSAL_NOT_REVERSIBLE');
  if (isReversed(tx, original.id)) throw new AppError('ALREADY_REVERSED');
  if (ledgerTxView(tx, original.id).refundedFen > 0) throw new AppError('DONATION_REFUNDED');
  return postTransaction(
    tx,
    {
      orgId: original.orgId,
      kind: 'reversal',
      memo,
      effectiveAt: now,
      actorUserId: actor.userId,
      idempotencyKey: key,
      postings: reversalPostings(postingsOf(tx, original.id)),
      reversesId: original.id,
      campaignId: original.campaignId,
      wishId: original.wishId,
      claimId: original.claimId,
    },
    now,
  );
}

/** Undoes a transaction entered by mistake; the correct one is then entered anew. */
export function reverseLedgerTx(
  db: Db,
  actor: Actor,
  txId: string,
  body: ReverseBody,
  idempotencyKey: string,
  meta: RequestMeta,
): LedgerTx {
  const request = { operation: 'reverseLedgerTx', input: { txId, ...body }, idempotencyKey, meta };
  return writeBooks(db, actor, request, (tx, orgId) => {
    const original = findLedgerTx(tx, orgId, txId);
    const posted = postReversal(tx, actor, original, staffKey(actor, idempotencyKey), body.reason, meta.now);
    audit(tx, actor, 'ledger.reverse', posted.publicId, original, meta);
    return ledgerTxView(tx, posted.id);
  });
}

/** Gives back (part of) a money donation, from the account it arrived in and out of its fund. */
export function refundDonation(
  db: Db,
  actor: Actor,
  txId: string,
  body: RefundBody,
  idempotencyKey: string,
  meta: RequestMeta,
): LedgerTx {
  const request = { operation: 'refundDonation', input: { txId, ...body }, idempotencyKey, meta };
  return writeBooks(db, actor, request, (tx, orgId) => {
    const original = findLedgerTx(tx, orgId, txId);
    if (original.kind !== 'cash_donation') throw new AppError('NOT_A_DONATION');
    if (isReversed(tx, original.id)) throw new AppError('ALREADY_REVERSED');
    const into = postingsOf(tx, original.id).find((p) =>
      (MONEY_ACCOUNTS as readonly string[]).includes(p.account),
    );
    if (!into) {
      const online = postingsOf(tx, original.id).some((p) => p.account === 'wechat_clearing');
      throw new AppError(online ? 'DONATION_PAID_ONLINE' : 'NOT_A_DONATION');
    }
    const view = ledgerTxView(tx, original.id);
    const refundable = into.amountFen - view.refundedFen;
    if (body.amountFen > refundable) {
      throw new AppError('REFUND_TOO_LARGE', { details: { refundableFen: refundable } });
    }
    const { fund } = fundFor(tx, orgId, view.campaign?.id ?? null);
    const posted = postTransaction(
      tx,
      {
        orgId,
        kind: 'refund',
        memo: body.reason,
        effectiveAt: effectiveAtOf(body.paidOn, meta.now),
        actorUserId: actor.userId,
        idempotencyKey: staffKey(actor, idempotencyKey),
        postings: refundPostings(body.amountFen, fund, into.account),
        refundOfId: original.id,
        campaignId: original.campaignId,
      },
      meta.now,
    );
    audit(tx, actor, 'ledger.refund', posted.publicId, original, meta, { amountFen: body.amountFen });
    return ledgerTxView(tx, posted.id);
  });
}

/**
 * Finance enters the actual value of a gift in kind (posted at hand-over at the wish's estimate):
 * the old entry is reversed and the gift entered again at the new value, with a new receipt.
 */
export function revalueInKind(
  db: Db,
  actor: Actor,
  txId: string,
  body: RevalueBody,
  idempotencyKey: string,
  meta: RequestMeta,
): LedgerTx {
  const request = { operation: 'revalueInKind', input: { txId, ...body }, idempotencyKey, meta };
  return writeBooks(db, actor, request, (tx, orgId) => {
    const original = findLedgerTx(tx, orgId, txId);
    if (original.kind !== 'inkind_donation') throw new AppError('LEDGER_TX_NOT_FOUND');
    const key = staffKey(actor, idempotencyKey);
    postReversal(tx, actor, original, `${key}:reversal`, body.reason, meta.now);
    const donation = tx.select().from(donations).where(eq(donations.txId, original.id)).get();
    const posted = postTransaction(
      tx,
      {
        orgId,
        kind: 'inkind_donation',
        memo: body.reason,
        effectiveAt: original.effectiveAt,
        actorUserId: actor.userId,
        idempotencyKey: key,
        postings: inKindPostings(body.valueFen),
        campaignId: original.campaignId,
        wishId: original.wishId,
        claimId: original.claimId,
        donation: donation
          ? {
              channel: 'inkind',
              donorName: donation.donorName,
              donorDisplay: donation.donorDisplay,
              donorUserId: donation.donorUserId,
            }
          : undefined,
      },
      meta.now,
    );
    audit(tx, actor, 'ledger.revalue', posted.publicId, original, meta, { valueFen: body.valueFen });
    return ledgerTxView(tx, posted.id);
  });
}

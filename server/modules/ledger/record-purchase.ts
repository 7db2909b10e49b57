import { eq } from 'drizzle-orm';
import { purchasePostings } from '../../../shared/ledger';
import type { LedgerTx, RecordPurchaseBody } from '../../../shared/schemas/ledger';
import type { Db } from '../../db/client';
import { wishes } from '../../db/schema';
import { AppError, ForeignObjectError } from '../../app-error';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { effectiveAtOf, fundFor, staffKey, writeBooks } from './ledger-access';
import { ledgerTxView } from './ledger-view';
import { postTransaction } from './post-transaction';

/** Wishes the organization may still buy for: public and not yet handed over. */
const PURCHASABLE = ['published', 'claimed'] as const;

/**
 * Finance pays for a wish's gift from a fund. The fund must cover it: the balance check and the
 * posting happen in one immediate transaction, so two purchases racing for the last of a fund
 * cannot both pass (422 FUND_INSUFFICIENT, nothing written).
 */
export function recordPurchase(
  db: Db,
  actor: Actor,
  body: RecordPurchaseBody,
  idempotencyKey: string,
  meta: RequestMeta,
): LedgerTx {
  const request = { operation: 'recordPurchase', input: body, idempotencyKey, meta };
  return writeBooks(db, actor, request, (tx, orgId) => {
    const wish = tx
      .select({ id: wishes.id, status: wishes.status, orgId: wishes.orgId })
      .from(wishes)
      .where(eq(wishes.publicId, body.wishId))
      .get();
    if (!wish) throw new AppError('WISH_NOT_FOUND');
    if (wish.orgId !== orgId)
      throw new ForeignObjectError('WISH_NOT_FOUND', { type: 'wish', id: body.wishId });
    if (!(PURCHASABLE as readonly string[]).includes(wish.status))
      throw new AppError('WISH_NOT_PURCHASABLE', { details: { status: wish.status } });
    const { fund, campaignId } = fundFor(tx, orgId, body.campaignId);
    const posted = postTransaction(
      tx,
      {
        orgId,
        kind: 'purchase',
        memo: body.memo ?? null,
        effectiveAt: effectiveAtOf(body.paidOn, meta.now),
        actorUserId: actor.userId,
        idempotencyKey: staffKey(actor, idempotencyKey),
        postings: purchasePostings(body.amountFen, fund, body.paidFrom),
        campaignId,
        wishId: wish.id,
      },
      meta.now,
    );
    recordAudit(
      tx,
      {
        actorUserId: actor.userId,
        action: 'ledger.purchase',
        outcome: 'ok',
        targetType: 'ledger_tx',
        targetId: posted.publicId,
        details: { amountFen: body.amountFen, fund, wish: body.wishId },
      },
      meta,
    );
    return ledgerTxView(tx, posted.id);
  });
}

import { donationPostings } from '../../../shared/ledger';
import type { LedgerTx, RecordDonationBody } from '../../../shared/schemas/ledger';
import type { Db } from '../../db/client';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { effectiveAtOf, fundFor, staffKey, writeBooks } from './ledger-access';
import { ledgerTxView } from './ledger-view';
import { postTransaction } from './post-transaction';

/**
 * Finance records money that arrived by bank transfer or in cash, into the unrestricted fund or a
 * campaign's restricted fund, with its receipt (票据号 given or the next number): one ledger
 * transaction, its donation record and the audit event, once per Idempotency-Key.
 */
export function recordDonation(
  db: Db,
  actor: Actor,
  body: RecordDonationBody,
  idempotencyKey: string,
  meta: RequestMeta,
): LedgerTx {
  const request = { operation: 'recordDonation', input: body, idempotencyKey, meta };
  return writeBooks(db, actor, request, (tx, orgId) => {
    const { fund, campaignId } = fundFor(tx, orgId, body.campaignId);
    const posted = postTransaction(
      tx,
      {
        orgId,
        kind: 'cash_donation',
        memo: body.memo ?? null,
        effectiveAt: effectiveAtOf(body.receivedOn, meta.now),
        actorUserId: actor.userId,
        idempotencyKey: staffKey(actor, idempotencyKey),
        postings: donationPostings(body.amountFen, fund, body.channel),
        campaignId,
        donation: {
          channel: body.channel,
          donorName: body.donorName ?? null,
          donorDisplay: body.donorDisplay,
          receiptNo: body.receiptNo ?? null,
        },
      },
      meta.now,
    );
    recordAudit(
      tx,
      {
        actorUserId: actor.userId,
        action: 'ledger.donation',
        outcome: 'ok',
        targetType: 'ledger_tx',
        targetId: posted.publicId,
        details: { amountFen: body.amountFen, fund },
      },
      meta,
    );
    return ledgerTxView(tx, posted.id);
  });
}

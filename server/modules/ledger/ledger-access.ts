import { eq } from 'drizzle-orm';
import { chinaDate, chinaDayStart } from '../../../shared/china-date';
import type { Fund } from '../../../shared/ledger';
import type { Db } from '../../db/client';
import type { DbOrTx, Tx } from '../../db/tx';
import { campaigns, ledgerTransactions } from '../../db/schema';
import { AppError, ForeignObjectError } from '../../app-error';
import type { Actor } from '../access/actor';
import { assertCan, recordRefusal } from '../access/assert-can';
import type { StaffAction } from '../access/policy';
import { currentOrgId } from '../access/staff-scope';
import type { RequestMeta } from '../audit/record-audit';
import { requestHash, runIdempotent } from '../claims/idempotency';

/** The organization whose books the actor keeps, after checking (and auditing) `action` there. */
export function booksOf(db: Db, actor: Actor, action: StaffAction, meta: RequestMeta): number {
  if (actor.memberships.length === 0) {
    // A donor or platform administrator asking for books: keeps none, and the attempt is recorded.
    recordRefusal(db, actor, action, meta, { type: 'ledger', id: 'none' });
    throw new AppError('NO_CURRENT_ORG');
  }
  const orgId = currentOrgId(actor);
  assertCan(db, actor, action, { orgId }, meta, { type: 'ledger', id: String(orgId) });
  return orgId;
}

/** A transaction of the organization's books, or 404 (another organization's looks missing, and is audited). */
export function findLedgerTx(db: DbOrTx, orgId: number, publicId: string) {
  const row = db.select().from(ledgerTransactions).where(eq(ledgerTransactions.publicId, publicId)).get();
  if (!row) throw new AppError('LEDGER_TX_NOT_FOUND');
  if (row.orgId !== orgId)
    throw new ForeignObjectError('LEDGER_TX_NOT_FOUND', { type: 'ledger_tx', id: publicId });
  return row;
}

/** The fund a campaign id names (null → the unrestricted fund), checked to be the organization's. */
export function fundFor(
  db: DbOrTx,
  orgId: number,
  campaignPublicId: string | null,
): { fund: Fund; campaignId: number | null } {
  if (campaignPublicId === null) return { fund: 'general', campaignId: null };
  const campaign = db
    .select({ id: campaigns.id, orgId: campaigns.orgId })
    .from(campaigns)
    .where(eq(campaigns.publicId, campaignPublicId))
    .get();
  if (!campaign) throw new AppError('CAMPAIGN_NOT_FOUND');
  if (campaign.orgId !== orgId) {
    throw new ForeignObjectError('CAMPAIGN_NOT_FOUND', { type: 'campaign', id: campaignPublicId });
  }
  return { fund: `campaign:${campaignPublicId}`, campaignId: campaign.id };
}

/** When money moved, from the China date staff entered: that day's start, never in the future. */
export function effectiveAtOf(date: string, now: number): number {
  if (date > chinaDate(now)) throw new AppError('LEDGER_DATE_INVALID', { details: { date } });
  return chinaDayStart(date);
}

/** The ledger idempotency key of a staff request: its user and Idempotency-Key. */
export function staffKey(actor: Actor, key: string): string {
  return `user:${actor.userId}:${key}`;
}

/**
 * A finance write to the organization's books: checked (and refusals audited) before the
 * transaction, then run once per Idempotency-Key in one immediate transaction with its answer.
 */
export function writeBooks<T>(
  db: Db,
  actor: Actor,
  request: { operation: string; input: unknown; idempotencyKey: string; meta: RequestMeta },
  work: (tx: Tx, orgId: number) => T,
): T {
  const orgId = booksOf(db, actor, 'ledger.write', request.meta);
  return runIdempotent(
    db,
    {
      userId: actor.userId,
      key: request.idempotencyKey,
      hash: requestHash(request.operation, request.input),
      status: 201,
      now: request.meta.now,
    },
    (tx) => work(tx, orgId),
  );
}

import { and, eq, inArray, sql } from 'drizzle-orm';
import { ACTIVE_CLAIM_STAGES, type WishStatus } from '../../../shared/constants';
import { nextWishStatus } from '../../../shared/wish-lifecycle';
import type { DbOrTx, Tx } from '../../db/tx';
import { claims, payOrders, wishes } from '../../db/schema';

const CLAIMED = nextWishStatus('published', 'claim') as WishStatus;

/**
 * Takes `count` shares of a published wish with the same conditional UPDATE as a claim: only if
 * the wish is still published and has them (the table's CHECK keeps shares_taken within shares,
 * so no interleaving hands out more). Returns where the taken range starts, or null when the
 * shares are not there.
 */
export function takeWishShares(tx: Tx, wishId: number, count: number, now: number): number | null {
  const taken = sql`${wishes.sharesTaken} + ${count}`;
  const row = tx
    .update(wishes)
    .set({
      sharesTaken: taken,
      status: sql`CASE WHEN ${taken} = ${wishes.shares} THEN ${CLAIMED} ELSE ${wishes.status} END`,
      claimedAt: sql`CASE WHEN ${taken} = ${wishes.shares} THEN ${now} ELSE ${wishes.claimedAt} END`,
      updatedAt: now,
      version: sql`${wishes.version} + 1`,
    })
    .where(
      and(
        eq(wishes.id, wishId),
        eq(wishes.status, 'published'),
        sql`${taken} <= ${wishes.shares}`,
        sql`(${wishes.expiresAt} IS NULL OR ${wishes.expiresAt} > ${now})`,
      ),
    )
    .returning({ sharesTaken: wishes.sharesTaken })
    .get();
  return row ? row.sharesTaken - count : null;
}

/** Gives `count` shares back: a fully claimed wish returns to the feed (the lifecycle's `release`). */
export function giveBackWishShares(tx: Tx, wishId: number, count: number, now: number): void {
  const wish = tx.select({ status: wishes.status }).from(wishes).where(eq(wishes.id, wishId)).get();
  if (!wish) return;
  const released = nextWishStatus(wish.status, 'release');
  tx.update(wishes)
    .set({
      sharesTaken: sql`${wishes.sharesTaken} - ${count}`,
      ...(released && { status: released, claimedAt: null }),
      updatedAt: now,
      version: sql`${wishes.version} + 1`,
    })
    .where(eq(wishes.id, wishId))
    .run();
}

/** The donor's active claim on the wish, if any, and whether it is one paid online. */
export function activeClaimOf(
  tx: Tx,
  wishId: number,
  donorUserId: number,
): { id: number; paidOnline: boolean } | null {
  const row = tx
    .select({
      id: claims.id,
      paidOnline: sql<number>`EXISTS (SELECT 1 FROM ${payOrders} p WHERE p.claim_id = ${claims.id})`,
    })
    .from(claims)
    .where(
      and(
        eq(claims.wishId, wishId),
        eq(claims.donorUserId, donorUserId),
        inArray(claims.stage, ACTIVE_CLAIM_STAGES),
      ),
    )
    .get();
  return row ? { id: row.id, paidOnline: row.paidOnline === 1 } : null;
}

/**
 * Whether a claim's gift was paid for online (its shares became the claim when the order was
 * paid): the charity buys it with money already in the books, so hand-over posts no gift in kind.
 */
export function isPaidOnlineClaim(tx: Tx, claimId: number): boolean {
  return (
    tx.select({ id: payOrders.id }).from(payOrders).where(eq(payOrders.claimId, claimId)).limit(1).get() !==
    undefined
  );
}

/** Shares of a wish held by online orders still waiting for their payment (not yet claims). */
export function sharesAwaitingPayment(db: DbOrTx, wishId: number): number {
  return (
    db
      .select({ n: sql<number>`coalesce(sum(${payOrders.shares}), 0)` })
      .from(payOrders)
      .where(and(eq(payOrders.wishId, wishId), eq(payOrders.sharesHeld, 1)))
      .get()?.n ?? 0
  );
}

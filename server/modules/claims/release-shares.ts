import { eq, sql } from 'drizzle-orm';
import { nextWishStatus } from '../../../shared/wish-lifecycle';
import type { Tx } from '../../db/tx';
import { wishes } from '../../db/schema';
import type { ClaimRow } from './claim-view';

/**
 * A claim that ends early (withdrawn or overdue) gives its shares back: a fully claimed wish
 * returns to the feed (the lifecycle's `release`), a partly claimed one simply has more left.
 */
export function releaseShares(tx: Tx, row: ClaimRow, now: number): void {
  const released = nextWishStatus(row.wish.status, 'release');
  tx.update(wishes)
    .set({
      sharesTaken: sql`${wishes.sharesTaken} - ${row.claim.shares}`,
      ...(released && { status: released, claimedAt: null }),
      updatedAt: now,
      version: sql`${wishes.version} + 1`,
    })
    .where(eq(wishes.id, row.wish.id))
    .run();
}

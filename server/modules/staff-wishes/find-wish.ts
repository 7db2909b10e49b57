import { eq } from 'drizzle-orm';
import { nextWishStatus, type WishEvent } from '../../../shared/wish-lifecycle';
import type { WishStatus } from '../../../shared/constants';
import type { Db } from '../../db/client';
import { wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import type { StaffAction } from '../access/policy';
import type { RequestMeta } from '../audit/record-audit';

export type WishRow = typeof wishes.$inferSelect;

/** A wish by public id, once the actor may take `action` on it (its organization and region). */
export function findWishFor(
  db: Db,
  actor: Actor,
  publicId: string,
  action: StaffAction,
  meta: RequestMeta,
): WishRow {
  const wish = db.select().from(wishes).where(eq(wishes.publicId, publicId)).get();
  if (!wish) throw new AppError('WISH_NOT_FOUND');
  assertCan(db, actor, action, { orgId: wish.orgId, regionPath: wish.regionPath }, meta, {
    type: 'wish',
    id: publicId,
  });
  return wish;
}

/** Where `event` takes the wish, or 422 WISH_TRANSITION_REFUSED naming the move. */
export function transition(status: WishStatus, event: WishEvent): WishStatus {
  const next = nextWishStatus(status, event);
  if (!next) throw new AppError('WISH_TRANSITION_REFUSED', { details: { status, event } });
  return next;
}

import { asc, eq } from 'drizzle-orm';
import { ACTIVE_CLAIM_STAGES, type ClaimStage } from '../../../shared/constants';
import type { WishFulfilment } from '../../../shared/schemas/claims';
import type { Db } from '../../db/client';
import { claims, wishes } from '../../db/schema';
import { claimRows, claimView, timeline, wishSummary, type EventPhotos } from '../claims/claim-view';
import { sharesAwaitingPayment } from '../payments/wish-shares';
import { canThank, handOverRefusal } from './fulfilment-rules';
import { alreadyThanked } from './wish-steps';

/** A wish's fulfilment as staff see it: every claim, the whole timeline, what can be done next. */
export function wishFulfilment(db: Db, wishId: number, photos: EventPhotos): WishFulfilment {
  const wish = db.select().from(wishes).where(eq(wishes.id, wishId)).get();
  if (!wish) throw new Error(`wish ${wishId} vanished`);
  const rows = claimRows(db, eq(claims.wishId, wishId)).orderBy(asc(claims.id)).all();
  const active = rows
    .map((r) => r.claim.stage)
    .filter((s) => (ACTIVE_CLAIM_STAGES as readonly ClaimStage[]).includes(s));
  return {
    wish: wishSummary(wish),
    sharesTaken: wish.sharesTaken,
    claims: rows.map((r) => claimView(r, 'staff')),
    timeline: timeline(db, { wishId }, 'staff', photos),
    canHandOver: handOverRefusal(wish, active, sharesAwaitingPayment(db, wishId)) === null,
    canThank: canThank(wish.status, alreadyThanked(db, wishId)),
  };
}

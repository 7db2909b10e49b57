import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { claims, regions, users, wishes } from '../db/schema';
import { newPublicId } from '../ids';
import type { Actor } from '../modules/access/actor';
import { claimRows } from '../modules/claims/claim-view';
import { claimWish } from '../modules/claims/claim-wish';
import { markPurchased, markShipped } from '../modules/claims/donor-steps';
import { receiveClaim } from '../modules/fulfilment/receive-claim';

const HOUR_MS = 60 * 60 * 1000;
/** How many single-share wishes the demo claims take out of the feed. */
export const DEMO_CLAIMED_WISHES = 4;

/** A demo person acting through the real use cases (no session: these are not requests). */
function actorOf(userId: number): Actor {
  return { userId, publicId: '', sessionId: 0, isPlatformAdmin: false, currentOrgId: null, memberships: [] };
}

/**
 * Claims in flight, so every role finds something to do in the demo: the demo donor has a gift
 * on its way to 上坑村儿童之家 and a fresh claim with its countdown; another donor's gift is
 * waiting at the site for the caseworker to hand over; a third has bought a gift in 城关镇. Made through the same use cases as the
 * API (claim, ship, receive), a few hours in the past.
 */
export function seedDemoClaims(db: Db, now: number): void {
  const personaId = (persona: string) =>
    db.select({ id: users.id }).from(users).where(eq(users.demoPersona, persona)).get()?.id ?? 0;
  const donor = actorOf(personaId('donor'));
  const caseworker = actorOf(personaId('caseworker'));
  const bookshop = actorOf(
    db
      .insert(users)
      .values({ publicId: newPublicId(), displayName: '爱心企业·县城新华书店', createdAt: now })
      .returning({ id: users.id })
      .get().id,
  );

  const village = db.select({ path: regions.path }).from(regions).where(eq(regions.name, '上坑村')).get();
  const open = (inVillage: boolean) =>
    db
      .select({ publicId: wishes.publicId })
      .from(wishes)
      .where(
        and(
          eq(wishes.status, 'published'),
          eq(wishes.shares, 1),
          sql`${wishes.expiresAt} IS NULL`,
          inVillage && village
            ? sql`substr(${wishes.regionPath}, 1, ${village.path.length}) = ${village.path}`
            : sql`substr(${wishes.regionPath}, 1, ${village?.path.length ?? 0}) <> ${village?.path ?? ''}`,
        ),
      )
      .orderBy(asc(wishes.urgencyRank), asc(wishes.publishedAt))
      .get()?.publicId;

  const claimAt = (who: Actor, wishId: string | undefined, at: number) => {
    if (!wishId) return null;
    const c = claimWish(
      db,
      who,
      { wishId, shares: 1, idempotencyKey: `demo-${wishId}`, maxActive: 5 },
      { ip: 'demo', requestId: 'demo', now: at },
    );
    return claimRows(db, eq(claims.publicId, c.id)).get() ?? null;
  };
  const meta = (at: number) => ({ ip: 'demo', requestId: 'demo', now: at });

  const onItsWay = claimAt(donor, open(true), now - 20 * HOUR_MS);
  if (onItsWay) {
    markShipped(
      db,
      donor,
      onItsWay,
      { mode: 'post', carrier: '中通快递', trackingNumber: 'ZT7310042268' },
      meta(now - 6 * HOUR_MS),
    );
  }
  claimAt(donor, open(false), now - 3 * HOUR_MS);
  // A claim bought two days ago in another town, with a day left: the charity's staff follow it.
  const sweater = db
    .select({ publicId: wishes.publicId })
    .from(wishes)
    .where(and(eq(wishes.title, '一件新毛衣'), eq(wishes.status, 'published')))
    .get()?.publicId;
  const teacher = actorOf(
    db
      .insert(users)
      .values({ publicId: newPublicId(), displayName: '爱心人士·王老师', createdAt: now })
      .returning({ id: users.id })
      .get().id,
  );
  const bought = claimAt(teacher, sweater, now - 48 * HOUR_MS);
  if (bought) {
    markPurchased(db, teacher, bought, { note: '在县城商场买好了，周末寄出' }, meta(now - 40 * HOUR_MS));
  }
  const atSite = claimAt(bookshop, open(true), now - 30 * HOUR_MS);
  if (atSite) {
    markShipped(db, bookshop, atSite, { mode: 'in_person' }, meta(now - 26 * HOUR_MS));
    receiveClaim(db, caseworker, atSite, { quantity: 1, condition: 'good' }, meta(now - 25 * HOUR_MS));
  }
}

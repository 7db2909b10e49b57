import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { claimDeadline } from '../../../shared/claim-deadline';
import { ACTIVE_CLAIM_STAGES, PUBLIC_WISH_STATUSES, type WishStatus } from '../../../shared/constants';
import type { Claim } from '../../../shared/schemas/claims';
import { nextWishStatus } from '../../../shared/wish-lifecycle';
import { commitGroupOf, preparedPerDb, type Db } from '../../db/client';
import type { Tx } from '../../db/tx';
import { claims, fulfilmentEvents, handoverSites, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import { newPublicId } from '../../ids';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { links, notify } from '../notifications/notify';
import { claimRefusal } from './claim-rules';
import { claimRows, claimView } from './claim-view';
import { requestHash, runIdempotent } from './idempotency';

const CLAIMED = nextWishStatus('published', 'claim') as WishStatus;

/**
 * A donor claims `shares` of a published wish, once per Idempotency-Key. One transaction: the
 * rule says why not (precise 409/422), then a conditional UPDATE takes the shares only if the
 * wish is still published and has them — the database's CHECK keeps shares_taken within the
 * wish's shares, so no interleaving of requests or processes can hand out more — then the claim,
 * its first timeline step, the audit event and the donor's inbox message.
 */
export function claimWish(
  db: Db,
  actor: Actor,
  input: { wishId: string; shares: number; idempotencyKey: string; maxActive: number },
  meta: RequestMeta,
): Claim {
  const hash = requestHash('claimWish', { wishId: input.wishId, shares: input.shares });
  return runIdempotent(
    db,
    { userId: actor.userId, key: input.idempotencyKey, hash, status: 201, now: meta.now },
    (tx) => takeShares(db, tx, actor, input, meta),
  );
}

/**
 * claimWish for a request: run in the connection's commit group (server/db/client.ts), so
 * claims arriving together share one fsync, and answered only once that commit is on disk.
 */
export function claimWishDurably(
  db: Db,
  actor: Actor,
  input: { wishId: string; shares: number; idempotencyKey: string; maxActive: number },
  meta: RequestMeta,
): Promise<Claim> {
  return commitGroupOf(db).run(() => claimWish(db, actor, input, meta));
}

// The claim's statements, compiled once per connection (each claim only binds its values).
const ph = sql.placeholder;
const taken = sql`${wishes.sharesTaken} + ${ph('shares')}`;
const statements = preparedPerDb((db) => ({
  wish: db
    .select()
    .from(wishes)
    .where(eq(wishes.publicId, ph('publicId')))
    .prepare(),
  held: db
    .select({ wishId: claims.wishId, n: count() })
    .from(claims)
    .where(and(eq(claims.donorUserId, ph('userId')), inArray(claims.stage, ACTIVE_CLAIM_STAGES)))
    .groupBy(claims.wishId)
    .prepare(),
  // Takes the shares only if the wish is still published and has them (the CHECK backs it up).
  take: db
    .update(wishes)
    .set({
      sharesTaken: taken,
      status: sql`CASE WHEN ${taken} = ${wishes.shares} THEN ${CLAIMED} ELSE ${wishes.status} END`,
      claimedAt: sql`CASE WHEN ${taken} = ${wishes.shares} THEN ${ph('now')} ELSE ${wishes.claimedAt} END`,
      updatedAt: sql`${ph('now')}`,
      version: sql`${wishes.version} + 1`,
    })
    .where(
      and(eq(wishes.id, ph('wishId')), eq(wishes.status, 'published'), sql`${taken} <= ${wishes.shares}`),
    )
    .prepare(),
  claim: db
    .insert(claims)
    .values({
      publicId: ph('publicId'),
      wishId: ph('wishId'),
      donorUserId: ph('userId'),
      shares: ph('shares'),
      stage: 'claimed',
      claimedAt: ph('now'),
      deadlineAt: ph('deadlineAt'),
      updatedAt: ph('now'),
    })
    .returning({ id: claims.id, publicId: claims.publicId })
    .prepare(),
  event: db
    .insert(fulfilmentEvents)
    .values({
      wishId: ph('wishId'),
      claimId: ph('claimId'),
      kind: 'claimed',
      actorUserId: ph('userId'),
      at: ph('now'),
      details: ph('details'),
    })
    .prepare(),
  site: db
    .select({ name: handoverSites.name })
    .from(handoverSites)
    .where(eq(handoverSites.id, ph('siteId')))
    .prepare(),
  row: claimRows(db, eq(claims.id, ph('claimId'))).prepare(),
}));

function takeShares(
  db: Db,
  tx: Tx,
  actor: Actor,
  input: { wishId: string; shares: number; maxActive: number },
  meta: RequestMeta,
): Claim {
  const { now } = meta;
  const q = statements(db);
  const wish = q.wish.get({ publicId: input.wishId });
  if (!wish || !(PUBLIC_WISH_STATUSES as readonly string[]).includes(wish.status)) {
    throw new AppError('WISH_NOT_FOUND');
  }
  const held = q.held.all({ userId: actor.userId });
  const refusal = claimRefusal(
    wish,
    input.shares,
    {
      activeClaims: held.reduce((sum, h) => sum + h.n, 0),
      maxActive: input.maxActive,
      holdsClaim: held.some((h) => h.wishId === wish.id),
    },
    now,
  );
  if (refusal) {
    throw new AppError(refusal, {
      details: { sharesLeft: wish.shares - wish.sharesTaken, maxActive: input.maxActive },
    });
  }

  const update = q.take.run({ shares: input.shares, now, wishId: wish.id });
  if (update.changes !== 1) {
    throw new AppError(wish.shares === 1 ? 'WISH_ALREADY_CLAIMED' : 'NO_SHARES_LEFT');
  }

  const deadlineAt = claimDeadline(wish.urgency, now);
  const claim = q.claim.get({
    publicId: newPublicId(),
    wishId: wish.id,
    userId: actor.userId,
    shares: input.shares,
    now,
    deadlineAt,
  });
  if (!claim) throw new Error('the claim was not stored');
  q.event.run({
    wishId: wish.id,
    claimId: claim.id,
    userId: actor.userId,
    now,
    details: { shares: input.shares },
  });
  recordAudit(
    tx,
    {
      actorUserId: actor.userId,
      action: 'claim.create',
      outcome: 'ok',
      targetType: 'wish',
      targetId: wish.publicId,
      details: { claim: claim.publicId, shares: input.shares },
    },
    meta,
  );
  const site = q.site.get({ siteId: wish.handoverSiteId });
  notify(
    tx,
    {
      userId: actor.userId,
      kind: 'claim_confirmed',
      vars: { wishTitle: wish.title, deadlineAt, siteName: site?.name },
      link: links.claim(claim.publicId),
      wishId: wish.id,
      claimId: claim.id,
    },
    now,
  );
  const row = q.row.get({ claimId: claim.id });
  if (!row) throw new Error('claim vanished inside its own transaction');
  return claimView(row, 'donor');
}

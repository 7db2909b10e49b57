import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { claimDeadline } from '../../../shared/claim-deadline';
import { ACTIVE_CLAIM_STAGES, PUBLIC_WISH_STATUSES, type WishStatus } from '../../../shared/constants';
import type { Claim } from '../../../shared/schemas/claims';
import { nextWishStatus } from '../../../shared/wish-lifecycle';
import type { Db } from '../../db/client';
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
    (tx) => takeShares(tx, actor, input, meta),
  );
}

function takeShares(
  tx: Tx,
  actor: Actor,
  input: { wishId: string; shares: number; maxActive: number },
  meta: RequestMeta,
): Claim {
  const { now } = meta;
  const wish = tx.select().from(wishes).where(eq(wishes.publicId, input.wishId)).get();
  if (!wish || !(PUBLIC_WISH_STATUSES as readonly string[]).includes(wish.status)) {
    throw new AppError('WISH_NOT_FOUND');
  }
  const active = inArray(claims.stage, ACTIVE_CLAIM_STAGES);
  const held = tx
    .select({ wishId: claims.wishId, n: count() })
    .from(claims)
    .where(and(eq(claims.donorUserId, actor.userId), active))
    .groupBy(claims.wishId)
    .all();
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

  const taken = sql`${wishes.sharesTaken} + ${input.shares}`;
  const update = tx
    .update(wishes)
    .set({
      sharesTaken: taken,
      status: sql`CASE WHEN ${taken} = ${wishes.shares} THEN ${CLAIMED} ELSE ${wishes.status} END`,
      claimedAt: sql`CASE WHEN ${taken} = ${wishes.shares} THEN ${now} ELSE ${wishes.claimedAt} END`,
      updatedAt: now,
      version: sql`${wishes.version} + 1`,
    })
    .where(and(eq(wishes.id, wish.id), eq(wishes.status, 'published'), sql`${taken} <= ${wishes.shares}`))
    .run();
  if (update.changes !== 1) {
    throw new AppError(wish.shares === 1 ? 'WISH_ALREADY_CLAIMED' : 'NO_SHARES_LEFT');
  }

  const deadlineAt = claimDeadline(wish.urgency, now);
  const claim = tx
    .insert(claims)
    .values({
      publicId: newPublicId(),
      wishId: wish.id,
      donorUserId: actor.userId,
      shares: input.shares,
      stage: 'claimed',
      claimedAt: now,
      deadlineAt,
      updatedAt: now,
    })
    .returning({ id: claims.id, publicId: claims.publicId })
    .get();
  tx.insert(fulfilmentEvents)
    .values({
      wishId: wish.id,
      claimId: claim.id,
      kind: 'claimed',
      actorUserId: actor.userId,
      at: now,
      details: { shares: input.shares },
    })
    .run();
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
  const site = tx
    .select({ name: handoverSites.name })
    .from(handoverSites)
    .where(eq(handoverSites.id, wish.handoverSiteId))
    .get();
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
  const row = claimRows(tx, eq(claims.id, claim.id)).get();
  if (!row) throw new Error('claim vanished inside its own transaction');
  return claimView(row, 'donor');
}

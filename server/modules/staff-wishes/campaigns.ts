import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { chinaDate, chinaDayEnd, chinaDayStart } from '../../../shared/china-date';
import type { Campaign, CreateCampaignInput } from '../../../shared/schemas/staff-wishes';
import type { PublicCampaign } from '../../../shared/schemas/wishes';
import type { Db } from '../../db/client';
import { campaigns, organizations, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import { newPublicId } from '../../ids';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import { can } from '../access/policy';
import { currentOrgId } from '../access/staff-scope';
import { recordAudit, type RequestMeta } from '../audit/record-audit';

type CampaignRow = typeof campaigns.$inferSelect;

export function campaignState(c: Pick<CampaignRow, 'startsOn' | 'endsAt'>, now: number): Campaign['state'] {
  if (now >= c.endsAt) return 'ended';
  return now < chinaDayStart(c.startsOn) ? 'upcoming' : 'running';
}

function toCampaign(c: CampaignRow, publishedWishes: number, now: number): Campaign {
  return {
    id: c.publicId,
    title: c.title,
    description: c.description,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    targetWishCount: c.targetWishCount,
    publishedWishes,
    state: campaignState(c, now),
  };
}

/**
 * The current organization's campaigns, newest end first, with how many wishes went public.
 * Finance reads no files but lists campaigns too: a donation or purchase names a campaign's fund.
 */
export function listStaffCampaigns(db: Db, actor: Actor, meta: RequestMeta): { items: Campaign[] } {
  const orgId = currentOrgId(actor);
  assertCan(
    db,
    actor,
    can(actor, 'ledger.read', { orgId }) ? 'ledger.read' : 'beneficiary.read',
    { orgId },
    meta,
  );
  const rows = db
    .select({
      campaign: campaigns,
      // Spelled out: in a one-table query drizzle leaves columns unqualified, and a bare "id"
      // inside the subquery would mean the wish's own id.
      published: sql<number>`(SELECT count(*) FROM ${wishes} w WHERE w.campaign_id = "campaigns"."id"
        AND w.status IN ('published', 'claimed', 'delivered', 'confirmed'))`,
    })
    .from(campaigns)
    .where(eq(campaigns.orgId, orgId))
    .orderBy(desc(campaigns.endsAt))
    .all();
  return { items: rows.map((r) => toCampaign(r.campaign, r.published, meta.now)) };
}

/** Org admins and reviewers start a round of wishes. Dates are China calendar dates. */
export function createCampaign(
  db: Db,
  actor: Actor,
  input: CreateCampaignInput,
  meta: RequestMeta,
): Campaign {
  const orgId = currentOrgId(actor);
  assertCan(db, actor, 'campaign.manage', { orgId }, meta);
  if (input.endsOn < input.startsOn || input.endsOn < chinaDate(meta.now)) {
    throw new AppError('CAMPAIGN_DATES_INVALID');
  }
  return db.transaction(
    (tx) => {
      const row = tx
        .insert(campaigns)
        .values({
          publicId: newPublicId(),
          orgId,
          title: input.title,
          description: input.description ?? null,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          endsAt: chinaDayEnd(input.endsOn),
          targetWishCount: input.targetWishCount,
          createdBy: actor.userId,
          createdAt: meta.now,
        })
        .returning()
        .get();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'campaign.created',
          outcome: 'ok',
          targetType: 'campaign',
          targetId: row.publicId,
        },
        meta,
      );
      return toCampaign(row, 0, meta.now);
    },
    { behavior: 'immediate' },
  );
}

/** Campaigns donors can filter by: running or upcoming, soonest ending first. */
export function listPublicCampaigns(db: Db, now: number): { items: PublicCampaign[] } {
  const rows = db
    .select({ campaign: campaigns, organization: organizations.name })
    .from(campaigns)
    .innerJoin(organizations, eq(organizations.id, campaigns.orgId))
    .where(gt(campaigns.endsAt, now))
    .orderBy(campaigns.endsAt)
    .all();
  return {
    items: rows.map((r) => ({
      id: r.campaign.publicId,
      title: r.campaign.title,
      organization: r.organization,
      startsOn: r.campaign.startsOn,
      endsOn: r.campaign.endsOn,
    })),
  };
}

/**
 * Published wishes whose campaign has ended leave the feed as expired (claimed ones carry on),
 * each with its audit event in the same transaction. Run by the server's sweeper; safe to run
 * twice — the second run finds nothing to do.
 */
export function expireEndedCampaignWishes(db: Db, now: number): number {
  return db.transaction(
    (tx) => {
      const expired = tx
        .update(wishes)
        .set({ status: 'expired', updatedAt: now, version: sql`${wishes.version} + 1` })
        .where(and(eq(wishes.status, 'published'), sql`${wishes.expiresAt} <= ${now}`))
        .returning({ publicId: wishes.publicId })
        .all();
      for (const wish of expired) {
        recordAudit(
          tx,
          {
            actorUserId: null,
            action: 'wish.expired',
            outcome: 'ok',
            targetType: 'wish',
            targetId: wish.publicId,
          },
          { ip: 'sweeper', requestId: 'sweeper', now },
        );
      }
      return expired.length;
    },
    { behavior: 'immediate' },
  );
}

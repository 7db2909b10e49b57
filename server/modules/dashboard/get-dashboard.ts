import { and, asc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { URGENCY_LEVELS, type UrgencyLevel } from '../../../shared/constants';
import type { Dashboard, DashboardQuery, OverdueClaim } from '../../../shared/schemas/dashboard';
import type { Db } from '../../db/client';
import { campaigns, claims, users, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import { can } from '../access/policy';
import { currentOrgId, pathWithin, regionPathsFor } from '../access/staff-scope';
import type { RequestMeta } from '../audit/record-audit';
import { fundsOf } from '../ledger/read-ledger';
import { periodBounds, rate, urgencyTimings } from './dashboard-figures';

/** Claims past their deadline whose gift is not on its way: the donor is the one to call. */
const OVERDUE_STAGES = ['claimed', 'purchased', 'problem'] as const;
/** The longest overdue list shown (oldest deadline first); more than this is a different problem. */
const OVERDUE_LIMIT = 50;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The charity dashboard of the actor's current organization. Who: holders of ledger.read or
 * fulfilment.read there (finance, org admins, reviewers, caseworkers). Wish figures and overdue
 * claims (with the donor's phone, as staff claim views show it) cover the regions where the actor
 * reads fulfilment; fund balances only for those who read the books. The period (China dates)
 * selects wishes by when they were published; open wishes, overdue claims and balances are now.
 */
export function getDashboard(db: Db, actor: Actor, query: DashboardQuery, meta: RequestMeta): Dashboard {
  const orgId = currentOrgId(actor);
  const readsBooks = can(actor, 'ledger.read', { orgId });
  const paths = regionPathsFor(actor, orgId, 'fulfilment.read');
  if (!readsBooks && paths.length === 0) {
    assertCan(db, actor, 'fulfilment.read', { orgId }, meta, { type: 'dashboard', id: String(orgId) });
  }
  const campaign = query.campaignId ? campaignOf(db, orgId, query.campaignId) : null;
  const ofActor: SQL[] = [
    eq(wishes.orgId, orgId),
    sql`(${pathWithin(wishes.regionPath, paths)})`,
    ...(campaign ? [eq(wishes.campaignId, campaign.id)] : []),
  ];
  const { start, end } = periodBounds(query.from, query.to);
  const published = and(
    ...ofActor,
    isNotNull(wishes.publishedAt),
    ...(Number.isFinite(start) ? [gte(wishes.publishedAt, start)] : []),
    ...(Number.isFinite(end) ? [lt(wishes.publishedAt, end)] : []),
  );

  const funds = readsBooks ? fundsOf(db, orgId).funds : null;
  return {
    period: { from: query.from ?? null, to: query.to ?? null },
    campaign: campaign && { id: campaign.publicId, title: campaign.title },
    generatedAt: iso(meta.now),
    openWishes: openWishes(db, and(...ofActor), meta.now),
    claimRate: claimRate(db, published),
    timing: urgencyTimings(publishedTimes(db, published), meta.now, URGENCY_LEVELS),
    overdueClaims: overdueClaims(db, and(...ofActor), meta.now),
    funds: funds && (campaign ? [campaignFund(funds, campaign)] : funds),
  };
}

/** One campaign's fund, at 0 before any money reached it. */
function campaignFund(funds: NonNullable<Dashboard['funds']>, c: { publicId: string; title: string }) {
  return funds.find((f) => f.fund === c.publicId) ?? { fund: c.publicId, title: c.title, balanceFen: 0 };
}

function campaignOf(db: Db, orgId: number, publicId: string) {
  const row = db
    .select({ id: campaigns.id, publicId: campaigns.publicId, title: campaigns.title })
    .from(campaigns)
    .where(and(eq(campaigns.publicId, publicId), eq(campaigns.orgId, orgId)))
    .get();
  if (!row) throw new AppError('CAMPAIGN_NOT_FOUND');
  return row;
}

/** Published wishes still in the feed (a campaign's end not reached), by urgency. */
function openWishes(db: Db, ofActor: SQL | undefined, now: number): Dashboard['openWishes'] {
  const rows = db
    .select({
      urgency: wishes.urgency,
      count: sql<number>`count(*)`,
      shares: sql<number>`coalesce(sum(${wishes.shares} - ${wishes.sharesTaken}), 0)`,
    })
    .from(wishes)
    .where(
      and(ofActor, eq(wishes.status, 'published'), or(isNull(wishes.expiresAt), gt(wishes.expiresAt, now))),
    )
    .groupBy(wishes.urgency)
    .all();
  const byLevel = new Map(rows.map((r) => [r.urgency, r]));
  return URGENCY_LEVELS.map((urgency) => ({
    urgency,
    count: byLevel.get(urgency)?.count ?? 0,
    shares: byLevel.get(urgency)?.shares ?? 0,
  }));
}

function claimRate(db: Db, published: SQL | undefined): Dashboard['claimRate'] {
  const row = db
    .select({
      wishes: sql<number>`count(*)`,
      shares: sql<number>`coalesce(sum(${wishes.shares}), 0)`,
      taken: sql<number>`coalesce(sum(${wishes.sharesTaken}), 0)`,
    })
    .from(wishes)
    .where(published)
    .get() ?? { wishes: 0, shares: 0, taken: 0 };
  return {
    wishes: row.wishes,
    publishedShares: row.shares,
    claimedShares: row.taken,
    rate: rate(row.taken, row.shares),
  };
}

const CLAIMED_OR_LATER = new Set(['claimed', 'delivered', 'confirmed']);
const DELIVERED = new Set(['delivered', 'confirmed']);
const OPEN = new Set(['published', 'claimed']);

function publishedTimes(db: Db, published: SQL | undefined) {
  return db
    .select({
      urgency: wishes.urgency,
      status: wishes.status,
      publishedAt: wishes.publishedAt,
      claimedAt: wishes.claimedAt,
      deliveredAt: wishes.deliveredAt,
    })
    .from(wishes)
    .where(published)
    .all()
    .map((w) => ({
      urgency: w.urgency as UrgencyLevel,
      publishedAt: w.publishedAt as number,
      claimedAt: CLAIMED_OR_LATER.has(w.status) ? w.claimedAt : null,
      deliveredAt: DELIVERED.has(w.status) ? w.deliveredAt : null,
      open: OPEN.has(w.status),
    }));
}

function overdueClaims(db: Db, ofActor: SQL | undefined, now: number): OverdueClaim[] {
  return db
    .select({
      claim: claims,
      wish: {
        id: wishes.publicId,
        title: wishes.title,
        pseudonym: wishes.pseudonym,
        urgency: wishes.urgency,
      },
      donor: { name: users.displayName, phone: users.phone },
    })
    .from(claims)
    .innerJoin(wishes, eq(wishes.id, claims.wishId))
    .innerJoin(users, eq(users.id, claims.donorUserId))
    .where(and(ofActor, inArray(claims.stage, OVERDUE_STAGES), lte(claims.deadlineAt, now)))
    .orderBy(asc(claims.deadlineAt), asc(claims.id))
    .limit(OVERDUE_LIMIT)
    .all()
    .map(({ claim, wish, donor }) => ({
      claimId: claim.publicId,
      wish: { ...wish, urgency: wish.urgency as UrgencyLevel },
      stage: claim.stage as OverdueClaim['stage'],
      shares: claim.shares,
      claimedAt: iso(claim.claimedAt),
      deadlineAt: iso(claim.deadlineAt),
      donor,
    }));
}

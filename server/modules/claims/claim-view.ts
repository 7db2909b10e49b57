import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  CLAIM_EVENT_ACTORS,
  CLAIM_TRANSITIONS,
  donorSteps,
  nextClaimStage,
  type ClaimEvent,
} from '../../../shared/claim-lifecycle';
import type { Claim, ClaimDetail, TimelineEntry } from '../../../shared/schemas/claims';
import type { Photo } from '../../../shared/schemas/media';
import type { DbOrTx } from '../../db/tx';
import {
  claims,
  fulfilmentEvents,
  handoverSites,
  organizations,
  regions,
  users,
  wishes,
} from '../../db/schema';
import { sharesValueFen } from './claim-rules';

/** Who looks at a claim: its donor, or staff of the wish's organization. */
export type ClaimViewer = 'donor' | 'staff';

/** Photos of timeline steps, by event id, as this viewer may see them (built by the route layer). */
export type EventPhotos = (eventIds: number[], viewer: ClaimViewer) => Map<number, Photo[]>;

const iso = (ms: number) => new Date(ms).toISOString();

export const claimColumns = {
  claim: claims,
  wish: {
    id: wishes.id,
    publicId: wishes.publicId,
    title: wishes.title,
    pseudonym: wishes.pseudonym,
    kind: wishes.kind,
    urgency: wishes.urgency,
    quantity: wishes.quantity,
    estimatedValueFen: wishes.estimatedValueFen,
    shares: wishes.shares,
    sharesTaken: wishes.sharesTaken,
    status: wishes.status,
    orgId: wishes.orgId,
    regionPath: wishes.regionPath,
    createdBy: wishes.createdBy,
  },
  site: {
    name: handoverSites.name,
    address: handoverSites.address,
    contactPhone: handoverSites.contactPhone,
  },
  siteTown: regions.name,
  organization: organizations.name,
  donor: { name: users.displayName, phone: users.phone },
  /** Shares paid through WeChat Pay (a paid order points at this claim). */
  paidOnline: sql<number>`EXISTS (SELECT 1 FROM pay_orders WHERE pay_orders.claim_id = ${claims.id})`,
};

/** Claims with their wish, hand-over site and donor, matching `where`, oldest first unless ordered. */
export function claimRows(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(claimColumns)
    .from(claims)
    .innerJoin(wishes, eq(wishes.id, claims.wishId))
    .innerJoin(handoverSites, eq(handoverSites.id, wishes.handoverSiteId))
    .innerJoin(regions, eq(regions.id, handoverSites.regionId))
    .innerJoin(organizations, eq(organizations.id, wishes.orgId))
    .innerJoin(users, eq(users.id, claims.donorUserId))
    .where(where);
}

export type ClaimRow = ReturnType<ReturnType<typeof claimRows>['all']>[number];

/** The steps staff take on one claim (hand-over and thank-you concern the whole wish). */
const STAFF_CLAIM_STEPS: ClaimEvent[] = ['receive'];

/** What a claim shows of its wish (its public side). */
export function wishSummary(w: Omit<Claim['wish'], 'id'> & { publicId: string }): Claim['wish'] {
  return {
    id: w.publicId,
    title: w.title,
    pseudonym: w.pseudonym,
    kind: w.kind,
    urgency: w.urgency,
    quantity: w.quantity,
    estimatedValueFen: w.estimatedValueFen,
    shares: w.shares,
    status: w.status,
  };
}

/** A claim as `viewer` sees it: the donor's contact only for staff, the buttons for the viewer. */
export function claimView(row: ClaimRow, viewer: ClaimViewer): Claim {
  const c = row.claim;
  const actions =
    viewer === 'donor'
      ? donorSteps(c.stage)
      : STAFF_CLAIM_STEPS.filter((e) => nextClaimStage(c.stage, e) !== null);
  return {
    id: c.publicId,
    wish: wishSummary(row.wish),
    shares: c.shares,
    valueFen: sharesValueFen(row.wish.estimatedValueFen, row.wish.shares, c.shares),
    stage: c.stage,
    claimedAt: iso(c.claimedAt),
    deadlineAt: iso(c.deadlineAt),
    endedAt: c.endedAt === null ? null : iso(c.endedAt),
    shipping: c.shippingMode
      ? { mode: c.shippingMode, carrier: c.carrier, trackingNumber: c.trackingNumber }
      : null,
    handoverSite: {
      name: row.site.name,
      town: row.siteTown,
      organization: row.organization,
      address: row.site.address,
      contactPhone: row.site.contactPhone,
    },
    paidOnline: Boolean(row.paidOnline),
    actions,
    donor: viewer === 'staff' ? { name: row.donor.name, phone: row.donor.phone } : null,
  };
}

/**
 * A wish's timeline: for a donor, the steps of their own claim and of the whole wish (hand-over,
 * thank-you); for staff, every step of every claim.
 */
export function timeline(
  db: DbOrTx,
  scope: { wishId: number; claimId?: number },
  viewer: ClaimViewer,
  photos: EventPhotos,
): TimelineEntry[] {
  const claimFilter =
    scope.claimId === undefined
      ? undefined
      : or(eq(fulfilmentEvents.claimId, scope.claimId), isNull(fulfilmentEvents.claimId));
  const events = db
    .select({ event: fulfilmentEvents, claimPublicId: claims.publicId })
    .from(fulfilmentEvents)
    .leftJoin(claims, eq(claims.id, fulfilmentEvents.claimId))
    .where(and(eq(fulfilmentEvents.wishId, scope.wishId), claimFilter))
    .orderBy(asc(fulfilmentEvents.id))
    .all();
  const byEvent = photos(
    events.map((e) => e.event.id),
    viewer,
  );
  return events.map(({ event: e, claimPublicId }) => {
    const d = e.details ?? {};
    return {
      kind: e.kind,
      at: iso(e.at),
      by: e.actorUserId === null ? 'system' : STAFF_KINDS.has(e.kind) ? 'staff' : 'donor',
      claimId: claimPublicId,
      shares: d.shares ?? null,
      shippingMode: (d.shippingMode as TimelineEntry['shippingMode']) ?? null,
      carrier: d.carrier ?? null,
      trackingNumber: d.trackingNumber ?? null,
      quantity: d.quantity ?? null,
      condition: (d.condition as TimelineEntry['condition']) ?? null,
      note: d.note ?? d.reason ?? null,
      text: d.text ?? null,
      photos: byEvent.get(e.id) ?? [],
    };
  });
}

/** Steps staff take (everything else is the donor's or the sweeper's). */
const STAFF_KINDS = new Set<string>(
  (Object.keys(CLAIM_TRANSITIONS) as ClaimEvent[])
    .filter((e) => CLAIM_EVENT_ACTORS[e] === 'staff')
    .map((e) => CLAIM_TRANSITIONS[e].to),
);

/** One claim with its timeline, for `viewer`. */
export function claimDetail(
  db: DbOrTx,
  claimId: number,
  viewer: ClaimViewer,
  photos: EventPhotos,
): ClaimDetail {
  const row = claimRows(db, eq(claims.id, claimId)).get();
  if (!row) throw new Error(`claim ${claimId} vanished`);
  return {
    ...claimView(row, viewer),
    timeline: timeline(db, { wishId: row.wish.id, claimId }, viewer, photos),
  };
}

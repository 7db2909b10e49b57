import { eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { StaffWish } from '../../../shared/schemas/staff-wishes';
import type { DbOrTx } from '../../db/tx';
import {
  beneficiaries,
  beneficiaryConsents,
  campaigns,
  handoverSites,
  regions,
  users,
  wishes,
} from '../../db/schema';

const town = alias(regions, 'town');
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Wishes with what staff see beside them (file's public side, places, campaign, author). */
export function staffWishQuery(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      wish: wishes,
      fileId: beneficiaries.publicId,
      consentGiven: sql<number>`EXISTS (
        SELECT 1 FROM ${beneficiaryConsents} c
        WHERE c.beneficiary_id = ${wishes.beneficiaryId} AND c.withdrawn_at IS NULL)`,
      regionId: regions.publicId,
      regionName: regions.name,
      townId: town.publicId,
      townName: town.name,
      siteId: handoverSites.publicId,
      siteName: handoverSites.name,
      campaignId: campaigns.publicId,
      campaignTitle: campaigns.title,
      campaignEndsOn: campaigns.endsOn,
      createdBy: users.displayName,
    })
    .from(wishes)
    .innerJoin(beneficiaries, eq(beneficiaries.id, wishes.beneficiaryId))
    .innerJoin(regions, eq(regions.id, beneficiaries.regionId))
    .innerJoin(town, eq(town.id, wishes.townId))
    .innerJoin(handoverSites, eq(handoverSites.id, wishes.handoverSiteId))
    .leftJoin(campaigns, eq(campaigns.id, wishes.campaignId))
    .innerJoin(users, eq(users.id, wishes.createdBy))
    .where(where);
}

export type StaffWishRow = Awaited<ReturnType<ReturnType<typeof staffWishQuery>['all']>>[number];

export function toStaffWish(r: StaffWishRow): StaffWish {
  const w = r.wish;
  return {
    id: w.publicId,
    status: w.status,
    title: w.title,
    description: w.description,
    kind: w.kind,
    quantity: w.quantity,
    estimatedValueFen: w.estimatedValueFen,
    shares: w.shares,
    beneficiary: {
      id: r.fileId,
      pseudonym: w.pseudonym,
      age: w.age,
      gender: w.gender,
      category: w.category,
      urgency: w.urgency,
      story: w.story,
      consentGiven: r.consentGiven === 1,
    },
    region: { id: r.regionId, name: r.regionName },
    town: { id: r.townId, name: r.townName },
    handoverSite: { id: r.siteId, name: r.siteName },
    campaign:
      r.campaignId && r.campaignTitle && r.campaignEndsOn
        ? { id: r.campaignId, title: r.campaignTitle, endsOn: r.campaignEndsOn }
        : null,
    contentCheck: w.contentCheck,
    returnReason: w.returnReason,
    createdBy: r.createdBy,
    createdAt: new Date(w.createdAt).toISOString(),
    updatedAt: new Date(w.updatedAt).toISOString(),
    submittedAt: iso(w.submittedAt),
    reviewedAt: iso(w.reviewedAt),
    publishedAt: iso(w.publishedAt),
    version: w.version,
  };
}

export function staffWishById(db: DbOrTx, id: number): StaffWish {
  const row = staffWishQuery(db, eq(wishes.id, id)).get();
  if (!row) throw new Error(`wish ${id} vanished`);
  return toStaffWish(row);
}

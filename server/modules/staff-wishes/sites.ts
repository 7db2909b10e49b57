import { asc, eq } from 'drizzle-orm';
import type { HandoverSite } from '../../../shared/schemas/staff-wishes';
import type { Db } from '../../db/client';
import { handoverSites, organizations, regions } from '../../db/schema';
import { AppError } from '../../app-error';
import { newPublicId } from '../../ids';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import { currentOrgId } from '../access/staff-scope';
import { recordAudit, type RequestMeta } from '../audit/record-audit';

/** The current organization's hand-over sites. */
export function listSites(db: Db, actor: Actor, meta: RequestMeta): { items: HandoverSite[] } {
  const orgId = currentOrgId(actor);
  assertCan(db, actor, 'beneficiary.read', { orgId }, meta);
  const rows = db
    .select({
      id: handoverSites.publicId,
      name: handoverSites.name,
      address: handoverSites.address,
      contactPhone: handoverSites.contactPhone,
      regionId: regions.publicId,
      regionName: regions.name,
    })
    .from(handoverSites)
    .innerJoin(regions, eq(regions.id, handoverSites.regionId))
    .where(eq(handoverSites.orgId, orgId))
    .orderBy(asc(handoverSites.name))
    .all();
  return {
    items: rows.map((s) => ({
      id: s.id,
      name: s.name,
      region: { id: s.regionId, name: s.regionName },
      address: s.address,
      contactPhone: s.contactPhone,
    })),
  };
}

/** An organization admin adds a site inside the organization's region. */
export function createSite(
  db: Db,
  actor: Actor,
  input: { name: string; regionId: string; address?: string | null; contactPhone?: string | null },
  meta: RequestMeta,
): HandoverSite {
  const orgId = currentOrgId(actor);
  assertCan(db, actor, 'site.manage', { orgId }, meta);
  return db.transaction(
    (tx) => {
      const region = tx.select().from(regions).where(eq(regions.publicId, input.regionId)).get();
      if (!region) throw new AppError('REGION_NOT_FOUND');
      const org = tx
        .select({ path: regions.path })
        .from(organizations)
        .innerJoin(regions, eq(regions.id, organizations.regionId))
        .where(eq(organizations.id, orgId))
        .get();
      if (!org || !region.path.startsWith(org.path)) throw new AppError('REGION_OUTSIDE_ORG');
      const publicId = newPublicId();
      tx.insert(handoverSites)
        .values({
          publicId,
          orgId,
          regionId: region.id,
          name: input.name,
          address: input.address ?? null,
          contactPhone: input.contactPhone ?? null,
          createdAt: meta.now,
        })
        .run();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'site.created',
          outcome: 'ok',
          targetType: 'site',
          targetId: publicId,
        },
        meta,
      );
      return {
        id: publicId,
        name: input.name,
        region: { id: region.publicId, name: region.name },
        address: input.address ?? null,
        contactPhone: input.contactPhone ?? null,
      };
    },
    { behavior: 'immediate' },
  );
}

import { asc, eq } from 'drizzle-orm';
import type { OrganizationKind } from '../../../shared/constants';
import type { Organization } from '../../../shared/schemas/orgs';
import type { Db } from '../../db/client';
import { organizations, regions } from '../../db/schema';
import { AppError } from '../../app-error';
import { newPublicId } from '../../ids';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';

export function listOrganizations(db: Db): { items: Organization[] } {
  const rows = db
    .select({
      id: organizations.publicId,
      name: organizations.name,
      kind: organizations.kind,
      regionId: regions.publicId,
      regionName: regions.name,
    })
    .from(organizations)
    .innerJoin(regions, eq(regions.id, organizations.regionId))
    .orderBy(asc(organizations.id))
    .all();
  return {
    items: rows.map(({ regionId, regionName, ...o }) => ({
      ...o,
      region: { id: regionId, name: regionName },
    })),
  };
}

export function createOrganization(
  db: Db,
  actor: Actor,
  input: { name: string; kind: OrganizationKind; regionId: string },
  meta: RequestMeta,
): Organization {
  return db.transaction(
    (tx) => {
      const region = tx.select().from(regions).where(eq(regions.publicId, input.regionId)).get();
      if (!region) throw new AppError('REGION_NOT_FOUND');
      const publicId = newPublicId();
      tx.insert(organizations)
        .values({ publicId, name: input.name, kind: input.kind, regionId: region.id, createdAt: meta.now })
        .run();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'organization.created',
          outcome: 'ok',
          targetType: 'organization',
          targetId: publicId,
        },
        meta,
      );
      return {
        id: publicId,
        name: input.name,
        kind: input.kind,
        region: { id: region.publicId, name: region.name },
      };
    },
    { behavior: 'immediate' },
  );
}

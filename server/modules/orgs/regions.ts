import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { RegionLevel } from '../../../shared/constants';
import type { Region } from '../../../shared/schemas/orgs';
import type { Db } from '../../db/client';
import { regions } from '../../db/schema';
import { AppError } from '../../app-error';
import { newPublicId } from '../../ids';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';

const parent = alias(regions, 'parent');

/** The whole region tree, flat, parents before children. Town and village names are not secret. */
export function listRegions(db: Db): { items: Region[] } {
  const items = db
    .select({ id: regions.publicId, name: regions.name, level: regions.level, parentId: parent.publicId })
    .from(regions)
    .leftJoin(parent, eq(parent.id, regions.parentId))
    .orderBy(asc(regions.path))
    .all();
  return { items };
}

const CHILD_LEVEL: Record<RegionLevel, RegionLevel | null> = {
  county: 'town',
  town: 'village',
  village: null,
};

export function createRegion(
  db: Db,
  actor: Actor,
  input: { parentId?: string; name: string },
  meta: RequestMeta,
): Region {
  return db.transaction(
    (tx) => {
      const above = input.parentId
        ? tx.select().from(regions).where(eq(regions.publicId, input.parentId)).get()
        : undefined;
      if (input.parentId && !above) throw new AppError('REGION_NOT_FOUND');
      const level = above ? CHILD_LEVEL[above.level] : 'county';
      if (!level) throw new AppError('REGION_TOO_DEEP');
      const publicId = newPublicId();
      tx.insert(regions)
        .values({
          publicId,
          parentId: above?.id ?? null,
          level,
          name: input.name,
          path: `${above?.path ?? '/'}${publicId}/`,
        })
        .run();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'region.created',
          outcome: 'ok',
          targetType: 'region',
          targetId: publicId,
        },
        meta,
      );
      return { id: publicId, name: input.name, level, parentId: above?.publicId ?? null };
    },
    { behavior: 'immediate' },
  );
}

import { and, eq, inArray } from 'drizzle-orm';
import { ageFromBirthYear } from '../../../shared/public-age';
import type { Tx } from '../../db/tx';
import { regions, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import type { FileRow } from './find-file';

/** What a wish copies from its file's public side (see the wishes table). */
export function fileSnapshot(file: FileRow, now: number) {
  return {
    pseudonym: file.pseudonym,
    story: file.story,
    age: ageFromBirthYear(file.birthYear, now),
    gender: file.gender,
    category: file.category,
    urgency: file.urgency,
    townId: file.townId,
    regionPath: file.regionPath,
  };
}

/**
 * After a file's public side changed: wishes not yet public take the new copy. Published wishes
 * keep what the reviewer approved.
 */
export function refreshWishSnapshots(tx: Tx, file: FileRow, now: number): void {
  tx.update(wishes)
    .set({ ...fileSnapshot(file, now), updatedAt: now })
    .where(and(eq(wishes.beneficiaryId, file.id), inArray(wishes.status, ['draft', 'returned', 'in_review'])))
    .run();
}

/** A file's place: a village or a town (never the county), and the town it lies in. */
export function resolveFileRegion(tx: Tx, regionPublicId: string) {
  const region = tx.select().from(regions).where(eq(regions.publicId, regionPublicId)).get();
  if (!region) throw new AppError('REGION_NOT_FOUND');
  if (region.level === 'county') throw new AppError('REGION_OUTSIDE_SCOPE');
  const townId = region.level === 'town' ? region.id : region.parentId;
  if (townId === null) throw new Error(`village ${region.id} has no town`);
  return { regionId: region.id, townId, regionPath: region.path };
}

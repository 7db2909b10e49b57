import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { BeneficiaryFile, BeneficiarySummary } from '../../../shared/schemas/beneficiaries';
import { ageFromBirthYear } from '../../../shared/public-age';
import type { DbOrTx } from '../../db/tx';
import {
  beneficiaries,
  beneficiaryConsents,
  beneficiaryRestricted,
  beneficiaryRevisions,
  regions,
  users,
} from '../../db/schema';

const town = alias(regions, 'town');
const OPEN_STATUSES = sql.raw(`('draft', 'in_review', 'returned', 'published', 'claimed', 'delivered')`);

/** The public side of files with their region, town, consent in force and open-wish count. */
export function summaryQuery(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      dbId: beneficiaries.id,
      orgId: beneficiaries.orgId,
      regionPath: beneficiaries.regionPath,
      id: beneficiaries.publicId,
      pseudonym: beneficiaries.pseudonym,
      birthYear: beneficiaries.birthYear,
      gender: beneficiaries.gender,
      category: beneficiaries.category,
      urgency: beneficiaries.urgency,
      story: beneficiaries.story,
      version: beneficiaries.version,
      updatedAt: beneficiaries.updatedAt,
      regionId: regions.publicId,
      regionName: regions.name,
      townId: town.publicId,
      townName: town.name,
      consent: sql<string | null>`(
        SELECT json_object('publishStory', c.publish_story, 'publishPhotos', c.publish_photos)
        FROM ${beneficiaryConsents} c
        WHERE c.beneficiary_id = ${beneficiaries.id} AND c.withdrawn_at IS NULL
        ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)`,
      openWishes: sql<number>`(
        SELECT count(*) FROM wishes w
        WHERE w.beneficiary_id = ${beneficiaries.id} AND w.status IN ${OPEN_STATUSES})`,
    })
    .from(beneficiaries)
    .innerJoin(regions, eq(regions.id, beneficiaries.regionId))
    .innerJoin(town, eq(town.id, beneficiaries.townId))
    .where(where)
    .orderBy(desc(beneficiaries.updatedAt), desc(beneficiaries.publicId));
}

export type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['all']>>[number];

export function toSummary(row: SummaryRow, now: number): BeneficiarySummary {
  const consent = row.consent
    ? (JSON.parse(row.consent) as { publishStory: number; publishPhotos: number })
    : null;
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    birthYear: row.birthYear,
    age: ageFromBirthYear(row.birthYear, now),
    gender: row.gender,
    category: row.category,
    urgency: row.urgency,
    story: row.story,
    region: { id: row.regionId, name: row.regionName },
    town: { id: row.townId, name: row.townName },
    consent: consent
      ? { publishStory: consent.publishStory === 1, publishPhotos: consent.publishPhotos === 1 }
      : null,
    openWishes: row.openWishes,
    version: row.version,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** The whole file: summary, restricted side, consent records, edit history (field names only). */
export function fullFile(db: DbOrTx, beneficiaryId: number, now: number): BeneficiaryFile {
  const row = summaryQuery(db, eq(beneficiaries.id, beneficiaryId)).get();
  const restricted = db
    .select()
    .from(beneficiaryRestricted)
    .where(eq(beneficiaryRestricted.beneficiaryId, beneficiaryId))
    .get();
  if (!row || !restricted) throw new Error(`file ${beneficiaryId} is incomplete`);
  const consents = db
    .select()
    .from(beneficiaryConsents)
    .where(eq(beneficiaryConsents.beneficiaryId, beneficiaryId))
    .orderBy(desc(beneficiaryConsents.recordedAt), desc(beneficiaryConsents.id))
    .all();
  const history = db
    .select({
      version: beneficiaryRevisions.version,
      editedBy: users.displayName,
      editedAt: beneficiaryRevisions.editedAt,
      changes: beneficiaryRevisions.changes,
    })
    .from(beneficiaryRevisions)
    .innerJoin(users, eq(users.id, beneficiaryRevisions.editedBy))
    .where(and(eq(beneficiaryRevisions.beneficiaryId, beneficiaryId)))
    .orderBy(asc(beneficiaryRevisions.version))
    .all();
  const { beneficiaryId: _, ...restrictedFields } = restricted;
  return {
    ...toSummary(row, now),
    restricted: restrictedFields,
    consents: consents.map((c) => ({
      id: c.publicId,
      guardianName: c.guardianName,
      relation: c.relation,
      consentedOn: c.consentedOn,
      publishStory: c.publishStory,
      publishPhotos: c.publishPhotos,
      recordedAt: new Date(c.recordedAt).toISOString(),
      withdrawnAt: c.withdrawnAt === null ? null : new Date(c.withdrawnAt).toISOString(),
    })),
    history: history.map((h) => ({
      version: h.version,
      editedBy: h.editedBy,
      editedAt: new Date(h.editedAt).toISOString(),
      fields: Object.keys(h.changes),
    })),
  };
}

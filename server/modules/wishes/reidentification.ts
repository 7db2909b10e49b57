import { sql } from 'drizzle-orm';
import { PUBLIC_WISH_STATUSES, REIDENTIFICATION_MIN_GROUP } from '../../../shared/constants';
import { publicAge } from '../../../shared/public-age';
import { preparedPerDb, type Db } from '../../db/client';
import { wishes } from '../../db/schema';

type Person = { townId: number; age: number; gender: string };
const key = (p: Person) => `${p.townId}/${p.age}/${p.gender}`;
const PUBLIC = sql.raw(`(${PUBLIC_WISH_STATUSES.map((s) => `'${s}'`).join(', ')})`);

/** How many distinct children with public wishes share a town, age and gender — up to the minimum. */
const groupSize = preparedPerDb((db) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(
      sql`(SELECT DISTINCT ${wishes.beneficiaryId} FROM ${wishes}
        WHERE ${wishes.townId} = ${sql.placeholder('townId')} AND ${wishes.age} = ${sql.placeholder('age')}
          AND ${wishes.gender} = ${sql.placeholder('gender')} AND ${wishes.status} IN ${PUBLIC}
        LIMIT ${REIDENTIFICATION_MIN_GROUP})`,
    )
    .prepare(),
);

/**
 * Public ages for a page of wishes. For each (town, age, gender) on the page, counts the distinct
 * children with public wishes sharing it — stopping at the minimum, which is all the rule needs —
 * and where there are fewer, the age becomes a band. Each count is one short walk of the
 * re-identification index, however many wishes the group has, by one statement compiled once.
 */
export function publicAges(db: Db, people: readonly Person[]): (p: Person) => { min: number; max: number } {
  const groups = new Map<string, number>();
  const count = groupSize(db);
  for (const p of people) {
    const k = key(p);
    if (groups.has(k)) continue;
    const row = count.get({ townId: p.townId, age: p.age, gender: p.gender });
    groups.set(k, row?.n ?? 0);
  }
  return (p) => publicAge(p.age, groups.get(key(p)) ?? 0);
}

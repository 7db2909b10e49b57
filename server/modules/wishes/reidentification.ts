import { sql, type SQL } from 'drizzle-orm';
import { PUBLIC_WISH_STATUSES, REIDENTIFICATION_MIN_GROUP } from '../../../shared/constants';
import { publicAge } from '../../../shared/public-age';
import { preparedPerDb, type Db } from '../../db/client';
import { wishes } from '../../db/schema';

type Person = { townId: number; age: number; gender: string };
const key = (p: Person) => `${p.townId}/${p.age}/${p.gender}`;
const PUBLIC = sql.raw(`(${PUBLIC_WISH_STATUSES.map((s) => `'${s}'`).join(', ')})`);

// Written into the SQL, not bound: with `LIMIT ?` SQLite reads the whole group before stopping
// (about 7× slower at 10 k wishes, and growing with the group).
const LIMIT = sql.raw(String(REIDENTIFICATION_MIN_GROUP));

/**
 * How many distinct children with wishes in `statuses` share a town, age and gender — up to the
 * minimum (one walk of the re-identification index).
 */
const groupSizeIn = (db: Db, statuses: SQL) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(
      sql`(SELECT DISTINCT ${wishes.beneficiaryId} FROM ${wishes}
        WHERE ${wishes.townId} = ${sql.placeholder('townId')} AND ${wishes.age} = ${sql.placeholder('age')}
          AND ${wishes.gender} = ${sql.placeholder('gender')} AND ${wishes.status} IN ${statuses}
        LIMIT ${LIMIT})`,
    )
    .prepare();
// Published wishes alone usually reach the minimum: one range of the index instead of four.
const publishedGroupSize = preparedPerDb((db) => groupSizeIn(db, sql.raw("('published')")));
const publicGroupSize = preparedPerDb((db) => groupSizeIn(db, PUBLIC));

/**
 * Public ages for a page of wishes. For each (town, age, gender) on the page, counts the distinct
 * children with public wishes sharing it — stopping at the minimum, which is all the rule needs —
 * and where there are fewer, the age becomes a band. Each count is one short walk of the
 * re-identification index, however many wishes the group has (published wishes first: they
 * usually suffice), by statements compiled once per connection.
 */
export function publicAges(db: Db, people: readonly Person[]): (p: Person) => { min: number; max: number } {
  const groups = new Map<string, number>();
  const published = publishedGroupSize(db);
  const anyPublic = publicGroupSize(db);
  for (const p of people) {
    const k = key(p);
    if (groups.has(k)) continue;
    const group = { townId: p.townId, age: p.age, gender: p.gender };
    let n = published.get(group)?.n ?? 0;
    if (n < REIDENTIFICATION_MIN_GROUP) n = anyPublic.get(group)?.n ?? 0;
    groups.set(k, n);
  }
  return (p) => publicAge(p.age, groups.get(key(p)) ?? 0);
}

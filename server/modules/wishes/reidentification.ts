import { sql } from 'drizzle-orm';
import { PUBLIC_WISH_STATUSES, REIDENTIFICATION_MIN_GROUP } from '../../../shared/constants';
import { publicAge } from '../../../shared/public-age';
import type { DbOrTx } from '../../db/tx';
import { wishes } from '../../db/schema';

type Person = { townId: number; age: number; gender: string };
const key = (p: Person) => `${p.townId}/${p.age}/${p.gender}`;
const PUBLIC = sql.raw(`(${PUBLIC_WISH_STATUSES.map((s) => `'${s}'`).join(', ')})`);

/**
 * Public ages for a page of wishes. For each (town, age, gender) on the page, counts the distinct
 * children with public wishes sharing it — stopping at the minimum, which is all the rule needs —
 * and where there are fewer, the age becomes a band. Each count is one short walk of the
 * re-identification index, however many wishes the group has.
 */
export function publicAges(
  db: DbOrTx,
  people: readonly Person[],
): (p: Person) => { min: number; max: number } {
  const groups = new Map<string, number>();
  for (const p of people) {
    const k = key(p);
    if (groups.has(k)) continue;
    const row = db
      .select({ n: sql<number>`count(*)` })
      .from(
        sql`(SELECT DISTINCT ${wishes.beneficiaryId} FROM ${wishes}
          WHERE ${wishes.townId} = ${p.townId} AND ${wishes.age} = ${p.age} AND ${wishes.gender} = ${p.gender}
            AND ${wishes.status} IN ${PUBLIC}
          LIMIT ${REIDENTIFICATION_MIN_GROUP})`,
      )
      .get();
    groups.set(k, row?.n ?? 0);
  }
  return (p) => publicAge(p.age, groups.get(key(p)) ?? 0);
}

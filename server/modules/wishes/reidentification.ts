import { and, inArray, sql } from 'drizzle-orm';
import { PUBLIC_WISH_STATUSES } from '../../../shared/constants';
import { publicAge } from '../../../shared/public-age';
import type { DbOrTx } from '../../db/tx';
import { wishes } from '../../db/schema';

type Person = { townId: number; age: number; gender: string };
const key = (p: Person) => `${p.townId}/${p.age}/${p.gender}`;

/**
 * Public ages for a page of wishes. For each (town, age, gender) on the page, counts the distinct
 * children with public wishes sharing it; where fewer than the minimum, the age becomes a band.
 * One grouped query per page.
 */
export function publicAges(
  db: DbOrTx,
  people: readonly Person[],
): (p: Person) => { min: number; max: number } {
  const groups = new Map<string, number>();
  if (people.length > 0) {
    const distinct = [...new Map(people.map((p) => [key(p), p])).values()];
    const rows = db
      .select({
        townId: wishes.townId,
        age: wishes.age,
        gender: wishes.gender,
        children: sql<number>`count(DISTINCT ${wishes.beneficiaryId})`,
      })
      .from(wishes)
      .where(
        and(
          inArray(wishes.status, PUBLIC_WISH_STATUSES),
          sql`(${wishes.townId}, ${wishes.age}, ${wishes.gender}) IN (VALUES ${sql.join(
            distinct.map((p) => sql`(${p.townId}, ${p.age}, ${p.gender})`),
            sql`, `,
          )})`,
        ),
      )
      .groupBy(wishes.townId, wishes.age, wishes.gender)
      .all();
    for (const r of rows) groups.set(key(r), r.children);
  }
  return (p) => publicAge(p.age, groups.get(key(p)) ?? 0);
}

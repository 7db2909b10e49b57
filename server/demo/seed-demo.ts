import { count } from 'drizzle-orm';
import type { Db } from '../db/client';
import { memberships, organizations, regions, users, wishes } from '../db/schema';
import { newPublicId } from '../ids';
import { DEMO_ORGANIZATIONS, DEMO_PEOPLE } from './people';
import { DEMO_COUNTY, DEMO_TOWNS } from './regions';
import { DEMO_WISHES } from './wishes';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Loads the demo region tree and wishes into an empty database, all in one transaction.
 * Returns false (and writes nothing) when the database already has data.
 */
export function seedDemoData(db: Db, now: number): boolean {
  return db.transaction(
    (tx) => {
      const existing = tx.select({ n: count() }).from(regions).get();
      if ((existing?.n ?? 0) > 0) return false;

      const regionIds = new Map<string, number>();
      const addRegion = (
        name: string,
        level: 'county' | 'town' | 'village',
        parent?: { id: number; path: string },
      ) => {
        const publicId = newPublicId();
        const path = `${parent?.path ?? '/'}${publicId}/`;
        const { id } = tx
          .insert(regions)
          .values({ publicId, parentId: parent?.id, level, name, path })
          .returning({ id: regions.id })
          .get();
        regionIds.set(name, id);
        return { id, path };
      };
      const county = addRegion(DEMO_COUNTY, 'county');
      for (const [town, villages] of Object.entries(DEMO_TOWNS)) {
        const t = addRegion(town, 'town', county);
        for (const village of villages) addRegion(village, 'village', t);
      }
      const regionId = (name: string) => {
        const id = regionIds.get(name);
        if (id === undefined) throw new Error(`demo data names an unknown region: ${name}`);
        return id;
      };

      const orgIds = new Map<string, number>();
      for (const org of DEMO_ORGANIZATIONS) {
        const { id } = tx
          .insert(organizations)
          .values({
            publicId: newPublicId(),
            name: org.name,
            kind: org.kind,
            regionId: org.town ? regionId(org.town) : county.id,
            createdAt: now,
          })
          .returning({ id: organizations.id })
          .get();
        orgIds.set(org.key, id);
      }
      for (const person of DEMO_PEOPLE) {
        const { id } = tx
          .insert(users)
          .values({
            publicId: newPublicId(),
            displayName: person.displayName,
            isPlatformAdmin: person.isPlatformAdmin ?? false,
            demoPersona: person.persona,
            createdAt: now,
          })
          .returning({ id: users.id })
          .get();
        const m = person.membership;
        if (m) {
          const scope = m.village ?? m.town;
          tx.insert(memberships)
            .values({
              publicId: newPublicId(),
              userId: id,
              orgId: orgIds.get(m.org) ?? 0,
              role: m.role,
              regionId: scope ? regionId(scope) : null,
              createdAt: now,
            })
            .run();
        }
      }

      tx.insert(wishes)
        .values(
          DEMO_WISHES.map((w, i) => {
            const townId = regionId(w.town);
            // Spread within the day too, so no two wishes share a publication time.
            const publishedAt = now - w.waitedDays * DAY_MS - (i % 12) * HOUR_MS - i * 60_000;
            const status = w.status ?? 'published';
            return {
              publicId: newPublicId(),
              title: w.title,
              pseudonym: w.pseudonym,
              age: w.age,
              gender: w.gender,
              category: w.category,
              urgency: w.urgency,
              estimatedValueFen: w.valueFen,
              townId,
              status,
              createdAt: publishedAt - 2 * DAY_MS,
              publishedAt: status === 'draft' || status === 'in_review' ? null : publishedAt,
            };
          }),
        )
        .run();
      return true;
    },
    { behavior: 'immediate' },
  );
}

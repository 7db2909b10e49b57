import { count, eq } from 'drizzle-orm';
import { chinaDate, chinaDayEnd, chinaYear } from '../../shared/china-date';
import type { Db } from '../db/client';
import {
  beneficiaries,
  beneficiaryConsents,
  beneficiaryRestricted,
  campaigns,
  handoverSites,
  memberships,
  organizations,
  regions,
  users,
  wishes,
} from '../db/schema';
import { newPublicId } from '../ids';
import { fileSnapshot } from '../modules/beneficiaries/file-snapshot';
import { DEMO_ORGANIZATIONS, DEMO_PEOPLE } from './people';
import { demoRestricted } from './restricted';
import { DEMO_COUNTY, DEMO_TOWNS } from './regions';
import { DEMO_SITES, DEMO_STORIES, DEMO_WISHES } from './wishes';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Loads the demo region tree, organizations, people, hand-over sites, a campaign, beneficiary files
 * (with fictional restricted sides and consents) and their wishes into an empty database, in one transaction.
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
      const userIds = new Map<string, number>();
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
        userIds.set(person.persona, id);
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

      const userId = (persona: string) => {
        const id = userIds.get(persona);
        if (id === undefined) throw new Error(`demo data names an unknown persona: ${persona}`);
        return id;
      };
      const bureau = orgIds.get('bureau') ?? 0;
      const siteIds = new Map<string, number>();
      for (const site of DEMO_SITES) {
        const { id } = tx
          .insert(handoverSites)
          .values({
            publicId: newPublicId(),
            orgId: bureau,
            regionId: regionId(site.village ?? site.town),
            name: site.name,
            address: site.address,
            contactPhone: site.phone,
            createdAt: now,
          })
          .returning({ id: handoverSites.id })
          .get();
        siteIds.set(site.town, id);
      }
      // A winter round that started a month ago and runs for another six weeks.
      const campaign = tx
        .insert(campaigns)
        .values({
          publicId: newPublicId(),
          orgId: bureau,
          title: '冬日暖心·点亮微心愿',
          description: '为困境儿童送去冬天的温暖：棉衣、被褥、学习用品和一次出游。',
          startsOn: chinaDate(now - 30 * DAY_MS),
          endsOn: chinaDate(now + 42 * DAY_MS),
          endsAt: chinaDayEnd(chinaDate(now + 42 * DAY_MS)),
          targetWishCount: 60,
          createdBy: userId('reviewer'),
          createdAt: now - 30 * DAY_MS,
        })
        .returning()
        .get();

      DEMO_WISHES.forEach((w, i) => {
        // Spread within the day too, so no two wishes share a publication time.
        const publishedAt = now - w.waitedDays * DAY_MS - (i % 12) * HOUR_MS - i * 60_000;
        const createdAt = publishedAt - 2 * DAY_MS;
        const status = w.status ?? 'published';
        const isPublic = status !== 'draft' && status !== 'in_review';
        // The demo caseworker keeps the files of 上坑村 (石桥镇); elsewhere, each town's first village.
        const village = w.town === '石桥镇' ? '上坑村' : (DEMO_TOWNS[w.town]?.[0] ?? w.town);
        const region = tx
          .select()
          .from(regions)
          .where(eq(regions.id, regionId(village)))
          .get();
        if (!region) throw new Error(`demo region ${village} missing`);
        const birthYear = chinaYear(now) - w.age;
        const file = tx
          .insert(beneficiaries)
          .values({
            publicId: newPublicId(),
            orgId: bureau,
            regionId: region.id,
            townId: regionId(w.town),
            regionPath: region.path,
            pseudonym: w.pseudonym,
            birthYear,
            gender: w.gender,
            category: w.category,
            urgency: w.urgency,
            story: DEMO_STORIES[w.category],
            createdBy: userId('caseworker'),
            createdAt,
            updatedAt: createdAt,
          })
          .returning()
          .get();
        const person = demoRestricted(i, village, w.town, birthYear);
        tx.insert(beneficiaryRestricted)
          .values({ beneficiaryId: file.id, ...person })
          .run();
        // The draft's file has no consent yet: the caseworker must record it before submitting.
        if (status !== 'draft') {
          tx.insert(beneficiaryConsents)
            .values({
              publicId: newPublicId(),
              beneficiaryId: file.id,
              guardianName: person.guardianName,
              relation: person.guardianRelation,
              consentedOn: chinaDate(createdAt),
              publishStory: true,
              publishPhotos: i % 3 !== 0,
              recordedBy: userId('caseworker'),
              recordedAt: createdAt,
            })
            .run();
        }
        const inCampaign = isPublic && i % 3 === 0;
        tx.insert(wishes)
          .values({
            publicId: newPublicId(),
            orgId: bureau,
            beneficiaryId: file.id,
            title: w.title,
            description: `社工走访时了解到的心愿：${w.title}。礼物送到转交点后，由社工当面交给孩子。`,
            kind: w.kind ?? 'item',
            quantity: 1,
            estimatedValueFen: w.valueFen,
            shares: w.shares ?? 1,
            handoverSiteId: siteIds.get(w.town) ?? 0,
            campaignId: inCampaign ? campaign.id : null,
            ...fileSnapshot(file, now),
            status,
            contentCheck: status === 'draft' ? null : 'pass',
            createdBy: userId('caseworker'),
            createdAt,
            updatedAt: isPublic ? publishedAt : createdAt,
            submittedAt: status === 'draft' ? null : createdAt + HOUR_MS,
            reviewedBy: isPublic ? userId('reviewer') : null,
            reviewedAt: isPublic ? publishedAt : null,
            publishedAt: isPublic ? publishedAt : null,
            expiresAt: inCampaign ? campaign.endsAt : null,
          })
          .run();
      });
      return true;
    },
    { behavior: 'immediate' },
  );
}

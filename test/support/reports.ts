import { expect } from 'vitest';
import { uploadPhoto } from './media';
import { demoLogin } from './staff';
import type { TestApp } from './test-app';

// Helpers for report tests: a wish that goes all the way to hand-over, through the real API.

/** What a caseworker writes into a child's file that only staff may read. */
export type RestrictedFields = Record<string, string>;

/**
 * A child's file (with `restricted` in its restricted side), a wish for it that passes review, is
 * claimed by the demo donor, shipped, received and handed over: a fulfilled wish with an in-kind
 * gift in the books. Returns the wish's public id.
 */
export async function fulfilWish(
  t: TestApp,
  wish: { pseudonym: string; title: string; valueFen: number; urgency?: string },
  restricted: RestrictedFields = {},
  consentGuardian = '奶奶',
): Promise<string> {
  const token: Record<string, string> = {};
  for (const persona of ['caseworker', 'reviewer', 'donor']) token[persona] = await demoLogin(t, persona);
  const as = async (persona: string, method: 'GET' | 'POST', url: string, payload?: object, key?: string) => {
    const res = await t.app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${token[persona]}`, ...(key && { 'idempotency-key': key }) },
    });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  const village = t.sqlite.prepare(`SELECT public_id AS id FROM regions WHERE name = '上坑村'`).get() as {
    id: string;
  };
  const file = await as('caseworker', 'POST', '/api/v1/beneficiaries', {
    regionId: village.id,
    pseudonym: wish.pseudonym,
    birthYear: 2016,
    gender: 'female',
    category: 'left_behind',
    urgency: wish.urgency ?? 'red',
    story: '喜欢画画，想要一套新的画笔。',
    restricted: { realName: '林小雨', ...restricted },
    consent: {
      guardianName: consentGuardian,
      relation: '奶奶',
      consentedOn: '2026-11-01',
      publishStory: true,
      publishPhotos: false,
    },
  });
  const sites = await as('caseworker', 'GET', '/api/v1/staff/sites');
  const created = await as('caseworker', 'POST', `/api/v1/beneficiaries/${file.id}/wishes`, {
    title: wish.title,
    description: '想在学校的美术课上用。',
    kind: 'item',
    quantity: 1,
    estimatedValueFen: wish.valueFen,
    shares: 1,
    handoverSiteId: sites.items[0].id,
  });
  await as('caseworker', 'POST', `/api/v1/staff/wishes/${created.id}/submit`);
  await as('reviewer', 'POST', `/api/v1/staff/wishes/${created.id}/approve`);
  const claim = await as('donor', 'POST', `/api/v1/wishes/${created.id}/claims`, {}, `fulfil-${created.id}`);
  await as('donor', 'POST', `/api/v1/claims/${claim.id}/ship`, { mode: 'in_person' });
  await as('caseworker', 'POST', `/api/v1/staff/claims/${claim.id}/receive`, {
    quantity: 1,
    condition: 'good',
  });
  const photo = await uploadPhoto(t, token.caseworker ?? '', 'handover');
  await as('caseworker', 'POST', `/api/v1/staff/wishes/${created.id}/hand-over`, { photoIds: [photo.id] });
  return created.id as string;
}

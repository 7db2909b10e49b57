import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import { call, CONSENT, demoLogin, fileBody, publicIdOf, wishBody, type Method } from '../support/staff';

// Found while writing the bad-input tests (each failed before its fix): personal data typed into a file after
// review, a real name used as the pseudonym, a broken percent-escape in a search.
describe('public output never carries personal data typed after review, or as a pseudonym', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let site: string;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    for (const persona of ['caseworker', 'reviewer']) tokens[persona] = await demoLogin(t, persona);
    const sites = (await call(t, tokens.caseworker!, 'GET', '/api/v1/staff/sites')).json().items as {
      id: string;
      name: string;
    }[];
    site = sites.find((s) => s.name === '上坑村儿童之家')!.id;
  });
  afterAll(() => t.close());

  const as = (who: string | null, method: Method, url: string, payload?: object) =>
    call(t, who === null ? null : tokens[who]!, method, url, payload);

  it('a story edited after publication to name the child does not reach the public page', async () => {
    const file = await as('caseworker', 'POST', '/api/v1/beneficiaries', {
      ...fileBody(publicIdOf(t, 'regions', '上坑村'), { consent: CONSENT }),
    });
    const fileId = file.json().id as string;
    const wish = await as('caseworker', 'POST', `/api/v1/beneficiaries/${fileId}/wishes`, wishBody(site));
    const id = wish.json().id as string;
    await as('caseworker', 'POST', `/api/v1/staff/wishes/${id}/submit`);
    expect((await as('reviewer', 'POST', `/api/v1/staff/wishes/${id}/approve`)).statusCode).toBe(200);

    const edit = await as('caseworker', 'PATCH', `/api/v1/beneficiaries/${fileId}`, {
      version: 1,
      story: '郑可欣住在石桥镇上坑村5组8号，联系电话13812345678。',
    });
    // Either the edit is refused, or the public page keeps the story the reviewer approved.
    if (edit.statusCode !== 200) expect(edit.json().error.code).toBe('PRIVACY_FINDINGS');
    const pub = await as(null, 'GET', `/api/v1/wishes/${id}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).not.toContain('郑可欣');
    expect(pub.body).not.toContain('13812345678');
    expect(pub.body).not.toContain('5组8号');
  });

  it('a pseudonym that is the child’s real name is refused before it is published', async () => {
    const file = await as('caseworker', 'POST', '/api/v1/beneficiaries', {
      ...fileBody(publicIdOf(t, 'regions', '上坑村'), { consent: CONSENT, pseudonym: '郑可欣' }),
    });
    const answers = [file];
    if (file.statusCode === 201) {
      const wish = await as(
        'caseworker',
        'POST',
        `/api/v1/beneficiaries/${file.json().id}/wishes`,
        wishBody(site),
      );
      answers.push(wish);
      const id = wish.json().id as string;
      answers.push(await as('caseworker', 'POST', `/api/v1/staff/wishes/${id}/submit`));
      answers.push(await as('reviewer', 'POST', `/api/v1/staff/wishes/${id}/approve`));
    }
    expect(answers.map((a) => (a.statusCode >= 400 ? a.json().error.code : a.statusCode))).toContain(
      'PRIVACY_FINDINGS',
    );
    const feed = await as(null, 'GET', '/api/v1/wishes?sort=newest&limit=50');
    expect(feed.body).not.toContain('郑可欣');
  });

  it('a search with broken percent-encoding is refused (400), not run as literal text', async () => {
    for (const q of ['%E0%A4%A', '%FF', '%C3%28']) {
      const res = await as('caseworker', 'GET', `/api/v1/beneficiaries?q=${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});

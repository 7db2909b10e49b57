import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  beneficiaryFileSchema,
  beneficiaryPageSchema,
  type BeneficiaryFile,
  type BeneficiarySummary,
} from '../../shared/schemas/beneficiaries';
import { staffWishSchema } from '../../shared/schemas/staff-wishes';
import { wishFeedPageSchema } from '../../shared/schemas/wishes';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  addStaff,
  auditEvents,
  call,
  CONSENT,
  countRows,
  demoLogin,
  fileBody,
  personaUserId,
  publicIdOf,
  wishBody,
} from '../support/staff';

// Beneficiary files (一人一档): a public side and a restricted side that only the file's own
// caseworkers and reviewers read — every read audited, every refusal too.

describe('beneficiary files', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let shangkeng: string;
  let shiqiaoVillage: string;
  let siteId: string;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    for (const persona of ['caseworker', 'reviewer', 'donor', 'finance']) {
      tokens[persona] = await demoLogin(t, persona);
    }
    shangkeng = publicIdOf(t, 'regions', '上坑村');
    shiqiaoVillage = publicIdOf(t, 'regions', '石桥村');
    const sites = await call(t, tokens.caseworker!, 'GET', '/api/v1/staff/sites');
    siteId = (sites.json().items as { id: string; name: string }[]).find(
      (s) => s.name === '上坑村儿童之家',
    )!.id;
  });
  afterAll(() => t.close());

  const as = (persona: string | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    call(t, persona === null ? null : (tokens[persona] ?? persona), method, url, payload);
  const create = async (over: Parameters<typeof fileBody>[1] = {}) => {
    const res = await as('caseworker', 'POST', '/api/v1/beneficiaries', fileBody(shangkeng, over));
    expect(res.statusCode).toBe(201);
    return beneficiaryFileSchema.parse(res.json());
  };
  const read = async (id: string) => {
    const res = await as('caseworker', 'GET', `/api/v1/beneficiaries/${id}`);
    expect(res.statusCode).toBe(200);
    return beneficiaryFileSchema.parse(res.json());
  };
  const counts = () => ({
    files: countRows(t, 'beneficiaries'),
    restricted: countRows(t, 'beneficiary_restricted'),
    consents: countRows(t, 'beneficiary_consents'),
    revisions: countRows(t, 'beneficiary_revisions'),
  });

  describe('creating a file', () => {
    it('with a consent: 201 with the restricted side, the consent in force, version 1, no history', async () => {
      const before = counts();
      const file = await create({ consent: CONSENT });
      expect(file).toMatchObject({
        pseudonym: '小树苗',
        birthYear: 2016,
        region: { id: shangkeng, name: '上坑村' },
        town: { name: '石桥镇' },
        consent: { publishStory: true, publishPhotos: false },
        openWishes: 0,
        version: 1,
        history: [],
        restricted: {
          realName: '郑可欣',
          birthDate: '2016-05-12',
          guardianPhone: '13900001111',
          school: '石桥镇中心小学',
          schoolClass: '三年级一班',
        },
      });
      expect(file.consents).toEqual([
        expect.objectContaining({ guardianName: '郑秀兰', relation: '奶奶', withdrawnAt: null }),
      ]);
      expect(counts()).toEqual({
        ...before,
        files: before.files + 1,
        restricted: before.restricted + 1,
        consents: before.consents + 1,
      });
      const stored = t.sqlite
        .prepare(
          'SELECT r.real_name FROM beneficiary_restricted r JOIN beneficiaries b ON b.id = r.beneficiary_id WHERE b.public_id = ?',
        )
        .get(file.id) as { real_name: string };
      expect(stored.real_name).toBe('郑可欣');
      expect(auditEvents(t, 'beneficiary.created').at(-1)).toMatchObject({
        actor_user_id: personaUserId(t, 'caseworker'),
        target_id: file.id,
        outcome: 'ok',
      });
    });

    it('without a consent: no consent in force, none on record', async () => {
      const before = counts();
      const file = await create({ pseudonym: '小禾苗' });
      expect(file.consent).toBeNull();
      expect(file.consents).toEqual([]);
      expect(file.restricted.realName).toBe('郑可欣');
      expect(counts().consents).toBe(before.consents);
    });

    it('refuses a birth date outside the birth year (422 BIRTH_DATE_MISMATCH) and writes nothing', async () => {
      const before = counts();
      const body = fileBody(shangkeng);
      const res = await as('caseworker', 'POST', '/api/v1/beneficiaries', {
        ...body,
        restricted: { ...body.restricted, birthDate: '2015-12-31' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('BIRTH_DATE_MISMATCH');
      expect(counts()).toEqual(before);
    });

    it.each([
      ['another village of her town', '石桥村'],
      ['the county itself', '云溪县'],
      ['another town', '南岭村'],
    ])(
      'refuses a region outside her scope: %s (422 REGION_OUTSIDE_SCOPE), writing nothing',
      async (_, region) => {
        const before = counts();
        const res = await as(
          'caseworker',
          'POST',
          '/api/v1/beneficiaries',
          fileBody(publicIdOf(t, 'regions', region)),
        );
        expect(res.statusCode).toBe(422);
        expect(res.json().error.code).toBe('REGION_OUTSIDE_SCOPE');
        expect(counts()).toEqual(before);
      },
    );

    it('refuses a region that does not exist (404 REGION_NOT_FOUND)', async () => {
      const before = counts();
      const res = await as('caseworker', 'POST', '/api/v1/beneficiaries', fileBody('AAAAAAAAAAAAAAAA'));
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('REGION_NOT_FOUND');
      expect(counts()).toEqual(before);
    });

    it('refuses people who are not caseworkers of an organization', async () => {
      const before = counts();
      for (const persona of ['donor', 'reviewer']) {
        const res = await as(persona, 'POST', '/api/v1/beneficiaries', fileBody(shangkeng));
        expect(res.statusCode).toBe(403);
      }
      expect((await as(null, 'POST', '/api/v1/beneficiaries', fileBody(shangkeng))).statusCode).toBe(401);
      expect(counts()).toEqual(before);
    });
  });

  describe('listing files', () => {
    /** Public ids of the bureau's files in 上坑村, straight from the database. */
    const expectedIds = (where = '1 = 1', ...args: string[]) =>
      (
        t.sqlite
          .prepare(
            `SELECT b.public_id FROM beneficiaries b JOIN regions r ON r.id = b.region_id
             WHERE r.name = '上坑村' AND ${where}`,
          )
          .all(...args) as { public_id: string }[]
      )
        .map((r) => r.public_id)
        .sort();
    const list = async (query: string, persona = 'caseworker') => {
      const res = await as(persona, 'GET', `/api/v1/beneficiaries${query}`);
      expect(res.statusCode).toBe(200);
      return beneficiaryPageSchema.parse(res.json());
    };
    const ids = (items: BeneficiarySummary[]) => items.map((f) => f.id).sort();

    it('walks all her files exactly once with the cursor, most recently changed first, public side only', async () => {
      const seen: BeneficiarySummary[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await as(
          'caseworker',
          'GET',
          `/api/v1/beneficiaries?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain('restricted');
        const page = beneficiaryPageSchema.parse(res.json());
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 50);

      const expected = expectedIds();
      expect(expected.length).toBeGreaterThanOrEqual(10);
      expect(seen).toHaveLength(expected.length);
      expect(ids(seen)).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / 3));
      const times = seen.map((f) => Date.parse(f.updatedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // The demo's real names never appear in a list.
      const names = t.sqlite.prepare('SELECT real_name FROM beneficiary_restricted').all() as {
        real_name: string;
      }[];
      const text = JSON.stringify(seen);
      for (const { real_name } of names) expect(text).not.toContain(real_name);
    });

    it('searches by a piece of the pseudonym', async () => {
      const winter = await list(`?q=${encodeURIComponent('冬')}`);
      expect(winter.items.map((f) => f.pseudonym)).toEqual(['小冬']);
      const saplings = await list(`?q=${encodeURIComponent('苗')}`);
      expect(saplings.items.map((f) => f.pseudonym).sort()).toEqual(['小树苗', '小禾苗']);
      expect((await list(`?q=${encodeURIComponent('没有这个人')}`)).items).toEqual([]);
      // A search for a real name finds nothing: search covers the public side only.
      expect((await list(`?q=${encodeURIComponent('郑可欣')}`)).items).toEqual([]);
    });

    it('filters by category, by urgency, and by both', async () => {
      const lowIncome = await list('?category=low_income');
      expect(ids(lowIncome.items)).toEqual(expectedIds('b.category = ?', 'low_income'));
      expect(lowIncome.items.length).toBeGreaterThan(0);
      expect(lowIncome.items.every((f) => f.category === 'low_income')).toBe(true);

      const red = await list('?urgency=red');
      expect(ids(red.items)).toEqual(expectedIds('b.urgency = ?', 'red'));
      expect(red.items.length).toBeGreaterThan(0);

      const both = await list('?category=left_behind&urgency=orange&limit=50');
      expect(ids(both.items)).toEqual(
        expectedIds('b.category = ? AND b.urgency = ?', 'left_behind', 'orange'),
      );
      expect(both.items.length).toBeGreaterThan(0);
    });

    it('filters by region, inside the reader’s own scope only', async () => {
      const other = addStaff(t, {
        name: '石桥村儿童主任',
        org: '云溪县民政局儿童福利股',
        role: 'caseworker',
        region: '石桥村',
      });
      const made = await call(
        t,
        other.token,
        'POST',
        '/api/v1/beneficiaries',
        fileBody(shiqiaoVillage, { pseudonym: '小石桥' }),
      );
      expect(made.statusCode).toBe(201);
      const inShiqiao = made.json().id as string;

      // The reviewer covers the whole town: both villages, separable by the filter.
      const village = await list(`?regionId=${shiqiaoVillage}&limit=50`, 'reviewer');
      expect(village.items.map((f) => f.id)).toEqual([inShiqiao]);
      const shangkengFiles = await list(`?regionId=${shangkeng}&limit=50`, 'reviewer');
      expect(ids(shangkengFiles.items)).toEqual(expectedIds());
      // The caseworker of 上坑村 cannot list 石桥村 by naming it.
      expect((await list(`?regionId=${shiqiaoVillage}`)).items).toEqual([]);
      expect((await list('?limit=50')).items.map((f) => f.id)).not.toContain(inShiqiao);
      // And the 石桥村 caseworker sees only her own.
      const theirs = await call(t, other.token, 'GET', '/api/v1/beneficiaries?limit=50');
      expect(theirs.json().items.map((f: BeneficiarySummary) => f.id)).toEqual([inShiqiao]);
    });

    it('refuses a donor (no organization) and anonymous callers', async () => {
      expect((await as('donor', 'GET', '/api/v1/beneficiaries')).statusCode).toBe(403);
      expect((await as(null, 'GET', '/api/v1/beneficiaries')).statusCode).toBe(401);
    });
  });

  describe('reading a file', () => {
    let file: BeneficiaryFile;
    beforeAll(async () => {
      file = await create({ pseudonym: '小读者', consent: CONSENT });
    });

    it('returns the restricted side and audits the read with the reader', async () => {
      const before = auditEvents(t, 'beneficiary.read_restricted').length;
      const got = await read(file.id);
      expect(got.restricted).toEqual(file.restricted);
      const reads = auditEvents(t, 'beneficiary.read_restricted');
      expect(reads).toHaveLength(before + 1);
      expect(reads.at(-1)).toMatchObject({
        actor_user_id: personaUserId(t, 'caseworker'),
        outcome: 'ok',
        target_type: 'beneficiary',
        target_id: file.id,
      });
    });

    it('lets the reviewer of the town read it, audited as hers', async () => {
      const before = auditEvents(t, 'beneficiary.read_restricted').length;
      const res = await as('reviewer', 'GET', `/api/v1/beneficiaries/${file.id}`);
      expect(res.statusCode).toBe(200);
      expect(beneficiaryFileSchema.parse(res.json()).restricted.realName).toBe('郑可欣');
      const reads = auditEvents(t, 'beneficiary.read_restricted');
      expect(reads).toHaveLength(before + 1);
      expect(reads.at(-1)).toMatchObject({ actor_user_id: personaUserId(t, 'reviewer'), target_id: file.id });
    });

    it.each([
      ['a donor', () => ({ token: tokens.donor!, userId: personaUserId(t, 'donor') })],
      [
        'the finance person, who keeps the books but reads no file',
        () => ({ token: tokens.finance!, userId: personaUserId(t, 'finance') }),
      ],
      [
        'a caseworker of the same organization but another village',
        () =>
          addStaff(t, {
            name: '溪头村儿童主任',
            org: '云溪县民政局儿童福利股',
            role: 'caseworker',
            region: '溪头村',
          }),
      ],
      [
        'a reviewer of the same organization but another town',
        () =>
          addStaff(t, {
            name: '南岭镇督导员',
            org: '云溪县民政局儿童福利股',
            role: 'reviewer',
            region: '南岭镇',
          }),
      ],
    ])('refuses %s (403 FORBIDDEN, no data) and audits the refusal', async (_, who) => {
      const { token, userId } = who();
      const refusals = auditEvents(t, 'access.refused').length;
      const reads = auditEvents(t, 'beneficiary.read_restricted').length;
      const res = await call(t, token, 'GET', `/api/v1/beneficiaries/${file.id}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(res.body).not.toContain('郑可欣');
      expect(res.body).not.toContain('小读者');
      const refused = auditEvents(t, 'access.refused');
      expect(refused).toHaveLength(refusals + 1);
      expect(refused.at(-1)).toMatchObject({
        actor_user_id: userId,
        outcome: 'refused',
        target_type: 'beneficiary',
        target_id: file.id,
      });
      expect(JSON.parse(refused.at(-1)!.details!)).toEqual({ action: 'beneficiary.read_restricted' });
      expect(auditEvents(t, 'beneficiary.read_restricted')).toHaveLength(reads);
    });

    it('refuses an anonymous caller with 401 and no data', async () => {
      const reads = auditEvents(t, 'beneficiary.read_restricted').length;
      const res = await as(null, 'GET', `/api/v1/beneficiaries/${file.id}`);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('AUTH_REQUIRED');
      expect(res.body).not.toContain('郑可欣');
      expect(auditEvents(t, 'beneficiary.read_restricted')).toHaveLength(reads);
    });

    it('answers 404 BENEFICIARY_NOT_FOUND for an unknown id, 400 for one that is not an id', async () => {
      const unknown = await as('caseworker', 'GET', '/api/v1/beneficiaries/AAAAAAAAAAAAAAAA');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('BENEFICIARY_NOT_FOUND');
      const malformed = await as('caseworker', 'GET', '/api/v1/beneficiaries/1');
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
    });

    it('refuses edits by the reviewer (she reads, she does not write) and by another village’s caseworker', async () => {
      const other = addStaff(t, {
        name: '石桥村社工',
        org: '云溪县民政局儿童福利股',
        role: 'caseworker',
        region: '石桥村',
      });
      for (const token of [tokens.reviewer!, other.token]) {
        const res = await call(t, token, 'PATCH', `/api/v1/beneficiaries/${file.id}`, {
          version: 1,
          pseudonym: '改名了',
        });
        expect(res.statusCode).toBe(403);
      }
      expect((await read(file.id)).pseudonym).toBe('小读者');
    });
  });

  describe('editing a file', () => {
    it('edits public and restricted fields at a version, bumps it, and lists the changed fields (not their values)', async () => {
      const file = await create({
        pseudonym: '小编辑',
        restricted: { ...fileBody(shangkeng).restricted, caseNotes: '旧记录-甲乙丙' },
      });
      const res = await as('caseworker', 'PATCH', `/api/v1/beneficiaries/${file.id}`, {
        version: 1,
        pseudonym: '小编辑二',
        urgency: 'red',
        restricted: { caseNotes: '新记录：已联系学校', guardianPhone: '13900002222' },
      });
      expect(res.statusCode).toBe(200);
      const edited = beneficiaryFileSchema.parse(res.json());
      expect(edited).toMatchObject({
        pseudonym: '小编辑二',
        urgency: 'red',
        version: 2,
        restricted: { caseNotes: '新记录：已联系学校', guardianPhone: '13900002222', realName: '郑可欣' },
      });
      expect(edited.history).toEqual([
        { version: 2, editedBy: '儿童主任·林姐', editedAt: expect.any(String), fields: expect.any(Array) },
      ]);
      expect([...edited.history[0]!.fields].sort()).toEqual(
        ['pseudonym', 'restricted.caseNotes', 'restricted.guardianPhone', 'urgency'].sort(),
      );
      // The old values stay in the history table, never in an answer.
      expect(res.body).not.toContain('旧记录-甲乙丙');
      expect(res.body).not.toContain('13900001111');
      expect(res.body).not.toContain('小编辑"');
      const stored = t.sqlite
        .prepare(
          'SELECT r.changes FROM beneficiary_revisions r JOIN beneficiaries b ON b.id = r.beneficiary_id WHERE b.public_id = ?',
        )
        .get(file.id) as { changes: string };
      expect(JSON.parse(stored.changes)).toMatchObject({
        'restricted.caseNotes': ['旧记录-甲乙丙', '新记录：已联系学校'],
      });
      expect((await read(file.id)).history).toEqual(edited.history);
    });

    it('refuses a stale version (409 EDIT_CONFLICT) and changes nothing', async () => {
      const file = await create({ pseudonym: '小冲突' });
      const first = await as('caseworker', 'PATCH', `/api/v1/beneficiaries/${file.id}`, {
        version: 1,
        urgency: 'blue',
      });
      expect(first.statusCode).toBe(200);
      const before = counts();
      const second = await as('caseworker', 'PATCH', `/api/v1/beneficiaries/${file.id}`, {
        version: 1,
        pseudonym: '小覆盖',
        restricted: { caseNotes: '覆盖别人的修改' },
      });
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('EDIT_CONFLICT');
      const now = await read(file.id);
      expect(now).toMatchObject({ pseudonym: '小冲突', urgency: 'blue', version: 2 });
      expect(now.restricted.caseNotes).toBe(file.restricted.caseNotes);
      expect(now.history).toHaveLength(1);
      expect(counts()).toEqual(before);
    });

    it('leaves the version alone when an edit changes nothing', async () => {
      const file = await create({ pseudonym: '小不变' });
      const res = await as('caseworker', 'PATCH', `/api/v1/beneficiaries/${file.id}`, {
        version: 1,
        pseudonym: '小不变',
        restricted: { realName: '郑可欣' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ version: 1, history: [] });
    });

    it('refuses a birth year or date that no longer match (422 BIRTH_DATE_MISMATCH), changing nothing; both together pass', async () => {
      const file = await create({ pseudonym: '小生日' });
      const before = counts();
      for (const change of [{ birthYear: 2015 }, { restricted: { birthDate: '2015-03-03' } }]) {
        const res = await as('caseworker', 'PATCH', `/api/v1/beneficiaries/${file.id}`, {
          version: 1,
          ...change,
        });
        expect(res.statusCode).toBe(422);
        expect(res.json().error.code).toBe('BIRTH_DATE_MISMATCH');
      }
      expect(counts()).toEqual(before);
      expect(await read(file.id)).toMatchObject({
        birthYear: 2016,
        version: 1,
        restricted: { birthDate: '2016-05-12' },
      });
      const both = await as('caseworker', 'PATCH', `/api/v1/beneficiaries/${file.id}`, {
        version: 1,
        birthYear: 2015,
        restricted: { birthDate: '2015-03-03' },
      });
      expect(both.statusCode).toBe(200);
      expect(both.json()).toMatchObject({ birthYear: 2015, version: 2 });
    });

    it('refuses moving the file to a village she does not cover (422 REGION_OUTSIDE_SCOPE)', async () => {
      const file = await create({ pseudonym: '小搬家' });
      const res = await as('caseworker', 'PATCH', `/api/v1/beneficiaries/${file.id}`, {
        version: 1,
        regionId: shiqiaoVillage,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('REGION_OUTSIDE_SCOPE');
      expect(await read(file.id)).toMatchObject({ region: { id: shangkeng }, version: 1 });
    });
  });

  describe('guardian consent', () => {
    const wishStatus = async (id: string) => {
      const res = await as('caseworker', 'GET', `/api/v1/staff/wishes/${id}`);
      expect(res.statusCode).toBe(200);
      return staffWishSchema.parse(res.json());
    };
    const newestFeed = async () => {
      const res = await as(null, 'GET', '/api/v1/wishes?sort=newest&limit=50');
      return wishFeedPageSchema.parse(res.json()).items.map((w) => w.id);
    };

    it('records a consent, after which the file’s wishes can be submitted', async () => {
      const file = await create({ pseudonym: '小同意' });
      const draft = await as(
        'caseworker',
        'POST',
        `/api/v1/beneficiaries/${file.id}/wishes`,
        wishBody(siteId),
      );
      const refused = await as('caseworker', 'POST', `/api/v1/staff/wishes/${draft.json().id}/submit`);
      expect(refused.json().error.code).toBe('CONSENT_REQUIRED');

      const res = await as('caseworker', 'POST', `/api/v1/beneficiaries/${file.id}/consents`, CONSENT);
      expect(res.statusCode).toBe(200);
      const withConsent = beneficiaryFileSchema.parse(res.json());
      expect(withConsent.consent).toEqual({ publishStory: true, publishPhotos: false });
      expect(withConsent.consents).toEqual([
        expect.objectContaining({ guardianName: '郑秀兰', consentedOn: '2026-01-10', withdrawnAt: null }),
      ]);
      expect(auditEvents(t, 'beneficiary.consent_recorded').at(-1)).toMatchObject({ target_id: file.id });
      const submitted = await as('caseworker', 'POST', `/api/v1/staff/wishes/${draft.json().id}/submit`);
      expect(submitted.json().status).toBe('in_review');
    });

    it('withdrawing consent cancels the file’s published wishes and returns those in review; the feed drops them', async () => {
      const file = await create({ pseudonym: '小撤回', consent: CONSENT });
      const make = async (title: string) => {
        const res = await as(
          'caseworker',
          'POST',
          `/api/v1/beneficiaries/${file.id}/wishes`,
          wishBody(siteId, { title }),
        );
        expect(res.statusCode).toBe(201);
        const id = res.json().id as string;
        expect((await as('caseworker', 'POST', `/api/v1/staff/wishes/${id}/submit`)).statusCode).toBe(200);
        return id;
      };
      const published = await make('一件厚棉衣');
      const inReview = await make('一双雨靴');
      expect((await as('reviewer', 'POST', `/api/v1/staff/wishes/${published}/approve`)).statusCode).toBe(
        200,
      );
      expect((await as(null, 'GET', `/api/v1/wishes/${published}`)).statusCode).toBe(200);
      expect(await newestFeed()).toContain(published);

      const res = await as('caseworker', 'POST', `/api/v1/beneficiaries/${file.id}/consents/withdraw`);
      expect(res.statusCode).toBe(200);
      const withdrawn = beneficiaryFileSchema.parse(res.json());
      expect(withdrawn.consent).toBeNull();
      expect(withdrawn.consents).toEqual([expect.objectContaining({ withdrawnAt: expect.any(String) })]);
      expect(withdrawn.openWishes).toBe(1);

      expect((await wishStatus(published)).status).toBe('cancelled');
      const returned = await wishStatus(inReview);
      expect(returned.status).toBe('returned');
      expect(returned.returnReason).toMatch(/撤回/);
      expect(returned.beneficiary.consentGiven).toBe(false);

      const gone = await as(null, 'GET', `/api/v1/wishes/${published}`);
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error.code).toBe('WISH_NOT_FOUND');
      expect(await newestFeed()).not.toContain(published);
      expect(auditEvents(t, 'beneficiary.consent_withdrawn').at(-1)).toMatchObject({
        actor_user_id: personaUserId(t, 'caseworker'),
        target_id: file.id,
      });
      // Without consent the returned wish cannot go back to review.
      const again = await as('caseworker', 'POST', `/api/v1/staff/wishes/${inReview}/submit`);
      expect(again.statusCode).toBe(422);
      expect(again.json().error.code).toBe('CONSENT_REQUIRED');
    });

    it('refuses consent changes by someone outside the file’s scope', async () => {
      const file = await create({ pseudonym: '小外人', consent: CONSENT });
      const before = counts();
      const add = await as('reviewer', 'POST', `/api/v1/beneficiaries/${file.id}/consents`, CONSENT);
      expect(add.statusCode).toBe(403);
      const withdraw = await as('donor', 'POST', `/api/v1/beneficiaries/${file.id}/consents/withdraw`);
      expect(withdraw.statusCode).toBe(403);
      expect(counts()).toEqual(before);
      expect((await read(file.id)).consent).not.toBeNull();
    });
  });
});

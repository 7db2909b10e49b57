import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicWishDetailSchema } from '../../shared/schemas/wishes';
import { newPublicId } from '../../server/ids';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  addStaff,
  auditEvents,
  call,
  CONSENT,
  countRows,
  demoLogin,
  fileBody,
  publicIdOf,
  wishBody,
  type Method,
} from '../support/staff';

// The bad inputs of QUALITY.md (other people's objects, mass assignment, size and shape, strings,
// personal data in free text, query strings) against the routes that write files and wishes:
// each is a clear 4xx with a stable code, and nothing is half-written.

describe('bad inputs on the file and wish routes', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let site: string;
  let shangkeng: string;
  let fileId: string;
  let draftId: string;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    for (const persona of ['caseworker', 'reviewer', 'donor']) tokens[persona] = await demoLogin(t, persona);
    const sites = (await as('caseworker', 'GET', '/api/v1/staff/sites')).json().items as {
      id: string;
      name: string;
    }[];
    site = sites.find((s) => s.name === '上坑村儿童之家')!.id;
    shangkeng = publicIdOf(t, 'regions', '上坑村');
    const file = await as(
      'caseworker',
      'POST',
      '/api/v1/beneficiaries',
      fileBody(shangkeng, { consent: CONSENT }),
    );
    fileId = file.json().id;
    draftId = (
      await as('caseworker', 'POST', `/api/v1/beneficiaries/${fileId}/wishes`, wishBody(site))
    ).json().id;
  });
  afterAll(() => t.close());

  function as(who: string | null, method: Method, url: string, payload?: object | string) {
    return call(t, who === null ? null : (tokens[who] ?? who), method, url, payload);
  }
  /** Everything a refused write could have touched. */
  const snapshot = () => ({
    wishes: countRows(t, 'wishes'),
    files: countRows(t, 'beneficiaries'),
    restricted: countRows(t, 'beneficiary_restricted'),
    consents: countRows(t, 'beneficiary_consents'),
    revisions: countRows(t, 'beneficiary_revisions'),
    campaigns: countRows(t, 'campaigns'),
    draft: t.sqlite.prepare('SELECT * FROM wishes WHERE public_id = ?').get(draftId),
    file: t.sqlite.prepare('SELECT * FROM beneficiaries WHERE public_id = ?').get(fileId),
    fileRestricted: t.sqlite
      .prepare(
        'SELECT r.* FROM beneficiary_restricted r JOIN beneficiaries b ON b.id = r.beneficiary_id WHERE b.public_id = ?',
      )
      .get(fileId),
  });
  const createWishUrl = () => `/api/v1/beneficiaries/${fileId}/wishes`;
  /** Sends `payload`, expects the refusal, and checks nothing in the database moved. */
  async function refused(
    request: () => ReturnType<typeof as>,
    status: number,
    code: string,
  ): Promise<{ path: string; message: string }[]> {
    const before = snapshot();
    const res = await request();
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(snapshot()).toEqual(before);
    return res.json().error.details ?? [];
  }

  describe('mass assignment: bodies are strict', () => {
    it.each([
      ['status', { status: 'published' }],
      ['orgId', { orgId: 1 }],
      ['version', { version: 7 }],
      ['createdBy', { createdBy: 1 }],
      ['contentCheck', { contentCheck: 'pass' }],
      ['sharesTaken', { sharesTaken: 1 }],
      ['beneficiaryId', { beneficiaryId: 'AAAAAAAAAAAAAAAA' }],
    ])('creating a wish with %s → 400 VALIDATION_FAILED', async (_, extra) => {
      await refused(
        () => as('caseworker', 'POST', createWishUrl(), { ...wishBody(site), ...extra }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it.each([
      ['realName at the top level', { realName: '郑可欣' }],
      ['orgId', { orgId: 1 }],
      ['status', { status: 'active' }],
      ['version', { version: 3 }],
      ['createdBy', { createdBy: 1 }],
      ['verified in the restricted side', { restricted: { ...fileBody('x').restricted, verified: true } }],
      ['withdrawnAt in the consent', { consent: { ...CONSENT, withdrawnAt: null } }],
    ])('creating a file with %s → 400 VALIDATION_FAILED', async (_, extra) => {
      await refused(
        () => as('caseworker', 'POST', '/api/v1/beneficiaries', { ...fileBody(shangkeng), ...extra }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it.each([
      [
        'editing a wish with status',
        'PATCH',
        (): string => `/api/v1/staff/wishes/${draftId}`,
        { version: 1, status: 'published' },
      ],
      [
        'editing a wish with orgId',
        'PATCH',
        (): string => `/api/v1/staff/wishes/${draftId}`,
        { version: 1, orgId: 2 },
      ],
      [
        'editing a wish with createdBy',
        'PATCH',
        (): string => `/api/v1/staff/wishes/${draftId}`,
        { version: 1, createdBy: 2 },
      ],
      [
        'editing a file with orgId',
        'PATCH',
        (): string => `/api/v1/beneficiaries/${fileId}`,
        { version: 1, orgId: 2 },
      ],
      [
        'editing a file with createdBy',
        'PATCH',
        (): string => `/api/v1/beneficiaries/${fileId}`,
        { version: 1, createdBy: 2 },
      ],
      [
        'editing a file’s restricted side with beneficiaryId',
        'PATCH',
        (): string => `/api/v1/beneficiaries/${fileId}`,
        { version: 1, restricted: { beneficiaryId: 1 } },
      ],
      [
        'recording a consent with recordedBy',
        'POST',
        (): string => `/api/v1/beneficiaries/${fileId}/consents`,
        { ...CONSENT, recordedBy: 1 },
      ],
      [
        'cancelling with status',
        'POST',
        (): string => `/api/v1/staff/wishes/${draftId}/cancel`,
        { status: 'draft' },
      ],
      [
        'creating a campaign with orgId',
        'POST',
        (): string => '/api/v1/staff/campaigns',
        { title: '活动', startsOn: '2030-01-01', endsOn: '2030-02-01', targetWishCount: 1, orgId: 2 },
      ],
    ] as const)('%s → 400 VALIDATION_FAILED', async (_, method, url, body) => {
      const who = url().includes('campaigns') ? 'reviewer' : 'caseworker';
      await refused(() => as(who, method, url(), body), 400, 'VALIDATION_FAILED');
    });
  });

  describe('amounts', () => {
    // Raw JSON text: `1e999` and 2^53 + 1 cannot be written with JSON.stringify.
    const withValue = (raw: string, body: object) =>
      JSON.stringify(body).replace('"estimatedValueFen":12000', `"estimatedValueFen":${raw}`);

    it.each([
      '-1',
      '0',
      '12.345',
      '"100"',
      '1e999',
      '9007199254740993',
      'null',
      '"１００"',
      '10000001',
      '[100]',
    ])('estimatedValueFen %s → 400 VALIDATION_FAILED on create and on edit', async (raw) => {
      const created = withValue(raw, wishBody(site));
      expect(created).toContain(`:${raw}`);
      const details = await refused(
        () => as('caseworker', 'POST', createWishUrl(), created),
        400,
        'VALIDATION_FAILED',
      );
      expect(new Set(details.map((d) => d.path))).toEqual(new Set(['body.estimatedValueFen']));
      const edited = withValue(raw, { version: 1, estimatedValueFen: 12000 });
      await refused(
        () => as('caseworker', 'PATCH', `/api/v1/staff/wishes/${draftId}`, edited),
        400,
        'VALIDATION_FAILED',
      );
    });

    it.each([
      ['quantity', 0],
      ['quantity', 1.5],
      ['shares', 0],
      ['shares', -2],
      ['shares', 101],
    ])('%s %s → 400 VALIDATION_FAILED', async (field, value) => {
      const details = await refused(
        () => as('caseworker', 'POST', createWishUrl(), { ...wishBody(site), [field]: value }),
        400,
        'VALIDATION_FAILED',
      );
      expect(details.map((d) => d.path)).toContain(`body.${field}`);
    });
  });

  describe('strings', () => {
    const titled = (title: string) => JSON.stringify({ ...wishBody(site), title });

    it.each([
      ['NUL', () => titled('书包\u0000')],
      ['a line feed', () => titled('书包\n伪造的日志行')],
      ['CR/LF', () => titled('书包\r\n伪造的日志行')],
      ['U+202E (right-to-left override)', () => titled('书包\u202e元8.3')],
      ['a zero-width space', () => titled('书\u200b包')],
      ['a byte-order mark inside', () => titled('书\ufeff包')],
      ['a DEL control character', () => titled('书包\u007f')],
      ['a lone surrogate', () => JSON.stringify(wishBody(site)).replace('"title":"', '"title":"\\ud800')],
      ['only spaces', () => titled('   ')],
      ['41 characters', () => titled('书'.repeat(41))],
    ])('a title with %s → 400 VALIDATION_FAILED naming body.title', async (_, payload) => {
      const details = await refused(
        () => as('caseworker', 'POST', createWishUrl(), payload()),
        400,
        'VALIDATION_FAILED',
      );
      expect(details.map((d) => d.path)).toEqual(['body.title']);
    });

    it('the same rules hold in a file’s pseudonym and restricted side, a consent, a return reason, a campaign', async () => {
      const body = fileBody(shangkeng);
      await refused(
        () => as('caseworker', 'POST', '/api/v1/beneficiaries', { ...body, pseudonym: '小\u200b树' }),
        400,
        'VALIDATION_FAILED',
      );
      await refused(
        () =>
          as('caseworker', 'POST', '/api/v1/beneficiaries', {
            ...body,
            restricted: { ...body.restricted, realName: '郑\u0000可欣' },
          }),
        400,
        'VALIDATION_FAILED',
      );
      await refused(
        () =>
          as('caseworker', 'PATCH', `/api/v1/beneficiaries/${fileId}`, {
            version: 1,
            story: '喜欢\u202e画画',
          }),
        400,
        'VALIDATION_FAILED',
      );
      await refused(
        () =>
          as('caseworker', 'POST', `/api/v1/beneficiaries/${fileId}/consents`, {
            ...CONSENT,
            guardianName: '郑\r\n秀兰',
          }),
        400,
        'VALIDATION_FAILED',
      );
      await refused(
        () =>
          as('reviewer', 'POST', `/api/v1/staff/wishes/${draftId}/return`, {
            reason: '请修改\r\nINFO forged',
          }),
        400,
        'VALIDATION_FAILED',
      );
      await refused(
        () =>
          as('reviewer', 'POST', '/api/v1/staff/campaigns', {
            title: '活动\u0000',
            startsOn: '2030-01-01',
            endsOn: '2030-02-01',
            targetWishCount: 1,
          }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('a description keeps its line breaks but refuses NUL and a 501st character', async () => {
      const ok = await as('caseworker', 'POST', createWishUrl(), {
        ...wishBody(site),
        description: '第一行\n第二行',
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().description).toBe('第一行\n第二行');
      for (const description of ['说明\u0000', '字'.repeat(501)]) {
        const details = await refused(
          () => as('caseworker', 'POST', createWishUrl(), { ...wishBody(site), description }),
          400,
          'VALIDATION_FAILED',
        );
        expect(details.map((d) => d.path)).toEqual(['body.description']);
      }
    });

    it('stores HTML, script and SQL verbatim as text, and serves them back as JSON strings', async () => {
      const title = '<script>alert("x")</script>';
      const description = '\'); DROP TABLE wishes; --\n<img src=x onerror=alert(1)> & "quotes" \' OR 1=1 --';
      const before = countRows(t, 'wishes');
      const res = await as('caseworker', 'POST', createWishUrl(), { ...wishBody(site), title, description });
      expect(res.statusCode).toBe(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toMatchObject({ title, description });
      expect(countRows(t, 'wishes')).toBe(before + 1);
      const id = res.json().id as string;
      expect(t.sqlite.prepare('SELECT title, description FROM wishes WHERE public_id = ?').get(id)).toEqual({
        title,
        description,
      });
      expect((await as('caseworker', 'POST', `/api/v1/staff/wishes/${id}/submit`)).statusCode).toBe(200);
      expect((await as('reviewer', 'POST', `/api/v1/staff/wishes/${id}/approve`)).statusCode).toBe(200);
      const pub = await as(null, 'GET', `/api/v1/wishes/${id}`);
      expect(pub.headers['content-type']).toMatch(/^application\/json/);
      expect(publicWishDetailSchema.parse(pub.json())).toMatchObject({ title, description });
      const feed = await as(null, 'GET', '/api/v1/wishes?sort=newest&limit=1');
      expect(feed.json().items[0]).toMatchObject({ id, title });
    });
  });

  describe('size and shape', () => {
    it('a 100 000-character description → 413 PAYLOAD_TOO_LARGE, nothing written', async () => {
      await refused(
        () =>
          as('caseworker', 'POST', createWishUrl(), { ...wishBody(site), description: '字'.repeat(100_000) }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      await refused(
        () =>
          as('caseworker', 'PATCH', `/api/v1/beneficiaries/${fileId}`, {
            version: 1,
            story: 'a'.repeat(100_000),
          }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });

    it.each([
      [
        'deeply nested arrays as the description',
        () =>
          JSON.stringify(wishBody(site)).replace(
            /"description":"[^"]*"/,
            `"description":${'['.repeat(20_000)}${']'.repeat(20_000)}`,
          ),
      ],
      ['a deeply nested object as the body', () => `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
      ['a huge array as the body', () => JSON.stringify(Array.from({ length: 20_000 }, () => 1))],
      ['a JSON string as the body', () => '"一套画笔"'],
      ['null as the body', () => 'null'],
    ])('%s → 400 VALIDATION_FAILED, nothing written', async (_, payload) => {
      const text = payload();
      expect(text.length).toBeLessThan(t.config.limits.bodyLimitBytes);
      await refused(() => as('caseworker', 'POST', createWishUrl(), text), 400, 'VALIDATION_FAILED');
      await refused(() => as('caseworker', 'POST', '/api/v1/beneficiaries', text), 400, 'VALIDATION_FAILED');
    });
  });

  describe('personal data typed into public text', () => {
    it.each([
      ['an 18-digit ID number', '他的身份证号是11010519491231002X', 'id_number', '11010519491231002X'],
      ['a mobile number', '联系电话13812345678', 'mobile', '13812345678'],
      ['a landline', '请打0595-22345678联系', 'landline', '0595-22345678'],
      ['grade and class', '在三年级二班上学', 'school_class', '三年级二班'],
      ['a street address', '家住人民路12号', 'address', '人民路12号'],
      ['the child’s school', '在石桥镇中心小学读书', 'school', '石桥镇中心小学'],
      ['the guardian’s name', '由奶奶郑秀兰照顾', 'guardian_name', '郑秀兰'],
    ])(
      '%s in the description → 422 PRIVACY_FINDINGS at submission, still a draft',
      async (_, text, kind, span) => {
        const description = `孩子想要一个新书包。${text}`;
        const wish = await as('caseworker', 'POST', createWishUrl(), { ...wishBody(site), description });
        expect(wish.statusCode).toBe(201);
        const id = wish.json().id as string;
        const before = t.sqlite.prepare('SELECT status, version FROM wishes WHERE public_id = ?').get(id);
        const res = await as('caseworker', 'POST', `/api/v1/staff/wishes/${id}/submit`);
        expect(res.statusCode).toBe(422);
        expect(res.json().error.code).toBe('PRIVACY_FINDINGS');
        const findings = res.json().error.details as {
          field: string;
          kind: string;
          start: number;
          end: number;
          text: string;
        }[];
        expect(findings).toContainEqual(expect.objectContaining({ field: 'description', kind, text: span }));
        for (const f of findings) expect(description.slice(f.start, f.end)).toBe(f.text);
        expect(t.sqlite.prepare('SELECT status, version FROM wishes WHERE public_id = ?').get(id)).toEqual(
          before,
        );
      },
    );

    it('personal data in the story is refused when the file is written (field “story”)', async () => {
      const before = countRows(t, 'beneficiaries');
      const res = await as(
        'caseworker',
        'POST',
        '/api/v1/beneficiaries',
        fileBody(shangkeng, { consent: CONSENT, story: '郑可欣很爱笑，喜欢画画。' }),
      );
      expect(res.statusCode).toBe(422);
      expect(res.json().error.details).toEqual([
        expect.objectContaining({ field: 'story', kind: 'real_name', start: 0, end: 3, text: '郑可欣' }),
      ]);
      expect(countRows(t, 'beneficiaries')).toBe(before);
    });

    it('a story the guardian did not agree to publish is not shown', async () => {
      const file = await as(
        'caseworker',
        'POST',
        '/api/v1/beneficiaries',
        fileBody(shangkeng, {
          consent: { ...CONSENT, publishStory: false },
          story: '很爱笑，喜欢画画。',
        }),
      );
      const wish = await as(
        'caseworker',
        'POST',
        `/api/v1/beneficiaries/${file.json().id}/wishes`,
        wishBody(site),
      );
      const id = wish.json().id as string;
      expect((await as('caseworker', 'POST', `/api/v1/staff/wishes/${id}/submit`)).statusCode).toBe(200);
      expect((await as('reviewer', 'POST', `/api/v1/staff/wishes/${id}/approve`)).statusCode).toBe(200);
      const pub = await as(null, 'GET', `/api/v1/wishes/${id}`);
      expect(pub.json().story).toBeNull();
      expect(pub.body).not.toContain('很爱笑');
    });
  });

  describe('other people’s objects', () => {
    it('a caseworker of another organization can neither read nor change a wish or file (403, audited)', async () => {
      const other = addStaff(t, { name: '慈善总会社工', org: '云溪县慈善总会', role: 'caseworker' });
      const attempts: [Method, string, object?][] = [
        ['GET', `/api/v1/staff/wishes/${draftId}`],
        ['PATCH', `/api/v1/staff/wishes/${draftId}`, { version: 1, title: '改掉' }],
        ['POST', `/api/v1/staff/wishes/${draftId}/submit`],
        ['POST', `/api/v1/staff/wishes/${draftId}/cancel`, {}],
        ['GET', `/api/v1/beneficiaries/${fileId}`],
        ['PATCH', `/api/v1/beneficiaries/${fileId}`, { version: 1, pseudonym: '改名' }],
        ['POST', `/api/v1/beneficiaries/${fileId}/consents`, CONSENT],
        ['POST', `/api/v1/beneficiaries/${fileId}/consents/withdraw`],
        ['POST', `/api/v1/beneficiaries/${fileId}/wishes`, wishBody(site)],
      ];
      for (const [method, url, body] of attempts) {
        const refusals = auditEvents(t, 'access.refused').length;
        const before = snapshot();
        const res = await call(t, other.token, method, url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
        expect(res.body).not.toContain('郑可欣');
        expect(snapshot()).toEqual(before);
        expect(auditEvents(t, 'access.refused')).toHaveLength(refusals + 1);
        expect(auditEvents(t, 'access.refused').at(-1)).toMatchObject({ actor_user_id: other.userId });
      }
      // Their own lists do not show the bureau's files or wishes either.
      expect((await call(t, other.token, 'GET', '/api/v1/beneficiaries')).json().items).toEqual([]);
      expect((await call(t, other.token, 'GET', '/api/v1/staff/wishes')).json().items).toEqual([]);
    });

    it('guessed ids → 404 (WISH_NOT_FOUND, BENEFICIARY_NOT_FOUND), never a 500', async () => {
      const guess = newPublicId();
      for (const [method, url, body] of [
        ['GET', `/api/v1/staff/wishes/${guess}`],
        ['PATCH', `/api/v1/staff/wishes/${guess}`, { version: 1, title: '猜' }],
        ['POST', `/api/v1/staff/wishes/${guess}/submit`],
        ['POST', `/api/v1/staff/wishes/${guess}/cancel`, {}],
      ] as [Method, string, object?][]) {
        await refused(() => as('caseworker', method, url, body), 404, 'WISH_NOT_FOUND');
      }
      await refused(
        () => as('reviewer', 'POST', `/api/v1/staff/wishes/${guess}/approve`),
        404,
        'WISH_NOT_FOUND',
      );
      await refused(() => as(null, 'GET', `/api/v1/wishes/${guess}`), 404, 'WISH_NOT_FOUND');
      for (const [method, url, body] of [
        ['GET', `/api/v1/beneficiaries/${guess}`],
        ['PATCH', `/api/v1/beneficiaries/${guess}`, { version: 1, pseudonym: '猜' }],
        ['POST', `/api/v1/beneficiaries/${guess}/consents`, CONSENT],
        ['POST', `/api/v1/beneficiaries/${guess}/wishes`, wishBody(site)],
      ] as [Method, string, object?][]) {
        await refused(() => as('caseworker', method, url, body), 404, 'BENEFICIARY_NOT_FOUND');
      }
    });

    it('a draft, a cancelled wish and a wish in review are not public (404 on the public page)', async () => {
      const make = async () =>
        (await as('caseworker', 'POST', createWishUrl(), wishBody(site, { title: '不公开的心愿' }))).json()
          .id as string;
      const cancelled = await make();
      await as('caseworker', 'POST', `/api/v1/staff/wishes/${cancelled}/cancel`, {});
      const inReview = await make();
      await as('caseworker', 'POST', `/api/v1/staff/wishes/${inReview}/submit`);
      expect(
        t.sqlite
          .prepare('SELECT status FROM wishes WHERE public_id IN (?, ?, ?) ORDER BY status')
          .all(draftId, cancelled, inReview),
      ).toEqual([{ status: 'cancelled' }, { status: 'draft' }, { status: 'in_review' }]);
      for (const id of [draftId, cancelled, inReview]) {
        const res = await as(null, 'GET', `/api/v1/wishes/${id}`);
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('WISH_NOT_FOUND');
      }
      const feed = await as(null, 'GET', '/api/v1/wishes?sort=newest&limit=50');
      expect(feed.body).not.toContain('不公开的心愿');
    });
  });

  describe('query strings', () => {
    it.each([
      '?limit=100000',
      '?limit=99999999999999999999999',
      '?limit=-1',
      '?limit=1&limit=2',
      '?category=illness&category=education',
      '?sort=urgent&sort=newest',
      '?sort=cheapest',
      '?sort=id;DROP TABLE wishes',
      '?category=illness,dragons',
      '?category=,',
      '?urgency=red,purple',
      '?kind=toy',
      '?minValueFen=-1',
      '?minValueFen=1e3',
      '?minValueFen=12.5',
      '?maxValueFen=%EF%BC%91%EF%BC%90%EF%BC%90',
      '?region=not-an-id',
      '?category=%E0%A4%A',
      '?sort=%E0%A4%A',
      '?kind=%FF',
    ])('GET /api/v1/wishes%s → 400 VALIDATION_FAILED', async (query) => {
      const res = await as(null, 'GET', `/api/v1/wishes${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    });

    it.each([
      '?limit=100000',
      '?limit=0',
      '?q=a&q=b',
      '?category=illness&category=education',
      '?category=illness,education',
      '?category=dragons',
      '?urgency=purple',
      '?regionId=not-an-id',
      '?regionId=%E0%A4%A',
      `?q=${'长'.repeat(21)}`,
    ])('GET /api/v1/beneficiaries%s → 400 VALIDATION_FAILED', async (query) => {
      const res = await as('caseworker', 'GET', `/api/v1/beneficiaries${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    });

    it('runs a search as text: SQL and LIKE wildcards match nothing, a bad cursor is 400 INVALID_CURSOR', async () => {
      for (const q of ["' OR 1=1 --", '%', '_', '*']) {
        const res = await as('caseworker', 'GET', `/api/v1/beneficiaries?q=${encodeURIComponent(q)}`);
        expect(res.statusCode, q).toBe(200);
        expect(res.json().items, q).toEqual([]);
      }
      const cursor = await as('caseworker', 'GET', '/api/v1/beneficiaries?cursor=garbage');
      expect(cursor.statusCode).toBe(400);
      expect(cursor.json().error.code).toBe('INVALID_CURSOR');
    });

    it('GET /api/v1/staff/wishes and the review queue refuse the same way', async () => {
      for (const query of [
        '?limit=100000',
        '?status=approved',
        '?status=draft&status=returned',
        '?beneficiaryId=x',
      ]) {
        const res = await as('caseworker', 'GET', `/api/v1/staff/wishes${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }
      const queue = await as('reviewer', 'GET', '/api/v1/staff/review-queue?limit=1&limit=2');
      expect(queue.statusCode).toBe(400);
      expect(queue.json().error.code).toBe('VALIDATION_FAILED');
    });
  });
});

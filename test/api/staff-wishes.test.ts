import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beneficiaryFileSchema } from '../../shared/schemas/beneficiaries';
import { staffWishSchema, type CreateWishBody, type StaffWish } from '../../shared/schemas/staff-wishes';
import { newPublicId } from '../../server/ids';
import { type FakeWechat, startFakeWechat } from '../fakes/wechat-server';
import { createTestApp } from '../support/test-app';
import {
  auditEvents,
  call,
  CONSENT,
  countRows,
  demoLogin,
  fileBody,
  personaUserId,
  publicIdOf,
  wishBody,
  type Method,
} from '../support/staff';

// Caseworkers draft wishes for the files they keep, edit them at a version, and submit them for
// review — past the consent check, the privacy linter and (when configured) WeChat's content check.

/** The app, the caseworker's and reviewer's tokens, the 上坑村 hand-over site, and wish helpers. */
async function staffWorld(env?: Record<string, string>) {
  const t = await createTestApp({ demo: true, ...(env && { env }) });
  const tokens: Record<string, string> = {};
  for (const persona of ['caseworker', 'reviewer', 'org_admin', 'donor']) {
    tokens[persona] = await demoLogin(t, persona);
  }
  const as = (persona: string, method: Method, url: string, payload?: object) =>
    call(t, tokens[persona]!, method, url, payload);
  const sites = await as('caseworker', 'GET', '/api/v1/staff/sites');
  const siteId = (sites.json().items as { id: string; name: string }[]).find(
    (s) => s.name === '上坑村儿童之家',
  )!.id;
  const shangkeng = publicIdOf(t, 'regions', '上坑村');

  const newFile = async (consent = true) => {
    const res = await as(
      'caseworker',
      'POST',
      '/api/v1/beneficiaries',
      fileBody(shangkeng, consent ? { consent: CONSENT } : {}),
    );
    expect(res.statusCode).toBe(201);
    return beneficiaryFileSchema.parse(res.json());
  };
  const newWish = async (fileId: string, over: Partial<CreateWishBody> = {}) => {
    const res = await as(
      'caseworker',
      'POST',
      `/api/v1/beneficiaries/${fileId}/wishes`,
      wishBody(siteId, over),
    );
    expect(res.statusCode).toBe(201);
    return staffWishSchema.parse(res.json());
  };
  const getWish = async (id: string) => {
    const res = await as('caseworker', 'GET', `/api/v1/staff/wishes/${id}`);
    expect(res.statusCode).toBe(200);
    return staffWishSchema.parse(res.json());
  };
  const submit = (id: string) => as('caseworker', 'POST', `/api/v1/staff/wishes/${id}/submit`);
  /** What the database holds of a wish: what a refused request must leave alone. */
  const stored = (id: string) =>
    t.sqlite
      .prepare(
        'SELECT status, version, title, description, content_check, submitted_at FROM wishes WHERE public_id = ?',
      )
      .get(id) as {
      status: string;
      version: number;
      title: string;
      description: string;
      content_check: string | null;
      submitted_at: number | null;
    };
  return { t, tokens, as, siteId, shangkeng, newFile, newWish, getWish, submit, stored };
}

describe('drafting and submitting wishes', () => {
  let w: Awaited<ReturnType<typeof staffWorld>>;
  let fileId: string;
  beforeAll(async () => {
    w = await staffWorld();
    fileId = (await w.newFile()).id;
  });
  afterAll(() => w.t.close());

  it('creates a draft for a file (201) with the file’s public side copied, and audits it', async () => {
    const before = countRows(w.t, 'wishes');
    const res = await w.as(
      'caseworker',
      'POST',
      `/api/v1/beneficiaries/${fileId}/wishes`,
      wishBody(w.siteId),
    );
    expect(res.statusCode).toBe(201);
    const wish = staffWishSchema.parse(res.json());
    expect(wish).toMatchObject({
      status: 'draft',
      version: 1,
      title: '一套水彩画笔和画本',
      estimatedValueFen: 12000,
      contentCheck: null,
      returnReason: null,
      submittedAt: null,
      publishedAt: null,
      createdBy: '儿童主任·林姐',
      handoverSite: { id: w.siteId, name: '上坑村儿童之家' },
      region: { name: '上坑村' },
      town: { name: '石桥镇' },
      campaign: null,
      beneficiary: {
        id: fileId,
        pseudonym: '小树苗',
        category: 'left_behind',
        urgency: 'orange',
        consentGiven: true,
      },
    });
    // Staff see the public side of the file, never its restricted side.
    expect(res.body).not.toContain('郑可欣');
    expect(countRows(w.t, 'wishes')).toBe(before + 1);
    expect(auditEvents(w.t, 'wish.created').at(-1)).toMatchObject({
      actor_user_id: personaUserId(w.t, 'caseworker'),
      target_id: wish.id,
    });
  });

  it('edits a draft at its version; a stale version is refused (409 EDIT_CONFLICT) and changes nothing', async () => {
    const wish = await w.newWish(fileId);
    const res = await w.as('caseworker', 'PATCH', `/api/v1/staff/wishes/${wish.id}`, {
      version: 1,
      title: '一套油画棒和画本',
      estimatedValueFen: 15000,
    });
    expect(res.statusCode).toBe(200);
    expect(staffWishSchema.parse(res.json())).toMatchObject({
      title: '一套油画棒和画本',
      estimatedValueFen: 15000,
      description: wish.description,
      version: 2,
    });
    const stale = await w.as('caseworker', 'PATCH', `/api/v1/staff/wishes/${wish.id}`, {
      version: 1,
      title: '覆盖了同事的修改',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('EDIT_CONFLICT');
    expect(w.stored(wish.id)).toMatchObject({ title: '一套油画棒和画本', version: 2 });
  });

  it('refuses to submit a wish whose file has no guardian consent (422 CONSENT_REQUIRED)', async () => {
    // The demo's draft for 小冬: her file has no consent yet.
    const { public_id: id } = w.t.sqlite
      .prepare("SELECT public_id FROM wishes WHERE pseudonym = '小冬' AND status = 'draft'")
      .get() as { public_id: string };
    const before = w.stored(id);
    const res = await w.submit(id);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CONSENT_REQUIRED');
    expect(w.stored(id)).toEqual(before);

    const noConsent = await w.newFile(false);
    const draft = await w.newWish(noConsent.id);
    expect((await w.submit(draft.id)).json().error.code).toBe('CONSENT_REQUIRED');
    expect(w.stored(draft.id)).toMatchObject({ status: 'draft', version: 1 });
  });

  it('refuses a phone number in the description (422 PRIVACY_FINDINGS) pointing at its exact span', async () => {
    const description = '孩子想要一个新书包。联系电话13812345678';
    const wish = await w.newWish(fileId, { description });
    const before = w.stored(wish.id);
    const res = await w.submit(wish.id);
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('PRIVACY_FINDINGS');
    const start = description.indexOf('138');
    expect(error.details).toEqual([
      {
        field: 'description',
        kind: 'mobile',
        start,
        end: start + 11,
        text: '13812345678',
        message: expect.any(String),
      },
    ]);
    expect(description.slice(error.details[0].start, error.details[0].end)).toBe('13812345678');
    expect(w.stored(wish.id)).toEqual(before);
    expect(before).toMatchObject({ status: 'draft', version: 1, submitted_at: null });
  });

  it('refuses the child’s real name in the title (PRIVACY_FINDINGS real_name) and changes nothing', async () => {
    const file = await w.as('caseworker', 'GET', `/api/v1/beneficiaries/${fileId}`);
    const { realName } = beneficiaryFileSchema.parse(file.json()).restricted;
    const title = `给${realName}的新书包`;
    const wish = await w.newWish(fileId, { title });
    const before = w.stored(wish.id);
    const res = await w.submit(wish.id);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PRIVACY_FINDINGS');
    const findings = res.json().error.details as {
      field: string;
      kind: string;
      start: number;
      end: number;
      text: string;
    }[];
    expect(findings).toContainEqual(
      expect.objectContaining({
        field: 'title',
        kind: 'real_name',
        start: 1,
        end: 1 + realName.length,
        text: realName,
      }),
    );
    expect(findings.every((f) => f.field === 'title' && f.kind === 'real_name')).toBe(true);
    expect(w.stored(wish.id)).toEqual(before);
  });

  it('submits clean text: in review, content check “unchecked” without WeChat, audited', async () => {
    const wish = await w.newWish(fileId);
    const res = await w.submit(wish.id);
    expect(res.statusCode).toBe(200);
    const submitted = staffWishSchema.parse(res.json());
    expect(submitted).toMatchObject({ status: 'in_review', contentCheck: 'unchecked', version: 2 });
    expect(submitted.submittedAt).not.toBeNull();
    expect(w.stored(wish.id)).toMatchObject({ status: 'in_review', content_check: 'unchecked', version: 2 });
    expect(auditEvents(w.t, 'wish.submitted').at(-1)).toMatchObject({
      target_id: wish.id,
      actor_user_id: personaUserId(w.t, 'caseworker'),
    });
  });

  it('refuses to edit a wish in review (422 WISH_NOT_EDITABLE): what the reviewer sees is what gets published', async () => {
    const wish = await w.newWish(fileId);
    await w.submit(wish.id);
    const res = await w.as('caseworker', 'PATCH', `/api/v1/staff/wishes/${wish.id}`, {
      version: 2,
      title: '偷偷改掉的标题',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('WISH_NOT_EDITABLE');
    expect(w.stored(wish.id)).toMatchObject({ title: wish.title, version: 2, status: 'in_review' });
  });

  it('refuses shares that do not divide the value into whole fen (422 SHARES_UNEVEN), on create and on edit', async () => {
    const before = countRows(w.t, 'wishes');
    const res = await w.as(
      'caseworker',
      'POST',
      `/api/v1/beneficiaries/${fileId}/wishes`,
      wishBody(w.siteId, { estimatedValueFen: 10000, shares: 3 }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('SHARES_UNEVEN');
    expect(countRows(w.t, 'wishes')).toBe(before);

    const split = await w.newWish(fileId, { estimatedValueFen: 12000, shares: 4 });
    expect(split.shares).toBe(4);
    for (const change of [{ shares: 7 }, { estimatedValueFen: 12001 }]) {
      const edit = await w.as('caseworker', 'PATCH', `/api/v1/staff/wishes/${split.id}`, {
        version: 1,
        ...change,
      });
      expect(edit.statusCode).toBe(422);
      expect(edit.json().error.code).toBe('SHARES_UNEVEN');
    }
    expect(w.stored(split.id)).toMatchObject({ version: 1 });
    expect((await w.getWish(split.id)).estimatedValueFen).toBe(12000);
  });

  it('refuses another organization’s hand-over site, or an unknown one (404 HANDOVER_SITE_NOT_FOUND)', async () => {
    const site = await w.as('org_admin', 'POST', '/api/v1/staff/sites', {
      name: '慈善总会服务站',
      regionId: publicIdOf(w.t, 'regions', '东门社区'),
    });
    expect(site.statusCode).toBe(201);
    const before = countRows(w.t, 'wishes');
    for (const handoverSiteId of [site.json().id as string, newPublicId()]) {
      const res = await w.as(
        'caseworker',
        'POST',
        `/api/v1/beneficiaries/${fileId}/wishes`,
        wishBody(w.siteId, { handoverSiteId }),
      );
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('HANDOVER_SITE_NOT_FOUND');
    }
    expect(countRows(w.t, 'wishes')).toBe(before);
    const draft = await w.newWish(fileId);
    const edit = await w.as('caseworker', 'PATCH', `/api/v1/staff/wishes/${draft.id}`, {
      version: 1,
      handoverSiteId: site.json().id,
    });
    expect(edit.json().error.code).toBe('HANDOVER_SITE_NOT_FOUND');
    expect((await w.getWish(draft.id)).handoverSite.id).toBe(w.siteId);
  });

  it('refuses a campaign that has ended (422 CAMPAIGN_ENDED); a running one is accepted', async () => {
    const now = Date.now();
    const ended = newPublicId();
    w.t.sqlite
      .prepare(
        `INSERT INTO campaigns (public_id, org_id, title, starts_on, ends_on, ends_at, target_wish_count, created_by, created_at)
         SELECT ?, id, '去年的六一活动', '2025-05-20', '2025-06-01', ?, 10, ?, ? FROM organizations WHERE name = '云溪县民政局儿童福利股'`,
      )
      .run(ended, now - 1000, personaUserId(w.t, 'reviewer'), now - 10_000);
    const before = countRows(w.t, 'wishes');
    const res = await w.as(
      'caseworker',
      'POST',
      `/api/v1/beneficiaries/${fileId}/wishes`,
      wishBody(w.siteId, { campaignId: ended }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CAMPAIGN_ENDED');
    expect(countRows(w.t, 'wishes')).toBe(before);

    const draft = await w.newWish(fileId);
    const edit = await w.as('caseworker', 'PATCH', `/api/v1/staff/wishes/${draft.id}`, {
      version: 1,
      campaignId: ended,
    });
    expect(edit.json().error.code).toBe('CAMPAIGN_ENDED');
    expect((await w.getWish(draft.id)).campaign).toBeNull();

    const running = w.t.sqlite
      .prepare("SELECT public_id FROM campaigns WHERE title = '冬日暖心·点亮微心愿'")
      .get() as {
      public_id: string;
    };
    const joined = await w.newWish(fileId, { campaignId: running.public_id });
    expect(joined.campaign).toMatchObject({ id: running.public_id, title: '冬日暖心·点亮微心愿' });
    const unknown = await w.as(
      'caseworker',
      'POST',
      `/api/v1/beneficiaries/${fileId}/wishes`,
      wishBody(w.siteId, { campaignId: newPublicId() }),
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('CAMPAIGN_NOT_FOUND');
  });

  it('cancels a draft with a reason, audited', async () => {
    const wish = await w.newWish(fileId);
    const res = await w.as('caseworker', 'POST', `/api/v1/staff/wishes/${wish.id}/cancel`, {
      reason: '孩子已经有了',
    });
    expect(res.statusCode).toBe(200);
    expect(staffWishSchema.parse(res.json())).toMatchObject({ status: 'cancelled', version: 2 });
    expect(w.stored(wish.id).status).toBe('cancelled');
    expect(auditEvents(w.t, 'wish.cancelled').at(-1)).toMatchObject({ target_id: wish.id });
    // Cancelled wishes cannot be edited either.
    const edit = await w.as('caseworker', 'PATCH', `/api/v1/staff/wishes/${wish.id}`, {
      version: 2,
      title: '复活',
    });
    expect(edit.json().error.code).toBe('WISH_NOT_EDITABLE');
  });

  it('refuses staff writes by donors and anonymous callers, and by the reviewer on drafting', async () => {
    const wish = await w.newWish(fileId);
    const before = countRows(w.t, 'wishes');
    expect(
      (await w.as('donor', 'POST', `/api/v1/beneficiaries/${fileId}/wishes`, wishBody(w.siteId))).statusCode,
    ).toBe(403);
    expect(
      (await w.as('reviewer', 'POST', `/api/v1/beneficiaries/${fileId}/wishes`, wishBody(w.siteId)))
        .statusCode,
    ).toBe(403);
    expect((await w.as('donor', 'POST', `/api/v1/staff/wishes/${wish.id}/submit`)).statusCode).toBe(403);
    expect((await w.as('reviewer', 'POST', `/api/v1/staff/wishes/${wish.id}/submit`)).statusCode).toBe(403);
    expect((await call(w.t, null, 'POST', `/api/v1/staff/wishes/${wish.id}/submit`)).statusCode).toBe(401);
    expect(countRows(w.t, 'wishes')).toBe(before);
    expect(w.stored(wish.id)).toMatchObject({ status: 'draft', version: 1 });
  });

  describe('moves the lifecycle does not allow → 422 WISH_TRANSITION_REFUSED, nothing changed', () => {
    let draft: StaffWish;
    let published: string;
    let cancelled: StaffWish;
    beforeAll(async () => {
      draft = await w.newWish(fileId);
      const wish = await w.newWish(fileId);
      await w.submit(wish.id);
      expect((await w.as('reviewer', 'POST', `/api/v1/staff/wishes/${wish.id}/approve`)).statusCode).toBe(
        200,
      );
      published = wish.id;
      cancelled = await w.newWish(fileId);
      await w.as('caseworker', 'POST', `/api/v1/staff/wishes/${cancelled.id}/cancel`, {});
    });

    it.each([
      ['approving a draft', 'reviewer', () => draft.id, 'approve', undefined, 'draft'],
      [
        'returning a published wish',
        'reviewer',
        () => published,
        'return',
        { reason: '再看看' },
        'published',
      ],
      ['submitting a published wish', 'caseworker', () => published, 'submit', undefined, 'published'],
      ['cancelling a cancelled wish', 'caseworker', () => cancelled.id, 'cancel', {}, 'cancelled'],
    ] as const)('%s', async (_, persona, id, event, body, status) => {
      const before = w.stored(id());
      const res = await w.as(persona, 'POST', `/api/v1/staff/wishes/${id()}/${event}`, body);
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'WISH_TRANSITION_REFUSED', details: { status, event } });
      expect(w.stored(id())).toEqual(before);
      expect(before.status).toBe(status);
    });
  });
});

describe('submitting through WeChat’s content check (fake WeChat server)', () => {
  const OPENID = 'o-caseworker-openid';
  let fake: FakeWechat;
  let w: Awaited<ReturnType<typeof staffWorld>>;
  let fileId: string;
  beforeAll(async () => {
    fake = await startFakeWechat({ riskyWords: ['违禁词'], reviewWords: ['加微信'] });
    w = await staffWorld({
      WECHAT_API_BASE: fake.baseUrl,
      WECHAT_APPID: fake.appId,
      WECHAT_SECRET: fake.appSecret,
    });
    w.t.sqlite.prepare("UPDATE users SET wechat_openid = ? WHERE demo_persona = 'caseworker'").run(OPENID);
    fileId = (await w.newFile()).id;
  });
  afterAll(async () => {
    await w.t.close();
    await fake.close();
  });
  const secChecks = () => fake.requests.filter((r) => r.path === '/wxa/msg_sec_check');

  it('refuses risky text (422 CONTENT_RISKY); the wish stays a draft', async () => {
    const wish = await w.newWish(fileId, { description: '孩子想要一个书包，这里有一个违禁词。' });
    const before = w.stored(wish.id);
    const res = await w.submit(wish.id);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CONTENT_RISKY');
    expect(w.stored(wish.id)).toEqual(before);
    expect(before.status).toBe('draft');
  });

  it('passes a “review” verdict on to the reviewer', async () => {
    const wish = await w.newWish(fileId, { description: '孩子想要一个书包，有意者加微信。' });
    const res = await w.submit(wish.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'in_review', contentCheck: 'review' });
    expect(w.stored(wish.id).content_check).toBe('review');
  });

  it('marks clean text “pass”; the request carried version 2, the caseworker’s openid, the title and the text', async () => {
    const wish = await w.newWish(fileId);
    const sent = secChecks().length;
    const res = await w.submit(wish.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'in_review', contentCheck: 'pass' });
    const requests = secChecks().slice(sent);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body).toMatchObject({
      version: 2,
      openid: OPENID,
      title: wish.title,
      content: expect.stringContaining(wish.description),
    });
  });

  it('does not block the caseworker when WeChat is down (errcode -1): in review, “unchecked”', async () => {
    const wish = await w.newWish(fileId);
    fake.setNextSecCheckError(-1, 'system error');
    const res = await w.submit(wish.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'in_review', contentCheck: 'unchecked' });
  });

  it('does not ask WeChat for a caseworker without an openid (“unchecked”)', async () => {
    w.t.sqlite.prepare("UPDATE users SET wechat_openid = NULL WHERE demo_persona = 'caseworker'").run();
    try {
      const wish = await w.newWish(fileId, { description: '孩子想要一个书包，这里有一个违禁词。' });
      const sent = secChecks().length;
      const res = await w.submit(wish.id);
      expect(res.json()).toMatchObject({ status: 'in_review', contentCheck: 'unchecked' });
      expect(secChecks()).toHaveLength(sent);
    } finally {
      w.t.sqlite.prepare("UPDATE users SET wechat_openid = ? WHERE demo_persona = 'caseworker'").run(OPENID);
    }
  });

  it('checks the privacy linter before WeChat: personal data never leaves for WeChat', async () => {
    const wish = await w.newWish(fileId, { description: '孩子想要一个书包。联系电话13812345678' });
    const sent = secChecks().length;
    const res = await w.submit(wish.id);
    expect(res.json().error.code).toBe('PRIVACY_FINDINGS');
    expect(secChecks()).toHaveLength(sent);
  });
});

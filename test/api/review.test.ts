import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../shared/china-date';
import type { UrgencyLevel } from '../../shared/constants';
import { beneficiaryFileSchema } from '../../shared/schemas/beneficiaries';
import {
  campaignSchema,
  staffWishPageSchema,
  staffWishSchema,
  type StaffWish,
} from '../../shared/schemas/staff-wishes';
import {
  publicCampaignListSchema,
  publicWishDetailSchema,
  wishFeedPageSchema,
} from '../../shared/schemas/wishes';
import { newPublicId } from '../../server/ids';
import { expireEndedCampaignWishes } from '../../server/modules/staff-wishes/campaigns';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  addStaff,
  auditEvents,
  call,
  CONSENT,
  demoLogin,
  fileBody,
  personaUserId,
  publicIdOf,
  wishBody,
  type Method,
} from '../support/staff';

// Reviewers of an organization and town decide on the wishes caseworkers submit: a queue with the
// most urgent and longest waiting on top, approval into the public feed, return with a reason.

const BUREAU = '云溪县民政局儿童福利股';
const DAY_MS = 24 * 60 * 60 * 1000;

describe('review', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let shangkengSite: string;
  let nanlingSite: string;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    for (const persona of ['caseworker', 'reviewer', 'donor']) tokens[persona] = await demoLogin(t, persona);
    tokens.nanlingCaseworker = addStaff(t, {
      name: '南岭村儿童主任',
      org: BUREAU,
      role: 'caseworker',
      region: '南岭村',
    }).token;
    const sites = (await as('caseworker', 'GET', '/api/v1/staff/sites')).json().items as {
      id: string;
      name: string;
    }[];
    shangkengSite = sites.find((s) => s.name === '上坑村儿童之家')!.id;
    nanlingSite = sites.find((s) => s.name === '南岭镇未成年人保护工作站')!.id;
  });
  afterAll(() => t.close());

  function as(who: string | null, method: Method, url: string, payload?: object) {
    return call(t, who === null ? null : (tokens[who] ?? who), method, url, payload);
  }

  /** A consented file of `urgency` and one submitted wish for it, by the caseworker `who` in `village`. */
  async function submitted(urgency: UrgencyLevel, title: string, who = 'caseworker', village = '上坑村') {
    const site = village === '上坑村' ? shangkengSite : nanlingSite;
    const file = await as(who, 'POST', '/api/v1/beneficiaries', {
      ...fileBody(publicIdOf(t, 'regions', village), { urgency, consent: CONSENT }),
    });
    expect(file.statusCode).toBe(201);
    const fileId = beneficiaryFileSchema.parse(file.json()).id;
    const wish = await as(who, 'POST', `/api/v1/beneficiaries/${fileId}/wishes`, wishBody(site, { title }));
    expect(wish.statusCode).toBe(201);
    const res = await as(who, 'POST', `/api/v1/staff/wishes/${wish.json().id}/submit`);
    expect(res.statusCode).toBe(200);
    // Submission times are milliseconds: keep them apart so the order is the one written here.
    await sleep(3);
    return { fileId, wish: staffWishSchema.parse(res.json()) };
  }
  const queue = async (who: string, query = '?limit=50') => {
    const res = await as(who, 'GET', `/api/v1/staff/review-queue${query}`);
    expect(res.statusCode).toBe(200);
    return staffWishPageSchema.parse(res.json());
  };
  const stored = (id: string) =>
    t.sqlite.prepare('SELECT status, version, expires_at FROM wishes WHERE public_id = ?').get(id) as {
      status: string;
      version: number;
      expires_at: number | null;
    };

  describe('the queue', () => {
    const w: Record<string, StaffWish> = {};
    let xiaoqin: string;
    beforeAll(async () => {
      xiaoqin = (
        t.sqlite.prepare("SELECT public_id FROM wishes WHERE pseudonym = '小琴'").get() as {
          public_id: string;
        }
      ).public_id;
      w.blue = (await submitted('blue', '一个保温杯')).wish;
      w.red1 = (await submitted('red', '一床厚棉被')).wish;
      w.nanling = (await submitted('red', '一件羽绒服', 'nanlingCaseworker', '南岭村')).wish;
      w.red2 = (await submitted('red', '一双棉鞋')).wish;
      w.yellow = (await submitted('yellow', '一本字典')).wish;
    });

    it('holds her organization’s and town’s wishes in review: urgent first, then the oldest submission', async () => {
      const page = await queue('reviewer');
      // 小琴 (yellow, demo) was submitted two days ago: before today's yellow one.
      expect(page.items.map((x) => x.id)).toEqual([
        w.red1!.id,
        w.red2!.id,
        xiaoqin,
        w.yellow!.id,
        w.blue!.id,
      ]);
      expect(page.items.every((x) => x.status === 'in_review')).toBe(true);
      expect(page.nextCursor).toBeNull();
      // Not the wish of another town of the same organization, nor drafts.
      expect(page.items.map((x) => x.id)).not.toContain(w.nanling!.id);
    });

    it('pages through the same order with the cursor, each wish once', async () => {
      const all = (await queue('reviewer')).items.map((x) => x.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await queue(
          'reviewer',
          `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(seen).toEqual(all);
      expect(pages).toBe(3);
    });

    it('gives the reviewer of the other town only that town’s wish', async () => {
      const other = addStaff(t, { name: '南岭镇督导员', org: BUREAU, role: 'reviewer', region: '南岭镇' });
      const page = await queue(other.token);
      expect(page.items.map((x) => x.id)).toEqual([w.nanling!.id]);
    });

    it('refuses the queue to caseworkers and donors (403), and an unreadable cursor (400)', async () => {
      expect((await as('caseworker', 'GET', '/api/v1/staff/review-queue')).statusCode).toBe(403);
      expect((await as('donor', 'GET', '/api/v1/staff/review-queue')).statusCode).toBe(403);
      const bad = await as('reviewer', 'GET', '/api/v1/staff/review-queue?cursor=garbage');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('INVALID_CURSOR');
    });
  });

  describe('decisions', () => {
    it('approve → published, in the public feed and detail, audited', async () => {
      const { wish } = await submitted('orange', '一盏护眼台灯');
      expect((await as(null, 'GET', `/api/v1/wishes/${wish.id}`)).statusCode).toBe(404);
      const res = await as('reviewer', 'POST', `/api/v1/staff/wishes/${wish.id}/approve`);
      expect(res.statusCode).toBe(200);
      const approved = staffWishSchema.parse(res.json());
      expect(approved).toMatchObject({ status: 'published', version: wish.version + 1 });
      expect(approved.publishedAt).not.toBeNull();
      expect(approved.reviewedAt).not.toBeNull();

      const detail = await as(null, 'GET', `/api/v1/wishes/${wish.id}`);
      expect(detail.statusCode).toBe(200);
      expect(publicWishDetailSchema.parse(detail.json())).toMatchObject({
        title: '一盏护眼台灯',
        status: 'published',
        pseudonym: '小树苗',
        town: '石桥镇',
        story: '喜欢画画，也喜欢和小伙伴一起跳绳。',
        handover: { organization: BUREAU, town: '石桥镇' },
      });
      expect(detail.body).not.toContain('郑可欣');
      const feed = wishFeedPageSchema.parse(
        (await as(null, 'GET', '/api/v1/wishes?sort=newest&limit=5')).json(),
      );
      expect(feed.items[0]!.id).toBe(wish.id);
      expect(auditEvents(t, 'wish.approved').at(-1)).toMatchObject({
        actor_user_id: personaUserId(t, 'reviewer'),
        target_id: wish.id,
        outcome: 'ok',
      });
      expect((await queue('reviewer')).items.map((x) => x.id)).not.toContain(wish.id);
    });

    it('return with a reason → returned, the reason shown to the caseworker, audited; a reason is required', async () => {
      const { wish } = await submitted('orange', '一套跳绳和毽子');
      const noReason = await as('reviewer', 'POST', `/api/v1/staff/wishes/${wish.id}/return`, {});
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.code).toBe('VALIDATION_FAILED');
      expect(stored(wish.id).status).toBe('in_review');

      const reason = '请写清楚跳绳的长度和孩子的身高';
      const res = await as('reviewer', 'POST', `/api/v1/staff/wishes/${wish.id}/return`, { reason });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'returned', returnReason: reason });
      const seen = await as('caseworker', 'GET', `/api/v1/staff/wishes/${wish.id}`);
      expect(staffWishSchema.parse(seen.json())).toMatchObject({ status: 'returned', returnReason: reason });
      expect(auditEvents(t, 'wish.returned').at(-1)).toMatchObject({
        actor_user_id: personaUserId(t, 'reviewer'),
        target_id: wish.id,
      });
      expect((await as(null, 'GET', `/api/v1/wishes/${wish.id}`)).statusCode).toBe(404);
      // The caseworker can now edit it and send it back.
      const edited = await as('caseworker', 'PATCH', `/api/v1/staff/wishes/${wish.id}`, {
        version: res.json().version,
        description: '一根 2.5 米的跳绳和两个毽子，孩子身高一米三。',
      });
      expect(edited.statusCode).toBe(200);
      expect((await as('caseworker', 'POST', `/api/v1/staff/wishes/${wish.id}/submit`)).json().status).toBe(
        'in_review',
      );
    });

    it.each([
      [
        'a reviewer of another organization',
        () => addStaff(t, { name: '慈善总会审核员', org: '云溪县慈善总会', role: 'reviewer' }),
      ],
      [
        'a reviewer of another town',
        () => addStaff(t, { name: '南岭镇审核员', org: BUREAU, role: 'reviewer', region: '南岭镇' }),
      ],
      [
        'the caseworker who wrote it',
        () => ({ token: tokens.caseworker!, userId: personaUserId(t, 'caseworker') }),
      ],
    ])('refuses approval and return by %s (403), audited, nothing changed', async (_, who) => {
      const { wish } = await submitted('yellow', '一个新书包');
      const { token, userId } = who();
      const before = stored(wish.id);
      const refusals = auditEvents(t, 'access.refused').length;
      const approve = await call(t, token, 'POST', `/api/v1/staff/wishes/${wish.id}/approve`);
      expect(approve.statusCode).toBe(403);
      expect(approve.json().error.code).toBe('FORBIDDEN');
      const ret = await call(t, token, 'POST', `/api/v1/staff/wishes/${wish.id}/return`, { reason: '不行' });
      expect(ret.statusCode).toBe(403);
      const refused = auditEvents(t, 'access.refused');
      expect(refused).toHaveLength(refusals + 2);
      expect(refused.at(-1)).toMatchObject({
        actor_user_id: userId,
        target_type: 'wish',
        target_id: wish.id,
      });
      expect(stored(wish.id)).toEqual(before);
    });

    it('after consent is withdrawn: the wish went back to the caseworker, approval is refused', async () => {
      const { fileId, wish } = await submitted('orange', '一副羽毛球拍');
      expect(
        (await as('caseworker', 'POST', `/api/v1/beneficiaries/${fileId}/consents/withdraw`)).statusCode,
      ).toBe(200);
      const res = await as('reviewer', 'POST', `/api/v1/staff/wishes/${wish.id}/approve`);
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({
        code: 'WISH_TRANSITION_REFUSED',
        details: { status: 'returned' },
      });
      expect(stored(wish.id).status).toBe('returned');
    });

    it('approval re-checks consent: a wish still in review whose consent is gone → 422 CONSENT_REQUIRED', async () => {
      const { fileId, wish } = await submitted('orange', '一个足球');
      // As if the consent were withdrawn between the queue loading and the click.
      t.sqlite
        .prepare(
          'UPDATE beneficiary_consents SET withdrawn_at = ? WHERE beneficiary_id = (SELECT id FROM beneficiaries WHERE public_id = ?)',
        )
        .run(Date.now(), fileId);
      const before = stored(wish.id);
      const res = await as('reviewer', 'POST', `/api/v1/staff/wishes/${wish.id}/approve`);
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('CONSENT_REQUIRED');
      expect(stored(wish.id)).toEqual(before);
      expect((await as(null, 'GET', `/api/v1/wishes/${wish.id}`)).statusCode).toBe(404);
    });
  });

  describe('a wish of a campaign that ended while it waited', () => {
    it('is refused approval (422 CAMPAIGN_ENDED) and stays in review', async () => {
      const created = await as('reviewer', 'POST', '/api/v1/staff/campaigns', {
        title: '短期活动',
        startsOn: chinaDate(Date.now()),
        endsOn: chinaDate(Date.now() + 3 * DAY_MS),
        targetWishCount: 2,
      });
      const campaignId = created.json().id as string;
      const file = await as(
        'caseworker',
        'POST',
        '/api/v1/beneficiaries',
        fileBody(publicIdOf(t, 'regions', '上坑村'), { consent: CONSENT }),
      );
      const wish = await as(
        'caseworker',
        'POST',
        `/api/v1/beneficiaries/${file.json().id}/wishes`,
        wishBody(shangkengSite, { campaignId }),
      );
      const id = wish.json().id as string;
      expect((await as('caseworker', 'POST', `/api/v1/staff/wishes/${id}/submit`)).statusCode).toBe(200);
      t.sqlite
        .prepare('UPDATE campaigns SET ends_at = ? WHERE public_id = ?')
        .run(Date.now() - 1, campaignId);
      const before = stored(id);
      const res = await as('reviewer', 'POST', `/api/v1/staff/wishes/${id}/approve`);
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('CAMPAIGN_ENDED');
      expect(stored(id)).toEqual(before);
      expect(before.status).toBe('in_review');
    });
  });

  describe('campaigns', () => {
    const today = () => chinaDate(Date.now());
    const inDays = (n: number) => chinaDate(Date.now() + n * DAY_MS);
    const body = (over: object = {}) => ({
      title: '六一儿童节心愿',
      description: '为孩子们实现一个节日心愿。',
      startsOn: today(),
      endsOn: inDays(30),
      targetWishCount: 20,
      ...over,
    });
    const campaignCount = () =>
      (t.sqlite.prepare('SELECT count(*) AS n FROM campaigns').get() as { n: number }).n;

    it('a reviewer creates one (201): running from today, upcoming from tomorrow', async () => {
      const running = await as('reviewer', 'POST', '/api/v1/staff/campaigns', body());
      expect(running.statusCode).toBe(201);
      expect(campaignSchema.parse(running.json())).toMatchObject({
        title: '六一儿童节心愿',
        state: 'running',
        publishedWishes: 0,
        targetWishCount: 20,
      });
      const upcoming = await as(
        'reviewer',
        'POST',
        '/api/v1/staff/campaigns',
        body({ title: '暑假心愿', startsOn: inDays(1) }),
      );
      expect(upcoming.statusCode).toBe(201);
      expect(upcoming.json().state).toBe('upcoming');
      expect(auditEvents(t, 'campaign.created').at(-1)).toMatchObject({ target_id: upcoming.json().id });
      const staffList = await as('reviewer', 'GET', '/api/v1/staff/campaigns');
      expect(staffList.json().items.map((c: { id: string }) => c.id)).toEqual(
        expect.arrayContaining([running.json().id, upcoming.json().id]),
      );
      // Each campaign counts its own public wishes: the demo's winter round, and 0 for the new ones.
      const counts = Object.fromEntries(
        staffList
          .json()
          .items.map((c: { title: string; publishedWishes: number }) => [c.title, c.publishedWishes]),
      );
      const demoCount = t.sqlite
        .prepare(
          `SELECT count(*) AS n FROM wishes w JOIN campaigns c ON c.id = w.campaign_id
           WHERE c.title = '冬日暖心·点亮微心愿' AND w.status IN ('published', 'claimed', 'delivered', 'confirmed')`,
        )
        .get() as { n: number };
      expect(demoCount.n).toBeGreaterThan(1);
      expect(counts['冬日暖心·点亮微心愿']).toBe(demoCount.n);
      expect(counts['暑假心愿']).toBe(0);
    });

    it.each([
      ['ends before it starts', { startsOn: inDays(10), endsOn: inDays(5) }],
      ['ends in the past', { startsOn: inDays(-10), endsOn: inDays(-1) }],
    ])('refuses a campaign that %s (422 CAMPAIGN_DATES_INVALID)', async (_, dates) => {
      const before = campaignCount();
      const res = await as('reviewer', 'POST', '/api/v1/staff/campaigns', body(dates));
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('CAMPAIGN_DATES_INVALID');
      expect(campaignCount()).toBe(before);
    });

    it('refuses caseworkers and donors (403)', async () => {
      const before = campaignCount();
      expect((await as('caseworker', 'POST', '/api/v1/staff/campaigns', body())).statusCode).toBe(403);
      expect((await as('donor', 'POST', '/api/v1/staff/campaigns', body())).statusCode).toBe(403);
      expect(campaignCount()).toBe(before);
    });

    it('lists running campaigns publicly, not ended ones', async () => {
      const now = Date.now();
      t.sqlite
        .prepare(
          `INSERT INTO campaigns (public_id, org_id, title, starts_on, ends_on, ends_at, target_wish_count, created_by, created_at)
           SELECT ?, id, '已经结束的活动', '2025-05-20', '2025-06-01', ?, 10, ?, ? FROM organizations WHERE name = ?`,
        )
        .run(newPublicId(), now - 1000, personaUserId(t, 'reviewer'), now - 10_000, BUREAU);
      const res = await as(null, 'GET', '/api/v1/campaigns');
      expect(res.statusCode).toBe(200);
      const titles = publicCampaignListSchema.parse(res.json()).items.map((c) => c.title);
      expect(titles).toEqual(expect.arrayContaining(['冬日暖心·点亮微心愿', '六一儿童节心愿']));
      expect(titles).not.toContain('已经结束的活动');
      expect(res.json().items[0]).toMatchObject({ organization: expect.any(String) });
    });
  });
});

describe('expiring the wishes of ended campaigns', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  const statusCounts = (campaignId: number) =>
    Object.fromEntries(
      (
        t.sqlite
          .prepare('SELECT status, count(*) AS n FROM wishes WHERE campaign_id = ? GROUP BY status')
          .all(campaignId) as { status: string; n: number }[]
      ).map((r) => [r.status, r.n]),
    );

  it('expires published wishes once their campaign ended, leaves claimed ones, and is idempotent', async () => {
    const campaign = t.sqlite
      .prepare("SELECT id, public_id, ends_at FROM campaigns WHERE title = '冬日暖心·点亮微心愿'")
      .get() as {
      id: number;
      public_id: string;
      ends_at: number;
    };
    const published = t.sqlite
      .prepare(
        "SELECT public_id, expires_at FROM wishes WHERE campaign_id = ? AND status = 'published' ORDER BY id",
      )
      .all(campaign.id) as { public_id: string; expires_at: number }[];
    expect(published.length).toBeGreaterThanOrEqual(3);
    expect(published.every((p) => p.expires_at === campaign.ends_at)).toBe(true);
    const claimed = published[0]!.public_id;
    t.sqlite.prepare("UPDATE wishes SET status = 'claimed' WHERE public_id = ?").run(claimed);
    const outside = (
      t.sqlite
        .prepare("SELECT count(*) AS n FROM wishes WHERE campaign_id IS NULL AND status = 'published'")
        .get() as { n: number }
    ).n;

    expect(expireEndedCampaignWishes(t.db, campaign.ends_at - 1)).toBe(0);
    expect(expireEndedCampaignWishes(t.db, campaign.ends_at)).toBe(published.length - 1);
    expect(statusCounts(campaign.id)).toMatchObject({ expired: published.length - 1, claimed: 1 });
    expect(statusCounts(campaign.id).published).toBeUndefined();
    expect(expireEndedCampaignWishes(t.db, campaign.ends_at + DAY_MS)).toBe(0);

    expect(
      (t.sqlite.prepare('SELECT status FROM wishes WHERE public_id = ?').get(claimed) as { status: string })
        .status,
    ).toBe('claimed');
    const stillPublished = (
      t.sqlite
        .prepare("SELECT count(*) AS n FROM wishes WHERE campaign_id IS NULL AND status = 'published'")
        .get() as { n: number }
    ).n;
    expect(stillPublished).toBe(outside);

    // Expired wishes leave the feed and their public page.
    const feed = await t.app.inject({ method: 'GET', url: `/api/v1/wishes?campaign=${campaign.public_id}` });
    expect(feed.json().items).toEqual([]);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/wishes/${published[1]!.public_id}` })).statusCode,
    ).toBe(404);
  });

  it('gives a wish approved into a campaign the campaign’s end as its expiry', async () => {
    const tokens = { caseworker: await demoLogin(t, 'caseworker'), reviewer: await demoLogin(t, 'reviewer') };
    const sites = (await call(t, tokens.caseworker, 'GET', '/api/v1/staff/sites')).json().items as {
      id: string;
      name: string;
    }[];
    const site = sites.find((s) => s.name === '上坑村儿童之家')!.id;
    const created = await call(t, tokens.reviewer, 'POST', '/api/v1/staff/campaigns', {
      title: '春季助学',
      startsOn: chinaDate(Date.now()),
      endsOn: chinaDate(Date.now() + 10 * DAY_MS),
      targetWishCount: 5,
    });
    expect(created.statusCode).toBe(201);
    const campaignId = created.json().id as string;
    const file = await call(
      t,
      tokens.caseworker,
      'POST',
      '/api/v1/beneficiaries',
      fileBody(publicIdOf(t, 'regions', '上坑村'), { consent: CONSENT }),
    );
    const wish = await call(
      t,
      tokens.caseworker,
      'POST',
      `/api/v1/beneficiaries/${file.json().id}/wishes`,
      wishBody(site, { campaignId }),
    );
    expect(wish.statusCode).toBe(201);
    const id = wish.json().id as string;
    await call(t, tokens.caseworker, 'POST', `/api/v1/staff/wishes/${id}/submit`);
    expect((await call(t, tokens.reviewer, 'POST', `/api/v1/staff/wishes/${id}/approve`)).statusCode).toBe(
      200,
    );

    const row = t.sqlite
      .prepare(
        'SELECT w.expires_at, c.ends_at FROM wishes w JOIN campaigns c ON c.id = w.campaign_id WHERE w.public_id = ?',
      )
      .get(id) as { expires_at: number; ends_at: number };
    expect(row.expires_at).toBe(row.ends_at);
    const feed = await t.app.inject({ method: 'GET', url: `/api/v1/wishes?campaign=${campaignId}` });
    expect(feed.json().items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect(expireEndedCampaignWishes(t.db, row.ends_at)).toBe(1);
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/wishes?campaign=${campaignId}` });
    expect(after.json().items).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDayStart } from '../../shared/china-date';
import { URGENCY_LEVELS, type UrgencyLevel } from '../../shared/constants';
import { dashboardSchema, purchasableWishesSchema, type Dashboard } from '../../shared/schemas/dashboard';
import { DEMO_WISHES } from '../../server/demo/wishes';
import { addDonor, claim } from '../support/donors';
import { donationBody, ledgerPost } from '../support/ledger';
import { call, demoLogin } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

// The charity dashboard: figures on known data, only the viewer's organization (and regions),
// donors' phones only to staff, and the wishes finance may buy for.

const HOUR = 3_600_000;
let t: TestApp;
const tokens: Record<string, string> = {};
const get = async (persona: string, url: string) => call(t, tokens[persona]!, 'GET', url);
const dashboard = async (persona: string, query = ''): Promise<Dashboard> => {
  const res = await get(persona, `/api/v1/staff/dashboard${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return dashboardSchema.parse(res.json());
};

const wishId = (title: string) =>
  t.sqlite.prepare('SELECT id, public_id AS publicId FROM wishes WHERE title = ?').get(title) as {
    id: number;
    publicId: string;
  };

/** Moves a demo wish into March 2025 with the given fate (times in hours after publication). */
function setFate(
  title: string,
  publishedOn: string,
  fate: { status: string; claimedAfter?: number; deliveredAfter?: number; taken: number },
) {
  const published = chinaDayStart(publishedOn) + 9 * HOUR;
  t.sqlite
    .prepare(
      `UPDATE wishes SET status = ?, published_at = ?, claimed_at = ?, delivered_at = ?, shares_taken = ?,
         expires_at = NULL WHERE title = ?`,
    )
    .run(
      fate.status,
      published,
      fate.claimedAfter === undefined ? null : published + fate.claimedAfter * HOUR,
      fate.deliveredAfter === undefined ? null : published + fate.deliveredAfter * HOUR,
      fate.taken,
      title,
    );
}

/** Open (published) wishes of the demo by urgency, less those this test moved on, in `towns` if given. */
function demoOpen(moved: string[], towns?: string[]) {
  const open = DEMO_WISHES.filter(
    (w) => (w.status ?? 'published') === 'published' && !moved.includes(w.title),
  ).filter((w) => !towns || towns.includes(w.town));
  return URGENCY_LEVELS.map((urgency: UrgencyLevel) => {
    const of = open.filter((w) => w.urgency === urgency);
    return { urgency, count: of.length, shares: of.reduce((s, w) => s + (w.shares ?? 1), 0) };
  });
}

const MOVED = [
  '化疗期间用的营养品和一顶毛线帽',
  '火灾后需要两床棉被和冬衣',
  '一个新书包和一套文具',
  '想要一套《十万个为什么》',
  '一个篮球',
  '一套围棋，想和爷爷下棋',
];
let overdue: { claimId: string; donorId: number };

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  for (const persona of ['finance', 'reviewer', 'org_admin', 'caseworker', 'donor']) {
    tokens[persona] = await demoLogin(t, persona);
  }
  // March 2025: two red wishes handed over (40 h: promise kept; 72 h: late), an orange one
  // claimed after a day and not handed over (its 72 h lapsed), a yellow one that expired unclaimed.
  setFate(MOVED[0]!, '2025-03-03', { status: 'delivered', claimedAfter: 6, deliveredAfter: 40, taken: 1 });
  setFate(MOVED[1]!, '2025-03-05', { status: 'confirmed', claimedAfter: 10, deliveredAfter: 72, taken: 1 });
  setFate(MOVED[2]!, '2025-03-10', { status: 'claimed', claimedAfter: 24, taken: 1 });
  setFate(MOVED[3]!, '2025-03-31', { status: 'expired', taken: 0 });

  // Now: one claim past its deadline with nothing sent, one within its deadline.
  const late = addDonor(t, '迟到的赵先生');
  const lateClaim = await claim(t, late.token, wishId(MOVED[4]!).publicId);
  expect(lateClaim.statusCode).toBe(201);
  const claimId = (lateClaim.json() as { id: string }).id;
  t.sqlite
    .prepare('UPDATE claims SET claimed_at = ?, deadline_at = ? WHERE public_id = ?')
    .run(Date.now() - 400 * HOUR, Date.now() - 2 * HOUR, claimId);
  overdue = { claimId, donorId: late.userId };
  const onTime = addDonor(t, '准时的钱女士');
  expect((await claim(t, onTime.token, wishId(MOVED[5]!).publicId)).statusCode).toBe(201);
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/v1/staff/dashboard', () => {
  it('gives finance the claim rate and times per urgency of the wishes published in the period', async () => {
    const d = await dashboard('finance', '?from=2025-03-01&to=2025-03-31');
    expect(d.period).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(d.claimRate).toEqual({ wishes: 4, publishedShares: 4, claimedShares: 3, rate: 0.75 });
    const [red, orange, yellow, blue] = d.timing;
    expect(red).toEqual({
      urgency: 'red',
      promiseHours: 48,
      claimed: 2,
      medianClaimHours: 8,
      delivered: 2,
      medianDeliverHours: 56,
      promiseDue: 2,
      promiseMet: 1,
    });
    expect(orange).toMatchObject({
      claimed: 1,
      medianClaimHours: 24,
      delivered: 0,
      promiseDue: 1,
      promiseMet: 0,
    });
    expect(yellow).toMatchObject({ claimed: 0, medianClaimHours: null, promiseDue: 0 });
    expect(blue).toMatchObject({ urgency: 'blue', promiseHours: 336, claimed: 0 });
  });

  it('counts a period’s last day in full, and nothing published after it', async () => {
    const d = await dashboard('finance', '?from=2025-03-31&to=2025-03-31');
    expect(d.claimRate).toMatchObject({ wishes: 1, claimedShares: 0, rate: 0 });
    const empty = await dashboard('finance', '?from=2025-04-01&to=2025-04-30');
    expect(empty.claimRate).toEqual({ wishes: 0, publishedShares: 0, claimedShares: 0, rate: null });
  });

  it('shows the open wishes now by urgency, the overdue claim with the donor’s phone, and the funds', async () => {
    const donation = await ledgerPost(
      t,
      tokens.finance!,
      '/api/v1/staff/donations',
      donationBody({ amountFen: 30000 }),
    );
    expect(donation.statusCode).toBe(201);
    const d = await dashboard('finance');
    expect(d.period).toEqual({ from: null, to: null });
    expect(d.openWishes).toEqual(demoOpen(MOVED));
    const phone = (
      t.sqlite.prepare('SELECT phone FROM users WHERE id = ?').get(overdue.donorId) as { phone: string }
    ).phone;
    expect(d.overdueClaims).toEqual([
      expect.objectContaining({
        claimId: overdue.claimId,
        stage: 'claimed',
        wish: expect.objectContaining({ id: wishId(MOVED[4]!).publicId, title: MOVED[4], urgency: 'blue' }),
        donor: { name: '迟到的赵先生', phone },
      }),
    ]);
    expect(d.funds).toEqual([{ fund: 'general', title: '非限定性资金', balanceFen: 30000 }]);
    // Over all time the claim rate counts every published wish: the two claimed now among them.
    expect(d.claimRate.claimedShares).toBeGreaterThanOrEqual(5);
  });

  it('narrows everything to one campaign, its fund included', async () => {
    const campaign = t.sqlite.prepare(`SELECT id, public_id AS publicId, title FROM campaigns`).get() as {
      id: number;
      publicId: string;
      title: string;
    };
    const inCampaign = t.sqlite
      .prepare(`SELECT count(*) AS n FROM wishes WHERE campaign_id = ? AND status = 'published'`)
      .get(campaign.id) as { n: number };
    const before = await dashboard('finance', `?campaignId=${campaign.publicId}`);
    expect(before.funds).toEqual([{ fund: campaign.publicId, title: campaign.title, balanceFen: 0 }]);
    const gift = await ledgerPost(
      t,
      tokens.finance!,
      '/api/v1/staff/donations',
      donationBody({ amountFen: 12000, campaignId: campaign.publicId }),
    );
    expect(gift.statusCode).toBe(201);
    const d = await dashboard('finance', `?campaignId=${campaign.publicId}`);
    expect(d.campaign).toEqual({ id: campaign.publicId, title: campaign.title });
    expect(d.openWishes.reduce((s, o) => s + o.count, 0)).toBe(inCampaign.n);
    expect(d.funds).toEqual([{ fund: campaign.publicId, title: campaign.title, balanceFen: 12000 }]);
    const all = await dashboard('finance');
    expect(all.funds?.map((f) => f.fund)).toEqual(['general', campaign.publicId]);
  });

  it('shows a reviewer or caseworker the wishes of their town or village, and no balances', async () => {
    for (const persona of ['reviewer', 'caseworker']) {
      const d = await dashboard(persona);
      // The demo's 石桥镇 wishes are all in 上坑村, the caseworker's village.
      expect(d.openWishes).toEqual(demoOpen(MOVED, ['石桥镇']));
      expect(d.funds).toBeNull();
      // The overdue claim's wish (一个篮球) is in 城关镇: not theirs.
      expect(d.overdueClaims).toEqual([]);
    }
  });

  it('shows another organization’s admin only their own, empty organization', async () => {
    const d = await dashboard('org_admin');
    expect(d.openWishes.every((o) => o.count === 0)).toBe(true);
    expect(d.overdueClaims).toEqual([]);
    expect(d.claimRate.wishes).toBe(0);
    expect(d.funds).toEqual([{ fund: 'general', title: '非限定性资金', balanceFen: 0 }]);
    expect(JSON.stringify(d)).not.toContain('迟到的赵先生');
    const campaign = t.sqlite.prepare(`SELECT public_id AS id FROM campaigns`).get() as { id: string };
    const foreign = await get('org_admin', `/api/v1/staff/dashboard?campaignId=${campaign.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('CAMPAIGN_NOT_FOUND');
  });

  it('refuses a donor, who works for no organization (403), and a stranger (401)', async () => {
    const res = await get('donor', '/api/v1/staff/dashboard');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('NO_CURRENT_ORG');
    expect(res.body).not.toContain('迟到的赵先生');
    expect((await call(t, null, 'GET', '/api/v1/staff/dashboard')).statusCode).toBe(401);
  });

  it('refuses a period that ends before it starts, or a date that is not one', async () => {
    for (const query of ['?from=2025-03-31&to=2025-03-01', '?from=2025-02-30', '?to=yesterday']) {
      const res = await get('finance', `/api/v1/staff/dashboard${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('GET /api/v1/staff/purchasable-wishes', () => {
  it('lists finance the organization’s published and claimed wishes, most urgent first', async () => {
    const res = await get('finance', '/api/v1/staff/purchasable-wishes');
    expect(res.statusCode).toBe(200);
    const { items } = purchasableWishesSchema.parse(res.json());
    const expected = t.sqlite
      .prepare(`SELECT count(*) AS n FROM wishes WHERE status IN ('published', 'claimed')`)
      .get() as { n: number };
    expect(items).toHaveLength(expected.n);
    expect(items.every((w) => w.status === 'published' || w.status === 'claimed')).toBe(true);
    const ranks = items.map((w) => URGENCY_LEVELS.indexOf(w.urgency));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(items.map((w) => w.title)).toContain(MOVED[2]);
    expect(items.map((w) => w.title)).not.toContain(MOVED[0]);
  });

  it('is for those who keep the books: a reviewer is refused, another organization sees none', async () => {
    expect((await get('reviewer', '/api/v1/staff/purchasable-wishes')).statusCode).toBe(403);
    expect((await get('donor', '/api/v1/staff/purchasable-wishes')).statusCode).toBe(403);
  });
});

describe('GET /api/v1/staff/campaigns for finance', () => {
  it('lists the campaigns whose funds finance records money into', async () => {
    const res = await get('finance', '/api/v1/staff/campaigns');
    expect(res.statusCode).toBe(200);
    expect((res.json() as { items: { title: string }[] }).items.map((c) => c.title)).toEqual([
      '冬日暖心·点亮微心愿',
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { uploadPhoto } from '../support/media';
import { createTestApp, type TestApp } from '../support/test-app';
import { ALL_MARKERS, CONSENT_GUARDIAN, MARKERS } from '../support/markers';

/**
 * G12, the marker probe: a child's file is written with a unique marker in every restricted field,
 * its wish goes through review into the feed, and then every public endpoint is called in every
 * shape we can think of. No marker may appear in any public answer, nor in any log line of the
 * whole run (trace level, so request logging is as chatty as it gets).
 */

describe('privacy marker probe (G12)', () => {
  const lines: string[] = [];
  let t: TestApp;
  let wishId = '';
  let fileId = '';
  let claimId = '';
  const token: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({
      demo: true,
      env: { LOG_LEVEL: 'trace' },
      logStream: { write: (l) => void lines.push(l) },
    });
    for (const persona of ['caseworker', 'reviewer']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { persona } });
      token[persona] = res.json().token;
    }
    const as = async (persona: string, method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await t.app.inject({
        method,
        url,
        payload,
        headers: { authorization: `Bearer ${token[persona]}` },
      });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      return res.json();
    };
    const village = t.sqlite.prepare(`SELECT public_id AS id FROM regions WHERE name = '上坑村'`).get() as {
      id: string;
    };
    const file = await as('caseworker', 'POST', '/api/v1/beneficiaries', {
      regionId: village.id,
      pseudonym: '小探',
      birthYear: 2016,
      gender: 'female',
      category: 'left_behind',
      urgency: 'red',
      story: '喜欢跳绳，想要一双新鞋。',
      restricted: MARKERS,
      consent: {
        guardianName: CONSENT_GUARDIAN,
        relation: '奶奶',
        consentedOn: '2026-11-01',
        publishStory: true,
        publishPhotos: false,
      },
    });
    fileId = file.id;
    const sites = await as('caseworker', 'GET', '/api/v1/staff/sites');
    const wish = await as('caseworker', 'POST', `/api/v1/beneficiaries/${fileId}/wishes`, {
      title: '一双新跳绳鞋',
      description: '想参加学校的跳绳比赛。',
      kind: 'item',
      quantity: 1,
      estimatedValueFen: 12000,
      shares: 1,
      handoverSiteId: sites.items[0].id,
    });
    wishId = wish.id;
    await as('caseworker', 'POST', `/api/v1/staff/wishes/${wishId}/submit`);
    await as('reviewer', 'POST', `/api/v1/staff/wishes/${wishId}/approve`);
    // Staff reads of the restricted side happen too; they must not leak into logs either.
    await as('caseworker', 'GET', `/api/v1/beneficiaries/${fileId}`);

    // A donor claims it and the gift goes all the way: everything the donor is shown is probed too.
    token.donor = (
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { persona: 'donor' } })
    ).json().token;
    const claimed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/wishes/${wishId}/claims`,
      headers: { authorization: `Bearer ${token.donor}`, 'idempotency-key': 'probe-claim-0001' },
      payload: {},
    });
    expect(claimed.statusCode).toBe(201);
    claimId = claimed.json().id;
    await as('donor', 'POST', `/api/v1/claims/${claimId}/ship`, { mode: 'in_person' });
    await as('caseworker', 'POST', `/api/v1/staff/claims/${claimId}/receive`, {
      quantity: 1,
      condition: 'good',
    });
    const photo = await uploadPhoto(t, token.caseworker ?? '', 'handover');
    await as('caseworker', 'POST', `/api/v1/staff/wishes/${wishId}/hand-over`, { photoIds: [photo.id] });
    await as('caseworker', 'POST', `/api/v1/staff/wishes/${wishId}/thank-you`, {
      text: '谢谢您，我会穿着新鞋去比赛！',
    });
  });
  afterAll(() => t.close());

  const publicGets = Object.entries(contract).filter(([, e]) => e.access === 'public' && e.method === 'GET');

  it('calls every public GET endpoint of the contract', () => {
    expect(publicGets.map(([name]) => name)).toEqual(
      expect.arrayContaining(['listWishes', 'getWish', 'listCampaigns', 'health']),
    );
  });

  it('finds no marker in any public answer', async () => {
    const urls = publicGets.map(([, e]) => e.path.replace(':wishId', wishId));
    // The feed in every order and with filters that select the probe's wish.
    for (const sort of ['urgent', 'newest', 'value_asc', 'value_desc'])
      urls.push(`/api/v1/wishes?sort=${sort}&limit=50`);
    urls.push('/api/v1/wishes?urgency=red&category=left_behind&limit=50');
    let sawWish = false;
    for (const url of urls) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(500);
      if (res.body.includes(wishId)) sawWish = true;
      for (const marker of ALL_MARKERS) expect(res.body, `${url} carries ${marker}`).not.toContain(marker);
    }
    // The probe is only meaningful if the wish was really in the answers.
    expect(sawWish).toBe(true);
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/wishes/${wishId}` });
    expect(detail.json()).toMatchObject({ pseudonym: '小探', story: '喜欢跳绳，想要一双新鞋。' });
  });

  it('finds no marker in anything the claiming donor is shown, nor in the inbox or the timeline', async () => {
    const urls = [
      `/api/v1/claims/${claimId}`,
      '/api/v1/me/claims?state=active',
      '/api/v1/me/claims?state=done',
      '/api/v1/me/notifications',
    ];
    for (const url of urls) {
      const res = await t.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${token.donor}` },
      });
      expect(res.statusCode, url).toBe(200);
      for (const marker of ALL_MARKERS) expect(res.body, `${url} carries ${marker}`).not.toContain(marker);
    }
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/claims/${claimId}`,
      headers: { authorization: `Bearer ${token.donor}` },
    });
    expect(detail.json().timeline.map((e: { kind: string }) => e.kind)).toContain('thanked');
    // The gift entered the books at hand-over: the donor's receipt and its public leaf.
    const receipts = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/receipts',
      headers: { authorization: `Bearer ${token.donor}` },
    });
    const receiptId = receipts.json().items[0]?.receiptId as string;
    expect(receiptId).toBeTruthy();
    const receipt = await t.app.inject({ method: 'GET', url: `/api/v1/receipts/${receiptId}` });
    expect(receipt.json()).toMatchObject({ kind: 'inkind_donation', wish: '一双新跳绳鞋' });
    for (const body of [receipts.body, receipt.body]) {
      for (const marker of ALL_MARKERS) expect(body).not.toContain(marker);
    }
    const stored = JSON.stringify([
      t.sqlite.prepare('SELECT * FROM notifications').all(),
      t.sqlite.prepare('SELECT * FROM fulfilment_events').all(),
      t.sqlite.prepare('SELECT leaf, memo FROM ledger_transactions').all(),
      t.sqlite.prepare('SELECT * FROM donations').all(),
    ]);
    for (const marker of ALL_MARKERS) expect(stored).not.toContain(marker);
  });

  it('finds no marker in any log line of the whole run', () => {
    expect(lines.length).toBeGreaterThan(20);
    const all = lines.join('');
    for (const marker of ALL_MARKERS) expect(all).not.toContain(marker);
  });

  it('records every restricted read in the audit log, without the data', () => {
    const reads = t.sqlite
      .prepare(`SELECT * FROM audit_events WHERE action = 'beneficiary.read_restricted' AND target_id = ?`)
      .all(fileId);
    expect(reads).toHaveLength(1);
    const audit = JSON.stringify(t.sqlite.prepare('SELECT * FROM audit_events').all());
    for (const marker of ALL_MARKERS) expect(audit).not.toContain(marker);
  });
});

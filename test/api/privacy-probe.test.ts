import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../shared/china-date';
import { contract } from '../../shared/contract';
import { loadLedgerSigner } from '../../server/modules/ledger-log/signing-key';
import { runSweeps } from '../../server/sweeps';
import { testJpeg, uploadPhoto } from '../support/media';
import { ensurePdfTools, pdfText } from '../support/pdf-tools';
import { createTestApp, type TestApp } from '../support/test-app';
import { ALL_MARKERS, CONSENT_GUARDIAN, MARKERS } from '../support/markers';

/** Every API route the app registered (method and URL pattern), read from Fastify's route tree. */
function apiRoutes(tree: string): { method: string; url: string }[] {
  const out: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    stack.length = (m[1] ?? '').length / 4;
    const url = `${stack.at(-1) ?? ''}${m[2] ?? ''}`;
    stack.push(url);
    for (const method of (m[3] ?? '').split(', ')) {
      if ((method === 'GET' || method === 'POST') && url.startsWith('/api/')) out.push({ method, url });
    }
  }
  return out;
}

/** The text of every cell of an XLSX file. */
async function xlsxText(bytes: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  for (const sheet of book.worksheets)
    sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value))));
  return cells.join('\n');
}

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

  // Every public route the app registered, generated from its route tree (so a route added later
  // is probed, or fails here until it is): the contract's public endpoints and the routes outside
  // it (report exports, signed photo links, WeChat's pushes, payment callbacks), each called with
  // the probe's own data behind it — a published report holding the marker child's wish, a signed
  // checkpoint over the ledger leaf of its gift, a photo uploaded with a marker in its EXIF.
  describe('every public route, generated from the route tree', () => {
    let reportId = '';
    let receiptId = '';
    let size = 0;
    let giftLeaf = -1;
    let photoUrl = '';
    const routes: { method: string; url: string; public: boolean }[] = [];

    const anonymous = (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, ...(payload && { payload }) });

    beforeAll(async () => {
      ensurePdfTools();
      const login = await anonymous('POST', '/api/v1/auth/demo', { persona: 'finance' });
      token.finance = login.json().token;
      const month = chinaDate(Date.now()).slice(0, 7);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/reports',
        headers: { authorization: `Bearer ${token.finance}`, 'idempotency-key': 'probe-report-0001' },
        payload: { kind: 'month', month },
      });
      expect(created.statusCode, created.body).toBe(201);
      reportId = created.json().id;
      const published = await t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/reports/${reportId}/publish`,
        headers: { authorization: `Bearer ${token.finance}` },
      });
      expect(published.statusCode, published.body).toBe(200);
      // The daily sweep signs a checkpoint over the log (the gift's leaf included).
      runSweeps(t.db, Date.now(), loadLedgerSigner(t.config));
      size = (await anonymous('GET', '/api/v1/ledger/checkpoint')).json().size;
      const gift = t.sqlite
        .prepare(
          `SELECT t.leaf_index AS i, d.receipt_public_id AS receipt FROM ledger_transactions t
           JOIN donations d ON d.tx_id = t.id JOIN wishes w ON w.id = t.wish_id
           WHERE w.public_id = ? AND t.kind = 'inkind_donation'`,
        )
        .get(wishId) as { i: number; receipt: string };
      giftLeaf = gift.i;
      receiptId = gift.receipt;
      expect(giftLeaf).toBeLessThan(size);
      const marked = await sharp(await testJpeg())
        // EXIF text is ASCII: the markers that are digits.
        .withExif({ IFD0: { ImageDescription: MARKERS.idNumber, Artist: MARKERS.guardianPhone } })
        .jpeg()
        .toBuffer();
      expect(marked.includes(Buffer.from(MARKERS.idNumber))).toBe(true);
      photoUrl = (await uploadPhoto(t, token.caseworker ?? '', 'handover', marked)).url;

      // Which routes are public: an anonymous call of any other one is refused before anything
      // else happens (401 AUTH_REQUIRED, from the access check that runs on every request).
      for (const route of apiRoutes(t.app.printRoutes({ commonPrefix: false }))) {
        const url = route.url.replace(/:[A-Za-z]+/g, 'AAAAAAAAAAAAAAAA');
        const res = await anonymous(
          route.method as 'GET' | 'POST',
          url,
          route.method === 'GET' ? undefined : {},
        );
        routes.push({
          ...route,
          public: res.json<{ error?: { code: string } }>().error?.code !== 'AUTH_REQUIRED',
        });
      }
    }, 120_000);

    /** The calls that probe each public route with data behind it (routes not named here: called as they are). */
    const probes = (): Record<string, { url: string; payload?: object }[]> => ({
      'GET /api/v1/wishes': ['urgent', 'newest', 'value_asc', 'value_desc']
        .map((sort) => ({ url: `/api/v1/wishes?sort=${sort}&limit=50` }))
        .concat({ url: '/api/v1/wishes?urgency=red&category=left_behind&limit=50' }),
      'GET /api/v1/wishes/:wishId': [{ url: `/api/v1/wishes/${wishId}` }],
      'GET /api/v1/receipts/:receiptId': [{ url: `/api/v1/receipts/${receiptId}` }],
      'GET /api/v1/reports/:reportId': [{ url: `/api/v1/reports/${reportId}` }],
      'GET /api/v1/reports/:reportId/export.csv': [{ url: `/api/v1/reports/${reportId}/export.csv` }],
      'GET /api/v1/reports/:reportId/export.xlsx': [{ url: `/api/v1/reports/${reportId}/export.xlsx` }],
      'GET /api/v1/reports/:reportId/export.pdf': [{ url: `/api/v1/reports/${reportId}/export.pdf` }],
      'GET /api/v1/ledger/checkpoints/:size': [{ url: `/api/v1/ledger/checkpoints/${size}` }],
      'GET /api/v1/ledger/leaves': [{ url: `/api/v1/ledger/leaves?start=0&end=${size}` }],
      'GET /api/v1/ledger/proofs/inclusion': [
        { url: `/api/v1/ledger/proofs/inclusion?index=${giftLeaf}&size=${size}` },
      ],
      'GET /api/v1/ledger/proofs/consistency': [
        { url: `/api/v1/ledger/proofs/consistency?first=1&second=${size}` },
      ],
      'GET /api/v1/media/:mediaId': [{ url: photoUrl }],
      'POST /api/v1/auth/demo': [{ url: '/api/v1/auth/demo', payload: { persona: 'donor' } }],
    });

    it('finds every public endpoint of the contract among the public routes, and a probe for each public route', () => {
      const open = routes.filter((r) => r.public).map((r) => `${r.method} ${r.url}`);
      const fromContract = Object.values(contract)
        .filter((e) => e.access === 'public')
        .map((e) => `${e.method} ${e.path}`);
      // (WeChat login is registered only when WeChat is configured.)
      const registered = routes.map((r) => `${r.method} ${r.url}`);
      expect(fromContract.filter((e) => registered.includes(e) && !open.includes(e))).toEqual([]);
      expect(fromContract.filter((e) => registered.includes(e)).length).toBeGreaterThan(15);
      // A public GET with a path parameter needs a probe with real data: a guessed id proves nothing.
      const unprobed = open.filter((r) => r.startsWith('GET ') && r.includes(':') && !(r in probes()));
      expect(unprobed, 'public routes without a probe: add one to probes()').toEqual([]);
      // And nothing that is not public is called public (the discovery itself is checked).
      expect(routes.filter((r) => !r.public).length).toBeGreaterThan(50);
    });

    it('finds no marker in any answer of any public route: JSON, exports, leaves, proofs, photos', async () => {
      const bodies: [string, string, Buffer][] = [];
      const table = probes();
      for (const route of routes.filter((r) => r.public)) {
        const key = `${route.method} ${route.url}`;
        const calls = table[key] ?? [{ url: route.url, ...(route.method === 'POST' && { payload: {} }) }];
        for (const c of calls) {
          const res = await anonymous(route.method as 'GET' | 'POST', c.url, c.payload);
          expect(res.statusCode, `${key}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (key in table && route.method === 'GET') expect(res.statusCode, `${key} answers`).toBe(200);
          // Files are read as people read them (cells, PDF text); every answer is also searched byte by byte.
          const type = String(res.headers['content-type'] ?? '');
          const text = type.includes('spreadsheetml')
            ? await xlsxText(res.rawPayload)
            : type.includes('pdf')
              ? pdfText(res.rawPayload, t.dir)
              : res.body;
          bodies.push([`${key} ${c.url}`, text, res.rawPayload]);
        }
      }
      for (const [where, text, raw] of bodies) {
        for (const marker of ALL_MARKERS) {
          expect(text, `${where} carries ${marker}`).not.toContain(marker);
          expect(raw.includes(Buffer.from(marker)), `${where} carries ${marker} in its bytes`).toBe(false);
        }
      }
      // The probe means something only where the child's wish really is in the answer.
      const has = (key: string, what: string) =>
        expect(
          bodies.filter(([where]) => where.startsWith(key)).some(([, b]) => b.includes(what)),
          key,
        ).toBe(true);
      has('GET /api/v1/wishes/:wishId', '小探');
      has('GET /api/v1/receipts/:receiptId', '一双新跳绳鞋');
      for (const format of ['', '/export.csv', '/export.xlsx', '/export.pdf'])
        has(`GET /api/v1/reports/:reportId${format} `, '小探');
      has('GET /api/v1/ledger/leaves', wishId);
    }, 120_000);
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

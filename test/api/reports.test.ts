import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignedNote } from '../../shared/checkpoint';
import { chinaDate } from '../../shared/china-date';
import type { LedgerLeaf } from '../../shared/ledger-leaf';
import { verifyConsistency } from '../../shared/merkle';
import { reportLeafTotals } from '../../shared/report-totals';
import type { Report, ReportPage } from '../../shared/schemas/reports';
import { newKey } from '../support/donors';
import { call, demoLogin } from '../support/staff';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * 公示 reports over known ledger transactions: totals, masked donors, balances, the draft →
 * published life cycle (immutable after), who sees what, and the checkpoint chain.
 */
describe('reports', () => {
  let t: TestApp;
  let finance = '';
  let otherOrg = '';
  let donor = '';
  let campaignId = '';
  let wishId = '';
  let march: Report;

  const post = (token: string | null, url: string, payload: object, key: string | null = newKey()) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(key !== null && { 'idempotency-key': key }),
      },
      payload,
    });
  const ok = async (res: Promise<LightMyRequestResponse>, status = 201) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return r.json();
  };
  const donate = (body: object) =>
    ok(
      post(finance, '/api/v1/staff/donations', {
        campaignId: null,
        channel: 'bank',
        donorDisplay: 'masked',
        ...body,
      }),
    );
  const createReport = (body: object, token = finance, key?: string) =>
    post(token, '/api/v1/staff/reports', body, key ?? newKey());
  const leavesUpTo = (size: number): LedgerLeaf[] =>
    (
      t.sqlite
        .prepare('SELECT leaf FROM ledger_transactions WHERE leaf_index < ? ORDER BY leaf_index')
        .all(size) as {
        leaf: string;
      }[]
    ).map((r) => JSON.parse(r.leaf) as LedgerLeaf);

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    finance = await demoLogin(t, 'finance');
    otherOrg = await demoLogin(t, 'org_admin');
    donor = await demoLogin(t, 'donor');
    campaignId = (
      t.sqlite
        .prepare(
          `SELECT c.public_id AS id FROM campaigns c JOIN organizations o ON o.id = c.org_id
           WHERE o.name = '云溪县民政局儿童福利股'`,
        )
        .get() as { id: string }
    ).id;
    wishId = (
      t.sqlite
        .prepare(
          `SELECT w.public_id AS id FROM wishes w JOIN organizations o ON o.id = w.org_id
           WHERE o.name = '云溪县民政局儿童福利股' AND w.status = 'published' LIMIT 1`,
        )
        .get() as { id: string }
    ).id;

    // March 2025: four donations (masked, named, anonymous, one later reversed), a refund, a purchase.
    const zhang = await donate({
      amountFen: 50000,
      donorName: '张三丰',
      receivedOn: '2025-03-03',
      receiptNo: 'R-001',
    });
    await donate({
      amountFen: 20000,
      donorName: '李四',
      donorDisplay: 'named',
      channel: 'cash',
      campaignId,
      receivedOn: '2025-03-10',
    });
    await donate({
      amountFen: 10000,
      donorName: '王五',
      donorDisplay: 'anonymous',
      receivedOn: '2025-03-10',
    });
    const typo = await donate({ amountFen: 30000, donorName: '赵六', receivedOn: '2025-03-15' });
    await ok(
      post(finance, `/api/v1/staff/ledger/${zhang.id}/refund`, {
        amountFen: 5000,
        paidOn: '2025-03-20',
        reason: '多捐退回',
      }),
    );
    await ok(
      post(finance, '/api/v1/staff/purchases', {
        wishId,
        amountFen: 8000,
        campaignId: null,
        paidFrom: 'bank',
        paidOn: '2025-03-25',
      }),
    );
    // Reversed today: the reversal belongs to this month's report, March only flags the donation.
    await ok(post(finance, `/api/v1/staff/ledger/${typo.id}/reverse`, { reason: '录重了' }));
    march = await ok(createReport({ kind: 'month', month: '2025-03' }));
  });
  afterAll(() => t.close());

  it('states the month’s totals, by kind, by campaign, and the funds before and after', () => {
    expect(march).toMatchObject({
      kind: 'month',
      status: 'draft',
      title: '2025年3月捐赠公示',
      organization: { name: '云溪县民政局儿童福利股' },
      period: { key: '2025-03', from: '2025-03-01', to: '2025-03-31', campaign: null },
      publishedAt: null,
      totals: {
        cashDonationsFen: 110000,
        refundsFen: 5000,
        netDonationsFen: 105000,
        inKindFen: 0,
        purchasesFen: 8000,
        donationCount: 4,
        wishesFulfilled: 0,
      },
    });
    const byKind = Object.fromEntries(march.byCategory.map((c) => [c.kind, [c.count, c.amountFen, c.label]]));
    expect(byKind).toEqual({
      cash_donation: [4, 110000, '资金捐赠'],
      inkind_donation: [0, 0, '实物捐赠'],
      purchase: [1, 8000, '为心愿采购'],
      refund: [1, 5000, '退款'],
      reversal: [0, 0, '冲正'],
    });
    expect(march.byCampaign.map((c) => [c.campaign?.id ?? null, c.cashDonationsFen, c.purchasesFen])).toEqual(
      [
        [null, 90000, 8000],
        [campaignId, 20000, 0],
      ],
    );
    expect(march.balances.map((b) => [b.fund, b.title, b.openingFen, b.closingFen])).toEqual([
      ['general', '非限定性资金', 0, 77000],
      [campaignId, '冬日暖心·点亮微心愿', 0, 20000],
    ]);
    expect(march.spending).toEqual([
      expect.objectContaining({ date: '2025-03-25', amountFen: 8000, fund: '非限定性资金', reversed: false }),
    ]);
    expect(march.spending[0]?.wish?.id).toBe(wishId);
    expect(march.charts.donationsOverTime.bucket).toBe('day');
    expect(march.charts.donationsOverTime.points).toHaveLength(31);
    expect(march.charts.donationsOverTime.points[9]).toEqual({
      from: '2025-03-10',
      cashFen: 30000,
      inKindFen: 0,
      count: 2,
    });
  });

  it('shows each donor only as they chose: 张*, by name, or 匿名 — never a full masked name', () => {
    expect(march.donations.map((d) => [d.date, d.donor, d.amountFen, d.reversed, d.refundedFen])).toEqual([
      ['2025-03-03', '张*', 50000, false, 5000],
      ['2025-03-10', '李四', 20000, false, 0],
      ['2025-03-10', '匿名', 10000, false, 0],
      ['2025-03-15', '赵*', 30000, true, 0],
    ]);
    expect(march.donations[0]?.receiptNo).toBe('R-001');
    const body = JSON.stringify(march);
    for (const name of ['张三丰', '王五', '赵六']) expect(body).not.toContain(name);
  });

  it('recomputes the same totals from the public leaves up to its checkpoint', () => {
    const leaves = leavesUpTo(march.checkpoint.size);
    expect(leaves).toHaveLength(march.checkpoint.size);
    const org = (
      t.sqlite
        .prepare(`SELECT public_id AS id FROM organizations WHERE name = '云溪县民政局儿童福利股'`)
        .get() as {
        id: string;
      }
    ).id;
    const recomputed = reportLeafTotals(leaves, {
      org,
      campaign: null,
      fromMs: Date.parse('2025-03-01T00:00:00+08:00'),
      toMs: Date.parse('2025-04-01T00:00:00+08:00'),
    });
    const { wishesFulfilled: _, ...totals } = march.totals;
    expect(recomputed.totals).toEqual(totals);
    expect(recomputed.balances.map((b) => b.closingFen)).toEqual(march.balances.map((b) => b.closingFen));
    expect(march.checkpoint.rootHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(march.checkpoint.note).toContain(`\n${march.checkpoint.size}\n${march.checkpoint.rootHash}\n`);
  });

  it('is computed from a checkpoint signed for it, the log’s own at that size', async () => {
    const signed = await call(t, null, 'GET', `/api/v1/ledger/checkpoints/${march.checkpoint.size}`);
    expect(signed.statusCode).toBe(200);
    const { note, vkey } = signed.json() as { note: string; vkey: string };
    expect(note).toBe(march.checkpoint.note);
    const verified = verifySignedNote(march.checkpoint.note, vkey);
    expect(verified.ok && verified.checkpoint.size).toBe(march.checkpoint.size);
    expect(verified.ok && Buffer.from(verified.checkpoint.root).toString('base64')).toBe(
      march.checkpoint.rootHash,
    );
    const reason = t.sqlite
      .prepare('SELECT reason FROM ledger_checkpoints WHERE size = ?')
      .get(march.checkpoint.size) as { reason: string };
    expect(reason.reason).toBe('report');
  });

  it('counts a reversal against the kind it undoes, in the month it was entered', async () => {
    const month = chinaDate(Date.now()).slice(0, 7);
    const now = await ok(createReport({ kind: 'month', month }));
    expect(now.totals).toMatchObject({ cashDonationsFen: -30000, donationCount: 0 });
    expect(now.byCategory.find((c: { kind: string }) => c.kind === 'reversal')).toMatchObject({
      count: 1,
      amountFen: 30000,
    });
    // This month opens where March closed (less nothing) and closes 300 lower.
    expect(now.balances.find((b: { fund: string }) => b.fund === 'general')).toMatchObject({
      openingFen: 77000,
      closingFen: 47000,
    });
  });

  it('makes a campaign report of all the campaign’s transactions', async () => {
    const report = await ok(createReport({ kind: 'campaign', campaignId }));
    expect(report.period).toMatchObject({
      key: campaignId,
      label: '冬日暖心·点亮微心愿',
      campaign: { id: campaignId },
    });
    expect(report.title).toBe('冬日暖心·点亮微心愿 活动捐赠公示');
    expect(report.totals).toMatchObject({ cashDonationsFen: 20000, netDonationsFen: 20000 });
    expect(report.balances).toEqual([
      { fund: campaignId, title: '冬日暖心·点亮微心愿', openingFen: 0, closingFen: 20000 },
    ]);
    expect(report.donations.map((d: { donor: string }) => d.donor)).toEqual(['李四']);
  });

  it('makes a valid report of zeros for an empty period, and refuses one that has not begun', async () => {
    const empty = await ok(createReport({ kind: 'quarter', year: 2024, quarter: 1 }));
    expect(empty.period).toMatchObject({
      key: '2024-Q1',
      label: '2024年第一季度',
      from: '2024-01-01',
      to: '2024-03-31',
    });
    expect(empty.totals).toEqual({
      cashDonationsFen: 0,
      refundsFen: 0,
      netDonationsFen: 0,
      inKindFen: 0,
      purchasesFen: 0,
      donationCount: 0,
      wishesFulfilled: 0,
    });
    expect(empty.donations).toEqual([]);
    expect(empty.balances).toEqual([]);
    expect(empty.charts.donationsOverTime.bucket).toBe('week');
    expect(empty.charts.donationsOverTime.points).toHaveLength(13);

    const next = new Date(Date.now() + 40 * 24 * 3600 * 1000);
    const future = await createReport({ kind: 'month', month: chinaDate(next.getTime()).slice(0, 7) });
    expect(future.statusCode).toBe(422);
    expect(future.json().error.code).toBe('REPORT_PERIOD_INVALID');
    for (const bad of [
      { kind: 'month', month: '2025-13' },
      { kind: 'quarter', year: 2025, quarter: 5 },
      { kind: 'campaign', campaignId: 'AAAAAAAAAAAAAAAA' },
      { kind: 'year', year: 2025 },
      { kind: 'month', month: '2025-03', orgId: 1 },
    ]) {
      const res = await createReport(bad);
      expect([400, 404], JSON.stringify(bad)).toContain(res.statusCode);
    }
    expect((await createReport({ kind: 'month', month: '2025-03' }, finance, '')).statusCode).toBe(400);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const count = () => (t.sqlite.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
    const before = count();
    for (const body of [
      { kind: 'month', month: '2025-03', status: 'published' },
      { kind: 'month', month: '2025-03', orgId: 'AAAAAAAAAAAAAAAA' },
      { kind: 'month', month: '２０２５-03' },
      { kind: 'month', month: 202503 },
      { kind: 'quarter', year: '2025', quarter: 1 },
      { kind: 'quarter', year: 2025, quarter: 1.5 },
      { kind: 'campaign', campaignId: null },
      {},
    ]) {
      const res = await createReport(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const polluted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/reports',
      headers: {
        authorization: `Bearer ${finance}`,
        'idempotency-key': newKey(),
        'content-type': 'application/json',
      },
      payload: '{"kind":"month","month":"2025-01","__proto__":{"isAdmin":true}}',
    });
    expect(polluted.statusCode).toBe(400);
    expect(
      (await createReport({ kind: 'month', month: '2025-01' }, finance, 'k'.repeat(10_000))).statusCode,
    ).toBe(400);
    const key = newKey();
    expect((await createReport({ kind: 'month', month: '2025-01' }, finance, key)).statusCode).toBe(201);
    const reused = await createReport({ kind: 'month', month: '2025-02' }, finance, key);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(count()).toBe(before + 1);
  });

  it('names no wish that has since been taken down', async () => {
    const other = t.sqlite
      .prepare(
        `SELECT w.id, w.public_id AS publicId, w.title FROM wishes w JOIN organizations o ON o.id = w.org_id
         WHERE o.name = '云溪县民政局儿童福利股' AND w.status = 'published' AND w.public_id <> ? LIMIT 1`,
      )
      .get(wishId) as { id: number; publicId: string; title: string };
    await ok(
      post(finance, '/api/v1/staff/purchases', {
        wishId: other.publicId,
        amountFen: 1000,
        campaignId: null,
        paidFrom: 'bank',
        paidOn: '2025-03-28',
      }),
    );
    t.sqlite.prepare(`UPDATE wishes SET status = 'cancelled' WHERE id = ?`).run(other.id);
    const report = await ok(createReport({ kind: 'month', month: '2025-03' }));
    expect(report.spending.map((s: { amountFen: number; wish: unknown }) => [s.amountFen, s.wish])).toEqual([
      [8000, { id: wishId, title: expect.any(String) }],
      [1000, null],
    ]);
    expect(JSON.stringify(report)).not.toContain(other.title);
    // March's draft is made again with the purchase: the later tests publish this one.
    march = { ...march, ...report };
  });

  it('replays a retried creation and makes a draft again in place of the old one', async () => {
    const key = newKey();
    const first = await ok(createReport({ kind: 'month', month: '2025-02' }, finance, key));
    const again = await ok(createReport({ kind: 'month', month: '2025-02' }, finance, key));
    expect(again.id).toBe(first.id);
    const remade = await ok(createReport({ kind: 'month', month: '2025-02' }));
    expect(remade.id).not.toBe(first.id);
    expect((await call(t, finance, 'GET', `/api/v1/staff/reports/${first.id}`)).statusCode).toBe(404);
  });

  it('throws a draft away on request (audited); a published report cannot be deleted', async () => {
    const draft = await ok(createReport({ kind: 'month', month: '2024-06' }));
    expect((await call(t, otherOrg, 'DELETE', `/api/v1/staff/reports/${draft.id}`)).statusCode).toBe(404);
    const res = await call(t, finance, 'DELETE', `/api/v1/staff/reports/${draft.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await call(t, finance, 'GET', `/api/v1/staff/reports/${draft.id}`)).statusCode).toBe(404);
    expect((await call(t, finance, 'DELETE', `/api/v1/staff/reports/${draft.id}`)).statusCode).toBe(404);
    expect(
      t.sqlite
        .prepare(`SELECT count(*) AS n FROM audit_events WHERE action = 'report.delete' AND target_id = ?`)
        .get(draft.id),
    ).toEqual({ n: 1 });
  });

  it('keeps drafts to the organization: others get 404, the public sees nothing', async () => {
    expect((await call(t, finance, 'GET', `/api/v1/staff/reports/${march.id}`)).statusCode).toBe(200);
    const foreign = await call(t, otherOrg, 'GET', `/api/v1/staff/reports/${march.id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('REPORT_NOT_FOUND');
    expect((await call(t, otherOrg, 'POST', `/api/v1/staff/reports/${march.id}/publish`)).statusCode).toBe(
      404,
    );
    const list = (await call(t, otherOrg, 'GET', '/api/v1/staff/reports')).json() as ReportPage;
    expect(list.items.map((r) => r.id)).not.toContain(march.id);
    expect((await call(t, null, 'GET', `/api/v1/reports/${march.id}`)).statusCode).toBe(404);
    expect((await call(t, null, 'GET', `/api/v1/reports/${march.id}/export.csv`)).statusCode).toBe(404);
    expect((await call(t, donor, 'GET', '/api/v1/staff/reports')).statusCode).toBe(403);
    expect((await call(t, null, 'GET', '/api/v1/staff/reports')).statusCode).toBe(401);
  });

  it('lists the organization’s drafts and published reports, newest first, in pages', async () => {
    const first = (await call(t, finance, 'GET', '/api/v1/staff/reports?limit=2')).json() as ReportPage;
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const rest = (
      await call(
        t,
        finance,
        'GET',
        `/api/v1/staff/reports?limit=50&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
      )
    ).json() as ReportPage;
    const all = [...first.items, ...rest.items];
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect(all.map((r) => r.id)).toContain(march.id);
    expect(all.every((r) => r.status === 'draft')).toBe(true);
    expect((await call(t, finance, 'GET', '/api/v1/staff/reports?cursor=nonsense')).statusCode).toBe(400);
  });

  it('publishes once (audited); the public then reads it, and it can never change', async () => {
    const res = await call(t, finance, 'POST', `/api/v1/staff/reports/${march.id}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    const published = res.json() as Report;
    expect(published.status).toBe('published');
    expect(published.publishedAt).not.toBeNull();
    expect(published.previous).toBeNull();
    expect(published.totals).toEqual(march.totals);
    const audit = t.sqlite
      .prepare(`SELECT * FROM audit_events WHERE action = 'report.publish' AND target_id = ?`)
      .all(march.id);
    expect(audit).toHaveLength(1);

    const again = await call(t, finance, 'POST', `/api/v1/staff/reports/${march.id}/publish`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('REPORT_ALREADY_PUBLISHED');
    const remake = await createReport({ kind: 'month', month: '2025-03' });
    expect(remake.statusCode).toBe(409);
    expect(remake.json().error.code).toBe('REPORT_ALREADY_PUBLISHED');

    const removed = await call(t, finance, 'DELETE', `/api/v1/staff/reports/${march.id}`);
    expect(removed.statusCode).toBe(409);
    expect(removed.json().error.code).toBe('REPORT_ALREADY_PUBLISHED');

    const anonymous = await call(t, null, 'GET', `/api/v1/reports/${march.id}`);
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual(published);
    const list = (await call(t, null, 'GET', '/api/v1/reports')).json() as ReportPage;
    expect(list.items.map((r) => r.id)).toEqual([march.id]);
    const orgId = published.organization.id;
    expect(
      ((await call(t, null, 'GET', `/api/v1/reports?orgId=${orgId}`)).json() as ReportPage).items,
    ).toHaveLength(1);
    expect(
      ((await call(t, null, 'GET', '/api/v1/reports?orgId=AAAAAAAAAAAAAAAA')).json() as ReportPage).items,
    ).toHaveLength(0);

    for (const sql of [
      `UPDATE reports SET title = '改过的' WHERE public_id = ?`,
      `UPDATE reports SET snapshot = '{}' WHERE public_id = ?`,
      `UPDATE reports SET status = 'draft', published_at = NULL WHERE public_id = ?`,
      `DELETE FROM reports WHERE public_id = ?`,
    ])
      expect(() => t.sqlite.prepare(sql).run(march.id), sql).toThrow(/published report/);
    expect(() => t.sqlite.prepare(`UPDATE reports SET snapshot = '{}' WHERE status = 'draft'`).run()).toThrow(
      /frozen/,
    );
    expect((await call(t, null, 'GET', `/api/v1/reports/${march.id}`)).json()).toEqual(published);
  });

  it('chains each published report to the one before with a consistency proof', async () => {
    await donate({ amountFen: 1200, donorName: '钱七', receivedOn: '2025-04-02' });
    const april = await ok(createReport({ kind: 'month', month: '2025-04' }));
    expect(april.checkpoint.size).toBeGreaterThan(march.checkpoint.size);
    const published = (
      await call(t, finance, 'POST', `/api/v1/staff/reports/${april.id}/publish`)
    ).json() as Report;
    expect(published.previous).toMatchObject({ id: march.id, checkpointSize: march.checkpoint.size });
    const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
    expect(
      verifyConsistency(
        march.checkpoint.size,
        published.checkpoint.size,
        b64(march.checkpoint.rootHash),
        b64(published.checkpoint.rootHash),
        (published.previous?.consistencyProof ?? []).map(b64),
      ),
    ).toBe(true);
    // A draft made from a checkpoint older than the latest published one is out of date.
    const stale = t.sqlite
      .prepare(`SELECT public_id AS id FROM reports WHERE status = 'draft' AND checkpoint_size < ? LIMIT 1`)
      .get(published.checkpoint.size) as { id: string };
    const refused = await call(t, finance, 'POST', `/api/v1/staff/reports/${stale.id}/publish`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('REPORT_OUTDATED');
    const list = (await call(t, null, 'GET', '/api/v1/reports')).json() as ReportPage;
    expect(list.items.map((r) => r.id)).toEqual([april.id, march.id]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberSchema, organizationSchema, regionListSchema } from '../../shared/schemas/orgs';
import { createConsoleSms } from '../../server/integrations/sms/console-sms';
import { createTestApp, type TestApp } from '../support/test-app';

describe('organizations, regions and members', () => {
  let t: TestApp;
  const smsLines: string[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ demo: true, sms: createConsoleSms({ log: (l) => void smsLines.push(l) }) });
    for (const persona of ['admin', 'org_admin', 'caseworker', 'donor']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { persona } });
      tokens[persona] = res.json().token;
    }
  });
  afterAll(() => t.close());

  const as = (persona: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      ...(payload && { payload }),
      headers: persona ? { authorization: `Bearer ${tokens[persona]}` } : {},
    });
  const orgId = (kind: string) =>
    (
      t.sqlite.prepare('SELECT public_id FROM organizations WHERE kind = ?').get(kind) as {
        public_id: string;
      }
    ).public_id;
  const regionId = (name: string) =>
    (t.sqlite.prepare('SELECT public_id FROM regions WHERE name = ?').get(name) as { public_id: string })
      .public_id;
  const refusals = () =>
    (
      t.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'access.refused'").get() as {
        n: number;
      }
    ).n;

  it('lists the region tree to any logged-in user, parents first', async () => {
    const res = await as('donor', 'GET', '/api/v1/regions');
    const { items } = regionListSchema.parse(res.json());
    expect(items[0]).toMatchObject({ level: 'county', parentId: null });
    expect(items.filter((r) => r.level === 'village')).toHaveLength(13);
    expect((await as(null, 'GET', '/api/v1/regions')).statusCode).toBe(401);
  });

  it('lets the platform admin grow the region tree, a level at a time', async () => {
    const town = await as('admin', 'POST', '/api/v1/admin/regions', {
      parentId: regionId('云溪县'),
      name: '新港镇',
    });
    expect(town.statusCode).toBe(201);
    expect(town.json()).toMatchObject({ level: 'town', name: '新港镇' });
    const village = await as('admin', 'POST', '/api/v1/admin/regions', {
      parentId: town.json().id,
      name: '渔村',
    });
    expect(village.json()).toMatchObject({ level: 'village' });
    const tooDeep = await as('admin', 'POST', '/api/v1/admin/regions', {
      parentId: village.json().id,
      name: '某组',
    });
    expect(tooDeep.statusCode).toBe(422);
    expect(tooDeep.json().error.code).toBe('REGION_TOO_DEEP');
    const unknown = await as('admin', 'POST', '/api/v1/admin/regions', {
      parentId: 'AAAAAAAAAAAAAAAA',
      name: '某镇',
    });
    expect(unknown.json().error.code).toBe('REGION_NOT_FOUND');
  });

  it('lets the platform admin create an organization; nobody else', async () => {
    const body = { name: '南岭镇爱心志愿者协会', kind: 'volunteer_team', regionId: regionId('南岭镇') };
    const res = await as('admin', 'POST', '/api/v1/admin/organizations', body);
    expect(res.statusCode).toBe(201);
    expect(organizationSchema.parse(res.json())).toMatchObject({
      name: body.name,
      region: { name: '南岭镇' },
    });
    const list = await as('admin', 'GET', '/api/v1/admin/organizations');
    expect(list.json().items.map((o: { name: string }) => o.name)).toContain(body.name);

    const before = refusals();
    const refused = await as('org_admin', 'POST', '/api/v1/admin/organizations', body);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect(refusals()).toBe(before + 1);
    expect((await as(null, 'POST', '/api/v1/admin/organizations', body)).statusCode).toBe(401);
  });

  it('lets an org admin invite a member by phone, who then logs in and finds the role', async () => {
    const added = await as('org_admin', 'POST', `/api/v1/orgs/${orgId('charity')}/members`, {
      phone: '13600001111',
      role: 'finance',
    });
    expect(added.statusCode).toBe(201);
    expect(memberSchema.parse(added.json())).toMatchObject({
      role: 'finance',
      status: 'active',
      user: { phone: '136****1111' },
    });

    await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/send', payload: { phone: '13600001111' } });
    const code = /: (\d{6})$/.exec(smsLines.at(-1) ?? '')?.[1];
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sms/verify',
      payload: { phone: '13600001111', code },
    });
    expect(login.json().me.memberships).toEqual([expect.objectContaining({ role: 'finance' })]);

    const again = await as('org_admin', 'POST', `/api/v1/orgs/${orgId('charity')}/members`, {
      phone: '13600001111',
      role: 'finance',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('MEMBER_EXISTS');

    // Taking the role away works at once: the next request no longer carries it.
    const disabled = await as(
      'org_admin',
      'POST',
      `/api/v1/orgs/${orgId('charity')}/members/${added.json().id}/disable`,
    );
    expect(disabled.json().status).toBe('disabled');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${login.json().token}` },
    });
    expect(me.json().memberships).toEqual([]);
  });

  it('does not let an org admin remove her own admin role', async () => {
    const self = t.sqlite
      .prepare(
        "SELECT m.public_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.demo_persona = 'org_admin'",
      )
      .get() as { public_id: string };
    const res = await as(
      'org_admin',
      'POST',
      `/api/v1/orgs/${orgId('charity')}/members/${self.public_id}/disable`,
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CANNOT_DISABLE_SELF');
  });

  it('keeps a member’s region inside the organization’s', async () => {
    const res = await as('admin', 'POST', `/api/v1/orgs/${orgId('volunteer_team')}/members`, {
      phone: '13600002222',
      role: 'caseworker',
      regionId: regionId('东门社区'),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('REGION_OUTSIDE_ORG');
    const inside = await as('admin', 'POST', `/api/v1/orgs/${orgId('volunteer_team')}/members`, {
      phone: '13600002222',
      role: 'caseworker',
      regionId: regionId('溪头村'),
    });
    expect(inside.statusCode).toBe(201);
    expect(inside.json().region).toMatchObject({ name: '溪头村' });
  });

  it.each([
    ['an org admin, for another organization', 'org_admin', 'government'],
    ['a caseworker, for her own organization', 'caseworker', 'government'],
    ['a donor', 'donor', 'charity'],
  ])('refuses %s, and audits the refusal', async (_, persona, kind) => {
    const before = refusals();
    const list = await as(persona, 'GET', `/api/v1/orgs/${orgId(kind)}/members`);
    expect(list.statusCode).toBe(403);
    const add = await as(persona, 'POST', `/api/v1/orgs/${orgId(kind)}/members`, {
      phone: '13600003333',
      role: 'org_admin',
    });
    expect(add.statusCode).toBe(403);
    expect(refusals()).toBe(before + 2);
  });

  it('lets the platform admin disable an account, ending all its sessions at once', async () => {
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/demo',
      payload: { persona: 'reviewer' },
    });
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/demo',
      payload: { persona: 'reviewer' },
    });
    const userId = first.json().me.user.id;
    expect((await as('org_admin', 'POST', `/api/v1/admin/users/${userId}/disable`)).statusCode).toBe(403);
    const res = await as('admin', 'POST', `/api/v1/admin/users/${userId}/disable`);
    expect(res.json()).toEqual({ id: userId, status: 'disabled', sessionsEnded: 2 });
    for (const session of [first, second]) {
      const me = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${session.json().token}` },
      });
      expect(me.statusCode).toBe(401);
    }
    const self = await as(
      'admin',
      'POST',
      `/api/v1/admin/users/${(await as('admin', 'GET', '/api/v1/me')).json().user.id}/disable`,
    );
    expect(self.json().error.code).toBe('CANNOT_DISABLE_SELF');
  });

  it('answers 404 for organizations and members that do not exist', async () => {
    expect((await as('admin', 'GET', '/api/v1/orgs/AAAAAAAAAAAAAAAA/members')).json().error.code).toBe(
      'ORG_NOT_FOUND',
    );
    const res = await as(
      'admin',
      'POST',
      `/api/v1/orgs/${orgId('charity')}/members/AAAAAAAAAAAAAAAA/disable`,
    );
    expect(res.json().error.code).toBe('MEMBER_NOT_FOUND');
    expect((await as('admin', 'GET', '/api/v1/orgs/1/members')).statusCode).toBe(400);
  });

  it('refuses mass assignment in bodies', async () => {
    const res = await as('org_admin', 'POST', `/api/v1/orgs/${orgId('charity')}/members`, {
      phone: '13600004444',
      role: 'finance',
      status: 'active',
      orgId: orgId('government'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERSONAS } from '../../shared/constants';
import { contract } from '../../shared/contract';
import { meSchema, sessionSchema } from '../../shared/schemas/auth';
import { hashToken } from '../../server/modules/auth/session-rules';
import { createTestApp, type TestApp } from '../support/test-app';

describe('sessions, demo logins and /me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  const login = async (persona: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { persona } });
    expect(res.statusCode).toBe(200);
    return sessionSchema.parse(res.json());
  };
  const me = (token?: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...headers },
    });

  it('tells the client which login methods exist', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/options' });
    expect(res.json()).toMatchObject({ demo: true });
  });

  it.each(DEMO_PERSONAS)('logs in as the demo %s and reads /me with the token', async (persona) => {
    const session = await login(persona);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await me(session.token);
    expect(res.statusCode).toBe(200);
    expect(meSchema.parse(res.json())).toEqual(session.me);
  });

  it('gives staff personas their role, organization and region scope', async () => {
    const caseworker = (await login('caseworker')).me;
    expect(caseworker.memberships).toEqual([
      expect.objectContaining({
        role: 'caseworker',
        region: expect.objectContaining({ name: '上坑村', level: 'village' }),
      }),
    ]);
    expect(caseworker.currentOrgId).toBe(caseworker.memberships[0]!.org.id);
    expect((await login('admin')).me.user.isPlatformAdmin).toBe(true);
    expect((await login('donor')).me.memberships).toEqual([]);
  });

  it('stores only a hash of the token', async () => {
    const { token } = await login('donor');
    const rows = t.sqlite.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[];
    expect(rows.map((r) => r.token_hash)).toContain(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses /me without a token (AUTH_REQUIRED) and with a bad one (SESSION_EXPIRED)', async () => {
    expect((await me()).json().error.code).toBe('AUTH_REQUIRED');
    const forged = [
      'x'.repeat(43),
      'eyJhbGciOiJub25lIn0.eyJ1c2VySWQiOjEsInJvbGUiOiJhZG1pbiJ9.',
      'Basic YWRtaW46YWRtaW4=',
    ];
    for (const token of forged) {
      const res = await me(token);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('SESSION_EXPIRED');
    }
  });

  it('ignores identity claimed in headers; refuses it in bodies', async () => {
    const { token, me: donor } = await login('donor');
    const res = await me(token, { 'x-user-id': '1', 'x-openid': 'o-admin', 'x-role': 'admin' });
    expect(res.json()).toEqual(donor);
    const viaQuery = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me?userId=1&role=org_admin&orgId=x&openid=o-admin',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaQuery.json()).toEqual(donor);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/demo',
      payload: { persona: 'donor', userId: 1, role: 'org_admin', openid: 'x', isPlatformAdmin: true },
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('ends a session at logout', async () => {
    const { token } = await login('donor');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.json()).toEqual({ ok: true });
    expect((await me(token)).json().error.code).toBe('SESSION_EXPIRED');
  });

  it('expires an idle session, and every session of a disabled user', async () => {
    const idle = await login('donor');
    t.sqlite
      .prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?')
      .run(Date.now() - 8 * 24 * 3600 * 1000, hashToken(idle.token));
    expect((await me(idle.token)).statusCode).toBe(401);

    const finance = await login('finance');
    t.sqlite.prepare("UPDATE users SET status = 'disabled' WHERE demo_persona = 'finance'").run();
    expect((await me(finance.token)).json().error.code).toBe('SESSION_EXPIRED');
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/demo',
      payload: { persona: 'finance' },
    });
    expect(again.json().error.code).toBe('USER_DISABLED');
    t.sqlite.prepare("UPDATE users SET status = 'active' WHERE demo_persona = 'finance'").run();
  });

  it('switches the current organization only to one the user belongs to', async () => {
    const { token } = await login('caseworker');
    const other = t.sqlite.prepare("SELECT public_id FROM organizations WHERE kind = 'charity'").get() as {
      public_id: string;
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/current-org',
      headers: { authorization: `Bearer ${token}` },
      payload: { orgId: other.public_id },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('NOT_A_MEMBER');
  });

  it('audits logins in an append-only log', async () => {
    await login('reviewer');
    const row = t.sqlite
      .prepare("SELECT * FROM audit_events WHERE action = 'auth.login' ORDER BY id DESC")
      .get() as {
      id: number;
      details: string;
    };
    expect(JSON.parse(row.details)).toEqual({ method: 'demo' });
    expect(() =>
      t.sqlite.prepare('UPDATE audit_events SET outcome = ? WHERE id = ?').run('failed', row.id),
    ).toThrow(/append-only/);
    expect(() => t.sqlite.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
  });
});

describe('without demo mode', () => {
  it('has no demo login route at all', async () => {
    const t = await createTestApp({ demo: true, env: { DEMO: '0' } });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/demo',
      payload: { persona: 'admin' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
    await t.close();
  });
});

describe('route inventory', () => {
  it('registers every endpoint of the contract and enforces its declared access rule', async () => {
    const t = await createTestApp({
      demo: true,
      env: { WECHAT_APPID: 'wx', WECHAT_SECRET: 's', SMS_PROVIDER: 'console' },
    });
    const donorToken = async (): Promise<string> =>
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { persona: 'donor' } })).json()
        .token;
    const session = await donorToken();
    for (const [name, e] of Object.entries(contract)) {
      // Logout ends the session it is called with: it gets one of its own.
      const donor = name === 'logout' ? await donorToken() : session;
      expect(t.app.hasRoute({ method: e.method, url: e.path }), name).toBe(true);
      const url = e.path.replace(/:\w+/g, 'AAAAAAAAAAAAAAAA');
      const anonymous = await t.app.inject({ method: e.method, url });
      const asDonor = await t.app.inject({
        method: e.method,
        url,
        headers: { authorization: `Bearer ${donor}` },
      });
      if (e.access === 'public') {
        expect(anonymous.statusCode, name).not.toBe(401);
      } else {
        expect(anonymous.json().error?.code, name).toBe('AUTH_REQUIRED');
        if (e.access === 'platform_admin') expect(asDonor.json().error?.code, name).toBe('FORBIDDEN');
        else expect(asDonor.statusCode, name).not.toBe(401);
      }
    }
    await t.close();
  });

  it('refuses to start when an API route declares no access rule', async () => {
    const t = await createTestApp();
    expect(() => t.app.get('/api/v1/forgotten', () => ({ open: true }))).toThrow(/declares no access rule/);
    await t.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionSchema } from '../../shared/schemas/auth';
import { createConsoleSms } from '../../server/integrations/sms/console-sms';
import { startFakeTencentSms, type FakeTencentSms } from '../fakes/tencent-sms-server';
import { createTestApp, type TestApp } from '../support/test-app';

const PHONE = '13800138000';

describe('phone + SMS code login (console provider)', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({ sms: createConsoleSms({ log: (l) => void lines.push(l) }) });
  });
  afterAll(() => t.close());

  const send = (phone: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/send', payload: { phone }, headers });
  const verify = (phone: string, code: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/verify', payload: { phone, code } });
  const lastCode = () => /: (\d{6})$/.exec(lines.at(-1) ?? '')?.[1] ?? '';
  /** Lets the next code be sent at once, as if a minute had passed. */
  const age = (phone: string) =>
    t.sqlite.prepare('UPDATE sms_codes SET created_at = created_at - 61000 WHERE phone = ?').run(phone);

  it('sends a 6-digit code and logs in with it, creating the user once', async () => {
    const sent = await send(PHONE);
    expect(sent.json()).toEqual({ sent: true, retryAfterSeconds: 60 });
    expect(lines.at(-1)).toMatch(/138\*\*\*\*8000: \d{6}$/);
    const res = await verify(PHONE, lastCode());
    expect(res.statusCode).toBe(200);
    const session = sessionSchema.parse(res.json());
    expect(session.me.user.phone).toBe('138****8000');
    expect(res.body).not.toContain(PHONE);
  });

  it('stores the code hashed, and a code works once', async () => {
    age(PHONE);
    await send(PHONE);
    const code = lastCode();
    const rows = JSON.stringify(t.sqlite.prepare('SELECT * FROM sms_codes').all());
    expect(rows).not.toContain(`"${code}"`);
    expect((await verify(PHONE, code)).statusCode).toBe(200);
    expect((await verify(PHONE, code)).json().error.code).toBe('SMS_CODE_EXPIRED');
  });

  it('allows one send per phone per minute', async () => {
    age(PHONE);
    expect((await send(PHONE)).statusCode).toBe(200);
    const again = await send(PHONE);
    expect(again.statusCode).toBe(429);
    expect(again.json().error.code).toBe('SMS_TOO_FREQUENT');
  });

  it('counts wrong codes and stops after five', async () => {
    const phone = '13900139000';
    await send(phone);
    const code = lastCode();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      expect((await verify(phone, wrong)).json().error.code).toBe('SMS_CODE_INVALID');
    expect((await verify(phone, code)).json().error.code).toBe('SMS_TOO_MANY_ATTEMPTS');
    const failed = t.sqlite
      .prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'auth.login' AND outcome = 'failed'")
      .get();
    expect(failed).toEqual({ n: 5 });
  });

  it('refuses a code after five minutes', async () => {
    const phone = '13700137000';
    await send(phone);
    t.sqlite.prepare('UPDATE sms_codes SET expires_at = ? WHERE phone = ?').run(Date.now() - 1, phone);
    expect((await verify(phone, lastCode())).json().error.code).toBe('SMS_CODE_EXPIRED');
  });

  it('limits sends per client address, and a spoofed X-Forwarded-For does not dodge it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await send(`1360000${String(1000 + i)}`, { 'x-forwarded-for': `10.0.0.${i}` });
      statuses.push(res.statusCode);
    }
    // Ten per hour per address, counting the sends made by the tests above.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const refused = await send('13611112222', { 'x-forwarded-for': '203.0.113.9' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
  });
});

describe('bad phone numbers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const send = (phone: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/send', payload: { phone } });

  it.each(['1380013800', '23800138000', '+8613800138000', '138 0013 8000', '１３８００１３８０００', ''])(
    'refuses the phone number %o with 400',
    async (phone) => {
      const res = await send(phone);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    },
  );
});

describe('phone login through Tencent Cloud SMS (fake server)', () => {
  let fake: FakeTencentSms;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeTencentSms({
      secretId: 'AKIDtest',
      secretKey: 'key-that-never-leaks',
      sdkAppId: '1400000001',
    });
    t = await createTestApp({
      env: {
        SMS_PROVIDER: 'tencent',
        TENCENT_SMS_BASE: fake.baseUrl,
        TENCENT_SECRET_ID: 'AKIDtest',
        TENCENT_SECRET_KEY: 'key-that-never-leaks',
        TENCENT_SMS_SDK_APP_ID: '1400000001',
        TENCENT_SMS_SIGN_NAME: '心愿',
        TENCENT_SMS_TEMPLATE_ID: '123456',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('delivers the code through the signed SendSms call and logs in with it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sms/send',
      payload: { phone: PHONE },
    });
    expect(res.statusCode).toBe(200);
    expect(fake.sent).toEqual([
      { phone: '+8613800138000', templateId: '123456', params: [expect.stringMatching(/^\d{6}$/), '5'] },
    ]);
    const code = fake.sent[0]!.params[0]!;
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sms/verify',
      payload: { phone: PHONE, code },
    });
    expect(login.statusCode).toBe(200);
  });

  it('maps a provider refusal to a clear error and lets the person retry at once', async () => {
    fake.setNextStatus('FailedOperation.InsufficientBalanceInSmsPackage');
    const phone = '13500135000';
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/send', payload: { phone } });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('LOGIN_PROVIDER_UNAVAILABLE');
    const retry = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/send', payload: { phone } });
    expect(retry.statusCode).toBe(200);
  });
});

describe('login floods', () => {
  it('stops guessing codes from one address after 30 tries in ten minutes, whatever the phone', async () => {
    const t = await createTestApp();
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sms/verify',
        payload: { phone: `1380000${String(1000 + i)}`, code: '123456' },
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 30).every((c) => c === 400)).toBe(true);
    expect(codes.slice(30)).toEqual([429, 429]);
    await t.close();
  });
});

describe('config', () => {
  it('refuses SMS_PROVIDER=tencent without its credentials, naming them', async () => {
    await expect(createTestApp({ env: { SMS_PROVIDER: 'tencent' } })).rejects.toThrow(/TENCENT_SECRET_ID/);
  });
});

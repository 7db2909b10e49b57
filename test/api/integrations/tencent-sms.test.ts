import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConsoleSms } from '../../../server/integrations/sms/console-sms';
import { SmsError } from '../../../server/integrations/sms/sms-provider';
import {
  canonicalRequest,
  jsonSignedHeaders,
  signTc3,
  signedHeaderNames,
  stringToSign,
  tc3Date,
} from '../../../server/integrations/sms/tc3-sign';
import {
  TENCENT_SMS_BASE_URL,
  createTencentSms,
  type TencentSmsOptions,
} from '../../../server/integrations/sms/tencent-sms';
import { startFakeTencentSms, type FakeTencentSms } from '../../fakes/tencent-sms-server';

/** A second, deliberately naive TC3 implementation: the module must agree with it, not with itself. */
function referenceSign(input: {
  secretKey: string;
  timestamp: number;
  service: string;
  canonicalHeaders: string;
  signedHeaders: string;
  payload: string;
}): { canonical: string; toSign: string; signature: string } {
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const mac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonical = `POST\n/\n\n${input.canonicalHeaders}\n${input.signedHeaders}\n${sha(input.payload)}`;
  const toSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${date}/${input.service}/tc3_request\n${sha(canonical)}`;
  const key = mac(mac(mac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  return { canonical, toSign, signature: createHmac('sha256', key).update(toSign).digest('hex') };
}

describe('TC3-HMAC-SHA256 signing: Tencent’s worked example (签名方法 v3, DescribeInstances)', () => {
  const example = {
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    service: 'cvm',
    timestamp: 1551113065,
    // The literal bytes Tencent signs: `\u672a…` escapes, not the decoded characters.
    payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  };
  // The example as first published: only content-type and host signed.
  const contentTypeAndHost = {
    'content-type': 'application/json; charset=utf-8',
    host: 'cvm.tencentcloudapi.com',
  };

  it('builds the published canonical request and string to sign', () => {
    const signed = signTc3({ ...example, secretKey: 'x', headers: contentTypeAndHost });
    expect(signed.canonicalRequest).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\n' +
        'content-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(signed.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n' +
        '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
  });

  it('reproduces the published signature for SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', () => {
    const signed = signTc3({
      ...example,
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      headers: contentTypeAndHost,
    });
    expect(signed.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('reproduces 2230eefd…, which the docs publish with the key masked as Gu5t9xGARNpq86cd98joQYCN3*******', () => {
    const signed = signTc3({
      ...example,
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
      headers: contentTypeAndHost,
    });
    expect(signed.signature).toBe('2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c');
  });

  it('builds the current docs’ canonical request, which also signs x-tc-action (lower-cased)', () => {
    const signed = signTc3({
      ...example,
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      headers: jsonSignedHeaders('cvm.tencentcloudapi.com', 'DescribeInstances'),
    });
    expect(signed.canonicalRequest).toBe(
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n' +
        'x-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n' +
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(signed.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n' +
        '7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
    );
    // Not published for this variant (the docs mask the key): computed with referenceSign above.
    expect(signed.signature).toBe('644be983de9a8a3f00db8eadaba61467c3b429e2215758ba897b738ca469fd26');
  });

  it('dates the scope in UTC: 1551113065 is 2019-02-26 00:44 in Beijing but 2019-02-25 in UTC', () => {
    expect(tc3Date(1551113065)).toBe('2019-02-25');
    expect(tc3Date(1551139199)).toBe('2019-02-25');
    expect(tc3Date(1551139200)).toBe('2019-02-26');
  });

  it('sorts and lower-cases signed headers whatever order they come in', () => {
    const headers = {
      'X-TC-Action': 'SendSms',
      Host: 'h:1',
      'Content-Type': 'application/json; charset=utf-8',
    };
    expect(signedHeaderNames(headers)).toBe('content-type;host;x-tc-action');
    expect(canonicalRequest(headers, '{}')).toBe(canonicalRequest(jsonSignedHeaders('h:1', 'sendsms'), '{}'));
  });

  it('agrees with the reference implementation on an SMS request', () => {
    const payload = '{"PhoneNumberSet":["+8613800138000"],"TemplateParamSet":["123456","5"]}';
    const timestamp = 1767225599; // 2025-12-31T23:59:59Z
    const ours = signTc3({
      secretId: 'AKIDtest',
      secretKey: 'key',
      service: 'sms',
      timestamp,
      headers: jsonSignedHeaders('sms.tencentcloudapi.com', 'SendSms'),
      payload,
    });
    const reference = referenceSign({
      secretKey: 'key',
      timestamp,
      service: 'sms',
      canonicalHeaders:
        'content-type:application/json; charset=utf-8\nhost:sms.tencentcloudapi.com\nx-tc-action:sendsms\n',
      signedHeaders: 'content-type;host;x-tc-action',
      payload,
    });
    expect(ours.canonicalRequest).toBe(reference.canonical);
    expect(ours.stringToSign).toBe(stringToSign(timestamp, 'sms', reference.canonical));
    expect(ours.stringToSign).toBe(reference.toSign);
    expect(ours.signature).toBe(reference.signature);
  });
});

const SECRET_ID = 'AKIDfakeSecretId0001';
const SECRET_KEY = 'fake-secret-key-Zq8Xw3';
const SDK_APP_ID = '1400000001';
const PHONE = '13800138000';
const CODE = '493817';

/** The error a send fails with; also asserts it never carries the secret key or the code. */
async function failure(send: Promise<void>): Promise<SmsError> {
  const err = await send.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SmsError);
  const everything = inspect(err, { depth: 10, showHidden: true }) + JSON.stringify(err);
  expect(everything).not.toContain(SECRET_KEY);
  expect(everything).not.toContain(CODE);
  return err as SmsError;
}

describe('Tencent SMS provider against the fake Tencent Cloud SMS server', () => {
  let fake: FakeTencentSms;
  beforeAll(async () => {
    fake = await startFakeTencentSms({ secretId: SECRET_ID, secretKey: SECRET_KEY, sdkAppId: SDK_APP_ID });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.sent.length = 0;
  });

  const sms = (overrides: Partial<TencentSmsOptions> = {}) =>
    createTencentSms({
      baseUrl: fake.baseUrl,
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      region: 'ap-guangzhou',
      sdkAppId: SDK_APP_ID,
      signName: '心愿',
      templateId: '2100001',
      codeValidMinutes: 5,
      timeoutMs: 2000,
      ...overrides,
    });

  it('sends the code: the fake records +86 phone, template and [code, minutes]', async () => {
    await sms().sendLoginCode(PHONE, CODE);
    expect(fake.sent).toEqual([{ phone: '+8613800138000', templateId: '2100001', params: [CODE, '5'] }]);
  });

  it('still signs validly with the clock 4 minutes off (Tencent allows 5)', async () => {
    await sms({ now: () => Date.now() - 4 * 60_000 }).sendLoginCode(PHONE, CODE);
    expect(fake.sent).toHaveLength(1);
  });

  it.each([
    ['a wrong secret key', { secretKey: 'not-the-key' }, 'AuthFailure.SignatureFailure'],
    ['an unknown SecretId', { secretId: 'AKIDnobody' }, 'AuthFailure.SecretIdNotFound'],
    ['a clock 6 minutes fast', { now: () => Date.now() + 6 * 60_000 }, 'AuthFailure.SignatureExpire'],
    ['a clock 6 minutes slow', { now: () => Date.now() - 6 * 60_000 }, 'AuthFailure.SignatureExpire'],
    ['a wrong SmsSdkAppId', { sdkAppId: '1400999999' }, 'InvalidParameterValue.SdkAppIdNotExist'],
  ])('is unavailable with %s (%s)', async (_what, overrides: Partial<TencentSmsOptions>, providerCode) => {
    const err = await failure(sms(overrides).sendLoginCode(PHONE, CODE));
    expect(err.kind).toBe('unavailable');
    expect(err.providerCode).toBe(providerCode);
    expect(fake.sent).toEqual([]);
  });

  it('is refused when the body sent is not the body signed (the fake hashes the raw bytes)', async () => {
    const tampering: typeof fetch = (url, init) =>
      fetch(url, { ...init, body: String(init?.body).replace(CODE, '000000') });
    const err = await failure(sms({ fetch: tampering }).sendLoginCode(PHONE, CODE));
    expect(err.providerCode).toBe('AuthFailure.SignatureFailure');
  });

  it.each([
    ['LimitExceeded.PhoneNumberThirtySecondLimit', 'rate_limited'],
    ['LimitExceeded.PhoneNumberDailyLimit', 'rate_limited'],
    ['InvalidParameterValue.IncorrectPhoneNumber', 'invalid_phone'],
    ['FailedOperation.InsufficientBalanceInSmsPackage', 'unavailable'],
  ])('maps the per-number status %s to %s', async (status, kind) => {
    fake.setNextStatus(status);
    const err = await failure(sms().sendLoginCode(PHONE, CODE));
    expect(err.kind).toBe(kind);
    expect(err.providerCode).toBe(status);
    expect(fake.sent).toEqual([]);
    // The status applied once: the next send goes through.
    await sms().sendLoginCode(PHONE, CODE);
    expect(fake.sent).toHaveLength(1);
  });

  it.each(['', '1380013800', '138001380000', '12800138000', '23800138000', '+8613800138000', ' 13800138000'])(
    'refuses %j as invalid_phone without calling Tencent',
    async (phone) => {
      const spy = vi.fn(fetch);
      const err = await failure(sms({ fetch: spy }).sendLoginCode(phone, CODE));
      expect(err.kind).toBe('invalid_phone');
      expect(err.providerCode).toBeUndefined();
      expect(spy).not.toHaveBeenCalled();
      expect(fake.sent).toEqual([]);
    },
  );

  it('is unavailable when the server is gone', async () => {
    const gone = await startFakeTencentSms({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      sdkAppId: SDK_APP_ID,
    });
    await gone.close();
    const err = await failure(sms({ baseUrl: gone.baseUrl }).sendLoginCode(PHONE, CODE));
    expect(err.kind).toBe('unavailable');
  });

  it('gives up on a server that never answers, within the timeout', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const started = performance.now();
      const err = await failure(
        sms({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 }).sendLoginCode(PHONE, CODE),
      );
      const elapsed = performance.now() - started;
      expect(err.kind).toBe('unavailable');
      expect(err.message).toContain('200 ms');
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(1500);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it.each([
    ['HTTP 502', () => new Response('<html>bad gateway</html>', { status: 502 })],
    ['a body that is not JSON', () => new Response(`<html>${CODE}</html>`, { status: 200 })],
    ['JSON of another shape', () => Response.json({ Response: { RequestId: 'r1' } })],
    ['an empty SendStatusSet', () => Response.json({ Response: { SendStatusSet: [], RequestId: 'r1' } })],
  ])('is unavailable on %s', async (_what, answer) => {
    const err = await failure(sms({ fetch: async () => answer() }).sendLoginCode(PHONE, CODE));
    expect(err.kind).toBe('unavailable');
    expect(err.providerCode).toBeUndefined();
  });

  it('calls https://sms.tencentcloudapi.com/ by default, signed for that host, with the API 3.0 headers', async () => {
    let request: { url: string; headers: Headers; body: string } | undefined;
    const capture: typeof fetch = async (url, init) => {
      request = { url: String(url), headers: new Headers(init?.headers), body: String(init?.body) };
      return Response.json({
        Response: {
          SendStatusSet: [{ Code: 'Ok', Message: 'send success', PhoneNumber: '+8613800138000' }],
          RequestId: 'r',
        },
      });
    };
    await sms({ baseUrl: TENCENT_SMS_BASE_URL, fetch: capture, now: () => 1767225599_000 }).sendLoginCode(
      PHONE,
      CODE,
    );

    expect(request?.url).toBe('https://sms.tencentcloudapi.com/');
    const headers = request?.headers;
    expect(headers?.get('content-type')).toBe('application/json; charset=utf-8');
    expect(headers?.get('x-tc-action')).toBe('SendSms');
    expect(headers?.get('x-tc-version')).toBe('2021-01-11');
    expect(headers?.get('x-tc-timestamp')).toBe('1767225599');
    expect(headers?.get('x-tc-region')).toBe('ap-guangzhou');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: SDK_APP_ID,
      SignName: '心愿',
      TemplateId: '2100001',
      TemplateParamSet: [CODE, '5'],
    });
    const { signature } = referenceSign({
      secretKey: SECRET_KEY,
      timestamp: 1767225599,
      service: 'sms',
      canonicalHeaders:
        'content-type:application/json; charset=utf-8\nhost:sms.tencentcloudapi.com\nx-tc-action:sendsms\n',
      signedHeaders: 'content-type;host;x-tc-action',
      payload: request?.body ?? '',
    });
    expect(headers?.get('authorization')).toBe(
      `TC3-HMAC-SHA256 Credential=${SECRET_ID}/2025-12-31/sms/tc3_request, ` +
        `SignedHeaders=content-type;host;x-tc-action, Signature=${signature}`,
    );
  });
});

describe('console SMS provider (development)', () => {
  it('logs one line with the code and the masked phone, never the full phone', async () => {
    const lines: string[] = [];
    await createConsoleSms({ log: (line) => lines.push(line) }).sendLoginCode(PHONE, CODE);
    expect(lines).toEqual([`[sms] login code for 138****8000: ${CODE}`]);
    expect(lines[0]).not.toContain(PHONE);
  });

  it('logs through console.log by default', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await createConsoleSms().sendLoginCode('19912345678', CODE);
      expect(spy).toHaveBeenCalledWith(`[sms] login code for 199****5678: ${CODE}`);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses what Tencent would refuse, and logs nothing', async () => {
    const lines: string[] = [];
    const err = await failure(
      createConsoleSms({ log: (line) => lines.push(line) }).sendLoginCode('12345', CODE),
    );
    expect(err.kind).toBe('invalid_phone');
    expect(lines).toEqual([]);
  });
});

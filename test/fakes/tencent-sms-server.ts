import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import {
  canonicalRequest,
  stringToSign,
  tc3Date,
  tc3Signature,
} from '../../server/integrations/sms/tc3-sign';

/**
 * A Tencent Cloud SMS `SendSms` endpoint on 127.0.0.1 that checks requests the way Tencent does: it
 * rebuilds the canonical request from the headers the Authorization names and the raw body bytes,
 * so a client that signs anything other than what it sends is refused. Answers are HTTP 200 with
 * `Response.Error` (request-level) or `Response.SendStatusSet` (per number), as the real API.
 */

export interface FakeTencentSms {
  baseUrl: string;
  /** Messages Tencent would have delivered (per-number status Ok). */
  sent: { phone: string; templateId: string; params: string[] }[];
  /** The per-number status code of the next SendSms that passes the request checks (once). */
  setNextStatus(code: string): void;
  close(): Promise<void>;
}

const MAX_SKEW_SECONDS = 300;
const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

const MESSAGES: Record<string, string> = {
  Ok: 'send success',
  'LimitExceeded.PhoneNumberThirtySecondLimit':
    'the number of sms messages sent within 30 seconds exceeds limit',
  'LimitExceeded.PhoneNumberDailyLimit': 'the number of sms messages sent daily exceeds limit',
  'InvalidParameterValue.IncorrectPhoneNumber': 'incorrect phone number',
  'FailedOperation.InsufficientBalanceInSmsPackage': 'insufficient balance in sms package',
};

class RequestError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

export async function startFakeTencentSms(options: {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
}): Promise<FakeTencentSms> {
  const sent: FakeTencentSms['sent'] = [];
  let nextStatus: string | undefined;

  function checkSignature(req: IncomingMessage, raw: Buffer): void {
    const match = AUTHORIZATION.exec(header(req, 'authorization') ?? '');
    if (!match) throw new RequestError('AuthFailure.InvalidAuthorization');
    const [, secretId, date, service, signedHeaders = '', signature = ''] = match;
    if (secretId !== options.secretId) throw new RequestError('AuthFailure.SecretIdNotFound');

    const timestamp = Number(header(req, 'x-tc-timestamp'));
    if (!Number.isInteger(timestamp)) throw new RequestError('MissingParameter');
    if (Math.abs(Date.now() / 1000 - timestamp) > MAX_SKEW_SECONDS) {
      throw new RequestError('AuthFailure.SignatureExpire');
    }

    // The scope must be today's UTC date of the timestamp and this service; the signed headers must
    // cover at least content-type and host, and each must be present as sent.
    const names = signedHeaders.split(';');
    if (date !== tc3Date(timestamp) || service !== 'sms')
      throw new RequestError('AuthFailure.SignatureFailure');
    if (!names.includes('content-type') || !names.includes('host')) {
      throw new RequestError('AuthFailure.SignatureFailure');
    }
    const received: Record<string, string> = {};
    for (const name of names) {
      const value = header(req, name);
      if (value === undefined) throw new RequestError('AuthFailure.SignatureFailure');
      received[name] = value;
    }
    const expected = tc3Signature(
      options.secretKey,
      timestamp,
      'sms',
      stringToSign(timestamp, 'sms', canonicalRequest(received, raw)),
    );
    if (!sameHex(expected, signature)) throw new RequestError('AuthFailure.SignatureFailure');
  }

  function sendSms(req: IncomingMessage, raw: Buffer): object {
    checkSignature(req, raw);
    if (header(req, 'x-tc-action') !== 'SendSms') throw new RequestError('InvalidAction');
    if (header(req, 'x-tc-version') !== '2021-01-11') throw new RequestError('NoSuchVersion');
    if (!header(req, 'x-tc-region')) throw new RequestError('MissingParameter');

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new RequestError('FailedOperation.JsonParseFail');
    }
    const { PhoneNumberSet, SmsSdkAppId, TemplateId, TemplateParamSet = [], SignName } = body;
    if (!isStringArray(PhoneNumberSet) || PhoneNumberSet.length === 0)
      throw new RequestError('MissingParameter');
    if (typeof TemplateId !== 'string' || typeof SignName !== 'string')
      throw new RequestError('MissingParameter');
    if (!isStringArray(TemplateParamSet)) throw new RequestError('InvalidParameterValue');
    if (SmsSdkAppId !== options.sdkAppId) throw new RequestError('InvalidParameterValue.SdkAppIdNotExist');

    const code = nextStatus ?? 'Ok';
    nextStatus = undefined;
    const SendStatusSet = PhoneNumberSet.map((phone) => {
      if (code === 'Ok') sent.push({ phone, templateId: TemplateId, params: TemplateParamSet });
      return {
        SerialNo: code === 'Ok' ? randomUUID() : '',
        PhoneNumber: phone,
        Fee: code === 'Ok' ? 1 : 0,
        SessionContext: '',
        Code: code,
        Message: MESSAGES[code] ?? code,
        IsoCode: 'CN',
      };
    });
    return { SendStatusSet, RequestId: randomUUID() };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/') {
      res.writeHead(404).end();
      return;
    }
    const raw = await readBody(req);
    let answer: object;
    try {
      answer = sendSms(req, raw);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      answer = {
        Error: { Code: err.code, Message: MESSAGES[err.code] ?? err.code },
        RequestId: randomUUID(),
      };
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Response: answer }));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    sent,
    setNextStatus(code) {
      nextStatus = code;
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // fetch keeps connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      });
    },
  };
}

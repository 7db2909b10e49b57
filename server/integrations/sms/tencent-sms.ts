import { z } from 'zod';
import { MAINLAND_MOBILE_PATTERN } from '../../../shared/constants';
import { SmsError, type SmsErrorKind, type SmsProvider } from './sms-provider';
import { JSON_CONTENT_TYPE, jsonSignedHeaders, signTc3 } from './tc3-sign';

/** The account and message template: what the deployment configures. */
export interface TencentSmsAccount {
  /** `https://sms.tencentcloudapi.com` in production; a fake server in tests. */
  baseUrl: string;
  secretId: string;
  secretKey: string;
  /** e.g. `ap-guangzhou` */
  region: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
}

export interface TencentSmsOptions extends TencentSmsAccount {
  /** Second template parameter: the template says how many minutes the code is valid. */
  codeValidMinutes: number;
  timeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

export const TENCENT_SMS_BASE_URL = 'https://sms.tencentcloudapi.com';
const ACTION = 'SendSms';
const VERSION = '2021-01-11';
const SERVICE = 'sms';
const DEFAULT_TIMEOUT_MS = 5000;

// Tencent answers HTTP 200 for failures too: the outcome is either Response.Error or SendStatusSet.
const responseSchema = z.object({
  Response: z.union([
    z.object({ Error: z.object({ Code: z.string(), Message: z.string() }), RequestId: z.string() }),
    z.object({
      SendStatusSet: z.array(z.object({ Code: z.string(), Message: z.string(), PhoneNumber: z.string() })),
      RequestId: z.string(),
    }),
  ]),
});

function kindOf(providerCode: string): SmsErrorKind {
  if (providerCode.startsWith('LimitExceeded.')) return 'rate_limited';
  if (providerCode === 'InvalidParameterValue.IncorrectPhoneNumber') return 'invalid_phone';
  return 'unavailable';
}

// Tencent's Message is left out on purpose: it may quote request parameters, i.e. the code.
function refused(providerCode: string, requestId: string): SmsError {
  return new SmsError(kindOf(providerCode), `Tencent SMS refused: ${providerCode} (RequestId ${requestId})`, {
    providerCode,
  });
}

/** Tencent Cloud SMS `SendSms` (API 3.0), one number per call. */
export function createTencentSms(options: TencentSmsOptions): SmsProvider {
  const endpoint = new URL('/', options.baseUrl);
  // fetch sends exactly this as Host (default port omitted), so it is what gets signed.
  const host = endpoint.host;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function post(payload: string): Promise<Response> {
    const timestamp = Math.floor(now() / 1000);
    const { authorization } = signTc3({
      secretId: options.secretId,
      secretKey: options.secretKey,
      service: SERVICE,
      timestamp,
      headers: jsonSignedHeaders(host, ACTION),
      payload,
    });
    try {
      return await doFetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': JSON_CONTENT_TYPE,
          'X-TC-Action': ACTION,
          'X-TC-Version': VERSION,
          'X-TC-Timestamp': String(timestamp),
          'X-TC-Region': options.region,
          Authorization: authorization,
        },
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      const what = timedOut ? `no answer within ${timeoutMs} ms` : 'request failed';
      throw new SmsError('unavailable', `Tencent SMS ${what}`, { cause: err });
    }
  }

  return {
    async sendLoginCode(phone, code) {
      if (!MAINLAND_MOBILE_PATTERN.test(phone)) {
        throw new SmsError('invalid_phone', 'Not a mainland China mobile number');
      }
      const payload = JSON.stringify({
        PhoneNumberSet: [`+86${phone}`],
        SmsSdkAppId: options.sdkAppId,
        SignName: options.signName,
        TemplateId: options.templateId,
        TemplateParamSet: [code, String(options.codeValidMinutes)],
      });
      const res = await post(payload);
      if (res.status !== 200) {
        await res.body?.cancel().catch(() => {});
        throw new SmsError('unavailable', `Tencent SMS answered HTTP ${res.status}`);
      }

      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        throw new SmsError('unavailable', 'Tencent SMS answer was cut off', { cause: err });
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        // No cause: the parser's message quotes the body.
        throw new SmsError('unavailable', 'Tencent SMS answered with something that is not JSON');
      }
      const parsed = responseSchema.safeParse(body);
      if (!parsed.success) {
        throw new SmsError('unavailable', 'Tencent SMS answered in an unexpected shape');
      }

      const { Response: answer } = parsed.data;
      if ('Error' in answer) throw refused(answer.Error.Code, answer.RequestId);
      const status = answer.SendStatusSet[0];
      if (!status) {
        throw new SmsError('unavailable', `Tencent SMS sent no status (RequestId ${answer.RequestId})`);
      }
      if (status.Code !== 'Ok') throw refused(status.Code, answer.RequestId);
    },
  };
}

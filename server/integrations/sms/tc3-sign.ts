import { createHash, createHmac } from 'node:crypto';

/**
 * Tencent Cloud API 3.0 request signing (签名方法 v3, TC3-HMAC-SHA256), as pure functions so each step
 * can be checked against Tencent's published example. Only what JSON POST calls need: the canonical
 * URI is always `/` and the query string empty.
 */

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Signed headers, name → value as sent. Tencent requires content-type and host among them. */
export type Tc3Headers = Readonly<Record<string, string>>;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** What Tencent's SDKs sign: the action too, so a signature cannot be replayed for another action. */
export function jsonSignedHeaders(host: string, action: string): Tc3Headers {
  return { 'content-type': JSON_CONTENT_TYPE, host, 'x-tc-action': action };
}

// Names and values lower-cased and trimmed, sorted by name: the doc's rule, so `SendSms` signs as `sendsms`.
function normalized(headers: Tc3Headers): [string, string][] {
  return Object.entries(headers)
    .map(([name, value]): [string, string] => [name.trim().toLowerCase(), value.trim().toLowerCase()])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `content-type;host;x-tc-action` */
export function signedHeaderNames(headers: Tc3Headers): string {
  return normalized(headers)
    .map(([name]) => name)
    .join(';');
}

/** The payload is hashed as the exact bytes sent: re-serialising JSON would change them. */
export function canonicalRequest(headers: Tc3Headers, payload: string | Uint8Array): string {
  const canonicalHeaders = normalized(headers)
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
  return ['POST', '/', '', canonicalHeaders, signedHeaderNames(headers), sha256Hex(payload)].join('\n');
}

/** UTC date of the timestamp: a local date would break every request between 00:00 and 08:00 in China. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export function credentialScope(timestamp: number, service: string): string {
  return `${tc3Date(timestamp)}/${service}/tc3_request`;
}

export function stringToSign(timestamp: number, service: string, canonical: string): string {
  return [TC3_ALGORITHM, String(timestamp), credentialScope(timestamp, service), sha256Hex(canonical)].join(
    '\n',
  );
}

/** Hex HMAC over the string to sign, with the key derived from the secret key, date and service. */
export function tc3Signature(secretKey: string, timestamp: number, service: string, toSign: string): string {
  const secretDate = hmac(`TC3${secretKey}`, tc3Date(timestamp));
  const secretService = hmac(secretDate, service);
  const secretSigning = hmac(secretService, 'tc3_request');
  return createHmac('sha256', secretSigning).update(toSign, 'utf8').digest('hex');
}

export function authorizationHeader(input: {
  secretId: string;
  timestamp: number;
  service: string;
  signedHeaders: string;
  signature: string;
}): string {
  const scope = credentialScope(input.timestamp, input.service);
  return (
    `${TC3_ALGORITHM} Credential=${input.secretId}/${scope}, ` +
    `SignedHeaders=${input.signedHeaders}, Signature=${input.signature}`
  );
}

/** All steps at once; the intermediate strings are returned for tests and debugging. */
export function signTc3(input: {
  secretId: string;
  secretKey: string;
  service: string;
  timestamp: number;
  headers: Tc3Headers;
  payload: string | Uint8Array;
}): { canonicalRequest: string; stringToSign: string; signature: string; authorization: string } {
  const canonical = canonicalRequest(input.headers, input.payload);
  const toSign = stringToSign(input.timestamp, input.service, canonical);
  const signature = tc3Signature(input.secretKey, input.timestamp, input.service, toSign);
  const authorization = authorizationHeader({
    secretId: input.secretId,
    timestamp: input.timestamp,
    service: input.service,
    signedHeaders: signedHeaderNames(input.headers),
    signature,
  });
  return { canonicalRequest: canonical, stringToSign: toSign, signature, authorization };
}

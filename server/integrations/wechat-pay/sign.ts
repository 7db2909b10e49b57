import { createPrivateKey, createPublicKey, randomInt, sign, verify, type KeyObject } from 'node:crypto';

/**
 * WeChat Pay APIv3 signatures (签名认证), all SHA256-with-RSA (PKCS#1 v1.5), base64:
 * - a request: `METHOD\nURL\ntimestamp\nnonce\nbody\n`, URL being the path and query as sent,
 *   in `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`;
 * - an answer or a callback: `timestamp\nnonce\nbody\n` from the `Wechatpay-Timestamp`,
 *   `Wechatpay-Nonce` headers and the body exactly as received, checked against
 *   `Wechatpay-Signature` with the WeChat Pay public key named by `Wechatpay-Serial`;
 * - the mini-program's payment parameters: `appId\ntimeStamp\nnonceStr\npackage\n`.
 * Timestamps are epoch seconds.
 */
export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

/** How far a signed answer's or callback's timestamp may be from our clock, either way. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random string of letters and digits (32 by default, the documented maximum). */
export function nonceStr(length = 32): string {
  let s = '';
  for (let i = 0; i < length; i++) s += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return s;
}

export type PrivateKeyLike = string | KeyObject;
export type PublicKeyLike = string | KeyObject;

export function privateKeyOf(key: PrivateKeyLike): KeyObject {
  return typeof key === 'string' ? createPrivateKey(key) : key;
}

export function publicKeyOf(key: PublicKeyLike): KeyObject {
  return typeof key === 'string' ? createPublicKey(key) : key;
}

/** SHA256withRSA (PKCS#1 v1.5) over the UTF-8 message, base64. */
export function rsaSign(message: string, key: PrivateKeyLike): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKeyOf(key)).toString('base64');
}

/** True when `signature` (base64) is the key's SHA256withRSA signature of the message; never throws. */
export function rsaVerify(message: string, signature: string, key: PublicKeyLike): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  try {
    return verify('sha256', Buffer.from(message, 'utf8'), publicKeyOf(key), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The message a request's signature covers. `url` is the path with its query (`/v3/…?a=b`). */
export function requestMessage(
  method: string,
  url: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The message an answer's or a callback's signature covers. */
export function answerMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** The message `paySign` covers (wx.requestPayment). */
export function payMessage(appId: string, timeStamp: string, nonce: string, pkg: string): string {
  return `${appId}\n${timeStamp}\n${nonce}\n${pkg}\n`;
}

export interface AuthorizationParts {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

/** The `Authorization` header of a request, signed with the merchant's private key. */
export function authorizationHeader(req: {
  mchId: string;
  serial: string;
  privateKey: PrivateKeyLike;
  method: string;
  url: string;
  body: string;
  /** Epoch seconds. */
  timestamp: number;
  nonce?: string;
}): string {
  const nonce = req.nonce ?? nonceStr();
  const timestamp = String(req.timestamp);
  const signature = rsaSign(requestMessage(req.method, req.url, timestamp, nonce, req.body), req.privateKey);
  return (
    `${AUTH_SCHEMA} mchid="${req.mchId}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${timestamp}",serial_no="${req.serial}"`
  );
}

/** The parts of an `Authorization` header, or null when it is not a WECHATPAY2-SHA256-RSA2048 one. */
export function parseAuthorization(header: string | undefined): AuthorizationParts | null {
  if (!header?.startsWith(`${AUTH_SCHEMA} `)) return null;
  const parts: Record<string, string> = {};
  const re = /\s*([a-z_]+)="([^"]*)"\s*(?:,|$)/gy;
  const rest = header.slice(AUTH_SCHEMA.length + 1);
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(rest))) {
    parts[m[1] ?? ''] = m[2] ?? '';
    end = re.lastIndex;
  }
  if (end !== rest.length) return null;
  const { mchid, nonce_str, signature, timestamp, serial_no } = parts;
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return null;
  return { mchid, nonce_str, signature, timestamp, serial_no };
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers;

/** One header's value, case-insensitively; a repeated header counts as missing. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower) continue;
    if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
    return value;
  }
  return undefined;
}

export type SignatureRefusal =
  'MISSING_HEADERS' | 'TIMESTAMP_OUT_OF_WINDOW' | 'UNKNOWN_SERIAL' | 'BAD_SIGNATURE';

/**
 * Checks a WeChat Pay signature on an answer or a callback: the four `Wechatpay-*` headers are
 * there, the timestamp is within five minutes of `now` either way, the serial names a key we
 * hold, and the signature over `timestamp\nnonce\nbody\n` verifies with it.
 */
export function checkWechatpaySignature(
  headers: HeaderBag,
  body: string,
  platformKeys: ReadonlyMap<string, PublicKeyLike>,
  now: number,
): { ok: true; serial: string } | { ok: false; refusal: SignatureRefusal } {
  const timestamp = headerValue(headers, 'Wechatpay-Timestamp');
  const nonce = headerValue(headers, 'Wechatpay-Nonce');
  const signature = headerValue(headers, 'Wechatpay-Signature');
  const serial = headerValue(headers, 'Wechatpay-Serial');
  if (!timestamp || !nonce || !signature || !serial) return { ok: false, refusal: 'MISSING_HEADERS' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now - Number(timestamp) * 1000) > SIGNATURE_WINDOW_MS) {
    return { ok: false, refusal: 'TIMESTAMP_OUT_OF_WINDOW' };
  }
  const key = platformKeys.get(serial);
  if (!key) return { ok: false, refusal: 'UNKNOWN_SERIAL' };
  if (!rsaVerify(answerMessage(timestamp, nonce, body), signature, key)) {
    return { ok: false, refusal: 'BAD_SIGNATURE' };
  }
  return { ok: true, serial };
}

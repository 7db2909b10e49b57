import { createCipheriv, createDecipheriv } from 'node:crypto';
import { z } from 'zod';
import { checkWechatpaySignature, type PublicKeyLike } from './sign';
import type { NotificationRefusal, PayNotification, WechatPayAccount } from './types';
import { refundFromNotifyWire, refundNotifyWire, transactionFromWire, transactionWire } from './wire';

/**
 * WeChat Pay's callbacks (支付通知, 退款结果通知): a signed JSON envelope whose `resource` is
 * encrypted with AEAD_AES_256_GCM under the merchant's APIv3 key (32 bytes), a 12-character
 * nonce and the associated data; `ciphertext` is base64 of the encrypted bytes followed by the
 * 16-byte authentication tag.
 */

export const AEAD_ALGORITHM = 'AEAD_AES_256_GCM';
const TAG_BYTES = 16;

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
  original_type?: string;
}

/** Encrypts a resource as WeChat Pay does (the fake server and tests use it). */
export function encryptResource(
  apiV3Key: string,
  plaintext: string,
  nonce: string,
  associatedData: string,
): string {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]).toString('base64');
}

/** The resource's plaintext, or null when it does not decrypt and authenticate. */
export function decryptResource(apiV3Key: string, resource: EncryptedResource): string | null {
  if (resource.algorithm !== AEAD_ALGORITHM) return null;
  const key = Buffer.from(apiV3Key, 'utf8');
  const nonce = Buffer.from(resource.nonce, 'utf8');
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (key.length !== 32 || nonce.length === 0 || data.length <= TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(data.subarray(0, data.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  } catch {
    return null;
  }
}

const envelopeWire = z.object({
  id: z.string().min(1).max(64),
  event_type: z.string().min(1),
  resource_type: z.string().optional(),
  resource: z.object({
    algorithm: z.literal(AEAD_ALGORITHM),
    ciphertext: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/),
    nonce: z.string().min(1).max(64),
    associated_data: z.string().optional(),
    original_type: z.string().optional(),
  }),
});

type Verified = { ok: true; notification: PayNotification } | { ok: false; refusal: NotificationRefusal };

/**
 * Verifies and decrypts a callback: headers present, timestamp within five minutes either way,
 * a known key serial, the signature over `timestamp\nnonce\nbody\n` of the raw body, then the
 * envelope's shape and the resource's decryption, then the resource's shape for its event type.
 * Business checks (mch id, app id, amount, the order itself) are the caller's.
 */
export function verifyNotification(
  account: Pick<WechatPayAccount, 'apiV3Key'> & { platformKeys: ReadonlyMap<string, PublicKeyLike> },
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  now: number,
): Verified {
  const signed = checkWechatpaySignature(headers, rawBody, account.platformKeys, now);
  if (!signed.ok) return signed;

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, refusal: 'BAD_BODY' };
  }
  const envelope = envelopeWire.safeParse(json);
  if (!envelope.success) return { ok: false, refusal: 'BAD_BODY' };
  const plaintext = decryptResource(account.apiV3Key, envelope.data.resource);
  if (plaintext === null) return { ok: false, refusal: 'DECRYPT_FAILED' };

  let resource: unknown;
  try {
    resource = JSON.parse(plaintext);
  } catch {
    return { ok: false, refusal: 'BAD_BODY' };
  }
  const { id: eventId, event_type: eventType } = envelope.data;
  if (eventType === 'TRANSACTION.SUCCESS') {
    const t = transactionWire.safeParse(resource);
    if (!t.success) return { ok: false, refusal: 'BAD_BODY' };
    return { ok: true, notification: { eventId, eventType, transaction: transactionFromWire(t.data) } };
  }
  if (eventType === 'REFUND.SUCCESS' || eventType === 'REFUND.ABNORMAL' || eventType === 'REFUND.CLOSED') {
    const r = refundNotifyWire.safeParse(resource);
    if (!r.success) return { ok: false, refusal: 'BAD_BODY' };
    return { ok: true, notification: { eventId, eventType, refund: refundFromNotifyWire(r.data) } };
  }
  return { ok: false, refusal: 'BAD_BODY' };
}

import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { SMS_CODE_LENGTH } from '../../../shared/constants';

export const SMS_CODE_TTL_MS = 5 * 60 * 1000;
export const SMS_RESEND_MS = 60 * 1000;
export const SMS_MAX_ATTEMPTS = 5;

export function newSmsCode(): string {
  return String(randomInt(0, 10 ** SMS_CODE_LENGTH)).padStart(SMS_CODE_LENGTH, '0');
}

/** Bound to the phone, so a leaked table row cannot be replayed for another number. */
export function hashSmsCode(phone: string, code: string): string {
  return createHash('sha256').update(`${phone}:${code}`).digest('hex');
}

export function smsCodeMatches(phone: string, code: string, hash: string): boolean {
  const a = Buffer.from(hashSmsCode(phone, code), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface StoredCode {
  expiresAt: number;
  attempts: number;
  consumedAt: number | null;
}

/** Why a stored code can no longer be tried, if it cannot; checked before comparing. */
export function smsCodeProblem(
  c: StoredCode | undefined,
  now: number,
): 'SMS_CODE_EXPIRED' | 'SMS_TOO_MANY_ATTEMPTS' | null {
  if (!c || c.consumedAt !== null || now >= c.expiresAt) return 'SMS_CODE_EXPIRED';
  if (c.attempts >= SMS_MAX_ATTEMPTS) return 'SMS_TOO_MANY_ATTEMPTS';
  return null;
}

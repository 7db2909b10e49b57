import { createHash, randomBytes } from 'node:crypto';

/** A session ends after a week without use, and a month after login whatever happens. */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 30 * 24 * 60 * 60 * 1000;
/** last_seen_at is refreshed at most this often, so reads do not become writes. */
export const SESSION_TOUCH_MS = 60 * 1000;

/** 32 random bytes (256 bits) as base64url; only its hash is stored. */
export function newSessionToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionTimes {
  lastSeenAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export type SessionState = 'active' | 'expired' | 'revoked';

export function sessionState(s: SessionTimes, now: number): SessionState {
  if (s.revokedAt !== null) return 'revoked';
  if (now >= s.expiresAt || now - s.lastSeenAt >= SESSION_IDLE_MS) return 'expired';
  return 'active';
}

/** The bearer token of an `Authorization` header, if it is one of ours by shape. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(header ?? '');
  return m?.[1];
}

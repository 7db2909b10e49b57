import type { LightMyRequestResponse } from 'fastify';
import { newPublicId } from '../../server/ids';
import { newSessionToken, SESSION_MAX_MS } from '../../server/modules/auth/session-rules';
import type { TestApp } from './test-app';

// Helpers for claim tests: donors, published wishes to claim, and claiming.

/**
 * A user the demo data lacks (a donor, or an uploader), written straight into the database: a
 * user (with a phone, optionally a WeChat openid) and a session.
 */
export function addDonor(
  t: TestApp,
  name = '爱心人士',
  opts: { openid?: string } = {},
): { token: string; userId: number } {
  const now = Date.now();
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const user = t.sqlite
    .prepare(
      'INSERT INTO users (public_id, display_name, phone, wechat_openid, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
    )
    .get(newPublicId(), name, phone, opts.openid ?? null, now) as { id: number };
  const { token, hash } = newSessionToken();
  t.sqlite
    .prepare(
      'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(hash, user.id, now, now, now + SESSION_MAX_MS);
  return { token, userId: user.id };
}

/**
 * A published, unclaimed wish of the demo data (`offset` picks another one), made a single-share
 * wish of ¥100 (or `shares` shares of ¥100 each), optionally given an urgency.
 */
export function publishedWish(
  t: TestApp,
  opts: { shares?: number; urgency?: string; offset?: number } = {},
): { id: number; publicId: string } {
  const row = t.sqlite
    .prepare(
      `SELECT id, public_id AS publicId FROM wishes WHERE status = 'published' AND shares_taken = 0
         AND (expires_at IS NULL OR expires_at > unixepoch() * 1000)
       ORDER BY id LIMIT 1 OFFSET ?`,
    )
    .get(opts.offset ?? 0) as { id: number; publicId: string } | undefined;
  if (!row) throw new Error('no published wish left in the demo data');
  const shares = opts.shares ?? 1;
  t.sqlite
    .prepare('UPDATE wishes SET shares = ?, estimated_value_fen = ? WHERE id = ?')
    .run(shares, shares * 10000, row.id);
  if (opts.urgency) t.sqlite.prepare('UPDATE wishes SET urgency = ? WHERE id = ?').run(opts.urgency, row.id);
  return row;
}

let keys = 0;
/** A fresh Idempotency-Key. */
export function newKey(): string {
  keys += 1;
  return `test-key-${Date.now()}-${keys}`;
}

/** Claims a wish as the bearer of `token`. */
export function claim(
  t: TestApp,
  token: string,
  wishId: string,
  opts: { shares?: number; key?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const key = opts.key === undefined ? newKey() : opts.key;
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/wishes/${wishId}/claims`,
    headers: { authorization: `Bearer ${token}`, ...(key !== null && { 'idempotency-key': key }) },
    payload: opts.shares === undefined ? {} : { shares: opts.shares },
  });
}

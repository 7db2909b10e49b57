import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client';
import { memberships, organizations, regions, sessions, users } from '../../db/schema';
import type { Actor } from '../access/actor';
import { hashToken, SESSION_TOUCH_MS, sessionState } from './session-rules';

const orgRegion = alias(regions, 'org_region');

/**
 * The actor behind a bearer token, or why there is none. Touches the session (idle expiry)
 * at most once a minute so that reading is not a write per request.
 */
export function loadActor(
  db: Db,
  token: string,
  now: number,
): { actor: Actor } | { problem: 'SESSION_EXPIRED' } {
  const row = db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      currentOrgId: sessions.currentOrgId,
      userId: users.id,
      publicId: users.publicId,
      isPlatformAdmin: users.isPlatformAdmin,
      status: users.status,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, hashToken(token)))
    .get();
  if (!row || row.status !== 'active' || sessionState(row, now) !== 'active') {
    return { problem: 'SESSION_EXPIRED' };
  }
  if (now - row.lastSeenAt >= SESSION_TOUCH_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId)).run();
  }
  return {
    actor: {
      userId: row.userId,
      publicId: row.publicId,
      sessionId: row.sessionId,
      isPlatformAdmin: row.isPlatformAdmin,
      currentOrgId: row.currentOrgId,
      memberships: activeMemberships(db, row.userId),
    },
  };
}

function activeMemberships(db: Db, userId: number): Actor['memberships'] {
  return db
    .select({
      orgId: memberships.orgId,
      role: memberships.role,
      regionPath: sql<string>`coalesce(${regions.path}, ${orgRegion.path})`,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .innerJoin(orgRegion, eq(orgRegion.id, organizations.regionId))
    .leftJoin(regions, eq(regions.id, memberships.regionId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
    .all();
}

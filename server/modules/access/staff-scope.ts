import { sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { AppError } from '../../app-error';
import type { Actor } from './actor';
import { ROLE_ACTIONS, type StaffAction } from './policy';

/**
 * The organization staff work in: the session's chosen one while the actor is still a member,
 * else their first. Staff lists and new files belong to it.
 */
export function currentOrgId(actor: Actor): number {
  const chosen = actor.memberships.find((m) => m.orgId === actor.currentOrgId);
  const orgId = chosen?.orgId ?? actor.memberships[0]?.orgId;
  if (orgId === undefined) throw new AppError('NO_CURRENT_ORG');
  return orgId;
}

/** The region subtrees in which the actor may take `action` in the organization. */
export function regionPathsFor(actor: Actor, orgId: number, action: StaffAction): string[] {
  return actor.memberships
    .filter((m) => m.orgId === orgId && (ROLE_ACTIONS[m.role] as readonly string[]).includes(action))
    .map((m) => m.regionPath);
}

/**
 * `column` (a materialized region path) lies inside one of `paths`. A prefix compare with substr,
 * not LIKE: public ids may contain `_`, which LIKE would treat as a wildcard.
 */
export function pathWithin(column: AnySQLiteColumn, paths: readonly string[]): SQL {
  if (paths.length === 0) return sql`0`;
  return sql.join(
    paths.map((p) => sql`substr(${column}, 1, ${p.length}) = ${p}`),
    sql` OR `,
  );
}

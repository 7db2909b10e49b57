import { and, eq } from 'drizzle-orm';
import { maskPhone } from '../../../shared/phone';
import type { Me } from '../../../shared/schemas/auth';
import type { DbOrTx } from '../../db/tx';
import { memberships, organizations, regions, users } from '../../db/schema';

/**
 * The caller's own view of themselves: profile, staff roles, current organization (the one
 * chosen in this session, else the first they belong to).
 */
export function getMe(db: DbOrTx, userId: number, chosenOrgId: number | null): Me {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new Error(`user ${userId} vanished`);
  const rows = db
    .select({
      orgDbId: organizations.id,
      orgId: organizations.publicId,
      orgName: organizations.name,
      orgKind: organizations.kind,
      role: memberships.role,
      regionId: regions.publicId,
      regionName: regions.name,
      regionLevel: regions.level,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .leftJoin(regions, eq(regions.id, memberships.regionId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
    .orderBy(memberships.id)
    .all();
  const current = rows.find((r) => r.orgDbId === chosenOrgId) ?? rows[0];
  return {
    user: {
      id: user.publicId,
      displayName: user.displayName,
      phone: user.phone ? maskPhone(user.phone) : null,
      isPlatformAdmin: user.isPlatformAdmin,
    },
    memberships: rows.map((r) => ({
      org: { id: r.orgId, name: r.orgName, kind: r.orgKind },
      role: r.role,
      region:
        r.regionId && r.regionName && r.regionLevel
          ? { id: r.regionId, name: r.regionName, level: r.regionLevel }
          : null,
    })),
    currentOrgId: current?.orgId ?? null,
  };
}

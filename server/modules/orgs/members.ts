import { and, asc, eq } from 'drizzle-orm';
import type { MemberRole } from '../../../shared/constants';
import { maskPhone } from '../../../shared/phone';
import type { Member } from '../../../shared/schemas/orgs';
import type { Db } from '../../db/client';
import type { DbOrTx } from '../../db/tx';
import { memberships, organizations, regions, sessions, users } from '../../db/schema';
import { AppError, ForeignObjectError } from '../../app-error';
import { newPublicId } from '../../ids';
import type { Actor } from '../access/actor';
import { assertCan } from '../access/assert-can';
import { recordAudit, type RequestMeta } from '../audit/record-audit';

/** The organization, once the actor is known to be allowed to manage its members. */
function managedOrg(db: Db, actor: Actor, orgPublicId: string, meta: RequestMeta) {
  const org = db
    .select({ id: organizations.id, regionPath: regions.path })
    .from(organizations)
    .innerJoin(regions, eq(regions.id, organizations.regionId))
    .where(eq(organizations.publicId, orgPublicId))
    .get();
  if (!org) throw new AppError('ORG_NOT_FOUND');
  assertCan(db, actor, 'org.members.manage', { orgId: org.id }, meta, {
    type: 'organization',
    id: orgPublicId,
  });
  return org;
}

function membersOf(db: DbOrTx, orgId: number, membershipPublicId?: string): Member[] {
  const rows = db
    .select({
      id: memberships.publicId,
      role: memberships.role,
      status: memberships.status,
      userId: users.publicId,
      displayName: users.displayName,
      phone: users.phone,
      regionId: regions.publicId,
      regionName: regions.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(regions, eq(regions.id, memberships.regionId))
    .where(
      and(
        eq(memberships.orgId, orgId),
        membershipPublicId === undefined ? undefined : eq(memberships.publicId, membershipPublicId),
      ),
    )
    .orderBy(asc(memberships.id))
    .all();
  return rows.map((r) => ({
    id: r.id,
    user: { id: r.userId, displayName: r.displayName, phone: r.phone ? maskPhone(r.phone) : null },
    role: r.role,
    region: r.regionId && r.regionName ? { id: r.regionId, name: r.regionName } : null,
    status: r.status,
  }));
}

export function listMembers(db: Db, actor: Actor, orgId: string, meta: RequestMeta): { items: Member[] } {
  return { items: membersOf(db, managedOrg(db, actor, orgId, meta).id) };
}

/**
 * Gives a person (by phone) a role in the organization, optionally narrowed to a region inside
 * the organization's. They log in with that phone and find the role there.
 */
export function addMember(
  db: Db,
  actor: Actor,
  orgId: string,
  input: { phone: string; role: MemberRole; regionId?: string | undefined },
  meta: RequestMeta,
): Member {
  const org = managedOrg(db, actor, orgId, meta);
  return db.transaction(
    (tx) => {
      let scopeId: number | null = null;
      if (input.regionId) {
        const region = tx.select().from(regions).where(eq(regions.publicId, input.regionId)).get();
        if (!region) throw new AppError('REGION_NOT_FOUND');
        if (!region.path.startsWith(org.regionPath)) throw new AppError('REGION_OUTSIDE_ORG');
        scopeId = region.id;
      }
      const user =
        tx.select().from(users).where(eq(users.phone, input.phone)).get() ??
        tx
          .insert(users)
          .values({
            publicId: newPublicId(),
            displayName: `成员${input.phone.slice(-4)}`,
            phone: input.phone,
            createdAt: meta.now,
          })
          .returning()
          .get();
      const existing = tx
        .select()
        .from(memberships)
        .where(
          and(
            eq(memberships.userId, user.id),
            eq(memberships.orgId, org.id),
            eq(memberships.role, input.role),
          ),
        )
        .get();
      if (existing?.status === 'active') throw new AppError('MEMBER_EXISTS');
      const publicId = existing?.publicId ?? newPublicId();
      if (existing) {
        tx.update(memberships)
          .set({ status: 'active', regionId: scopeId })
          .where(eq(memberships.id, existing.id))
          .run();
      } else {
        tx.insert(memberships)
          .values({
            publicId,
            userId: user.id,
            orgId: org.id,
            role: input.role,
            regionId: scopeId,
            createdAt: meta.now,
          })
          .run();
      }
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'membership.granted',
          outcome: 'ok',
          targetType: 'membership',
          targetId: publicId,
          details: { role: input.role, org: orgId },
        },
        meta,
      );
      const [member] = membersOf(tx, org.id, publicId);
      if (!member) throw new Error('membership vanished');
      return member;
    },
    { behavior: 'immediate' },
  );
}

/** Takes the role away at once: roles are read afresh on every request, so the next one lacks it. */
export function disableMember(
  db: Db,
  actor: Actor,
  orgId: string,
  memberId: string,
  meta: RequestMeta,
): Member {
  const org = managedOrg(db, actor, orgId, meta);
  return db.transaction(
    (tx) => {
      const m = tx.select().from(memberships).where(eq(memberships.publicId, memberId)).get();
      if (!m) throw new AppError('MEMBER_NOT_FOUND');
      if (m.orgId !== org.id) {
        throw new ForeignObjectError('MEMBER_NOT_FOUND', { type: 'membership', id: memberId });
      }
      // An organization must not lock itself out by its last admin removing herself.
      if (m.userId === actor.userId && m.role === 'org_admin') throw new AppError('CANNOT_DISABLE_SELF');
      tx.update(memberships).set({ status: 'disabled' }).where(eq(memberships.id, m.id)).run();
      // A session that had this organization as current falls back to the user's others.
      tx.update(sessions)
        .set({ currentOrgId: null })
        .where(and(eq(sessions.userId, m.userId), eq(sessions.currentOrgId, org.id)))
        .run();
      recordAudit(
        tx,
        {
          actorUserId: actor.userId,
          action: 'membership.revoked',
          outcome: 'ok',
          targetType: 'membership',
          targetId: memberId,
        },
        meta,
      );
      const [member] = membersOf(tx, org.id, memberId);
      if (!member) throw new Error('membership vanished');
      return member;
    },
    { behavior: 'immediate' },
  );
}

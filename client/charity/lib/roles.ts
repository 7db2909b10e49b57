import { useEffect } from 'react';
import type { MemberRole } from '../../../shared/constants';
import type { Me } from '../../../shared/schemas/auth';
import { loadSession, useSession } from '../../session/session-store';

/** The roles the signed-in person holds in the organization they are working for now. */
export function currentRoles(me: Me): MemberRole[] {
  return me.memberships.filter((m) => m.org.id === me.currentOrgId).map((m) => m.role);
}

/** Who may do what on these pages; the server decides in the end, this only shapes the screen. */
export const canReview = (roles: readonly MemberRole[]) => roles.includes('reviewer');
export const canManageCampaigns = (roles: readonly MemberRole[]) =>
  roles.includes('reviewer') || roles.includes('org_admin');
/** The dashboard: those who read the books or follow fulfilment (the caseworker has her own pages). */
export const canSeeDashboard = (roles: readonly MemberRole[]) =>
  roles.some((r) => r === 'finance' || r === 'org_admin' || r === 'reviewer');
export const canReadLedger = (roles: readonly MemberRole[]) =>
  roles.includes('finance') || roles.includes('org_admin');
export const canWriteLedger = (roles: readonly MemberRole[]) => roles.includes('finance');
export const canListCampaigns = (roles: readonly MemberRole[]) =>
  roles.some((r) => r === 'reviewer' || r === 'org_admin' || r === 'caseworker' || r === 'finance');

export type StaffRoles =
  { status: 'loading' } | { status: 'anonymous' } | { status: 'ready'; me: Me; roles: MemberRole[] };

/** The session, checked with the server when this page is the first one opened (a reload). */
export function useStaffRoles(): StaffRoles {
  const session = useSession();
  useEffect(() => {
    if (session.status === 'unknown') void loadSession().catch(() => undefined);
  }, [session.status]);
  if (session.status === 'unknown') return { status: 'loading' };
  if (session.status === 'anonymous') return { status: 'anonymous' };
  return { status: 'ready', me: session.me, roles: currentRoles(session.me) };
}

import type { MemberRole } from '../../../shared/constants';
import type { Actor } from './actor';

/**
 * What each staff role may do. Anything not listed is refused. A platform admin manages
 * organizations and memberships (PLATFORM_ACTIONS) but reads no child's file: least privilege.
 */
export const ROLE_ACTIONS = {
  caseworker: [
    'beneficiary.read',
    'beneficiary.read_restricted',
    'beneficiary.write',
    'wish.write',
    'handover.write',
    'fulfilment.read',
  ],
  reviewer: [
    'beneficiary.read',
    'beneficiary.read_restricted',
    'wish.review',
    'campaign.manage',
    'fulfilment.read',
  ],
  finance: ['ledger.read', 'ledger.write', 'report.publish', 'fulfilment.read'],
  org_admin: [
    'org.members.manage',
    'ledger.read',
    'report.publish',
    'beneficiary.read',
    'campaign.manage',
    'site.manage',
    'fulfilment.read',
  ],
} as const satisfies Record<MemberRole, readonly string[]>;

export type StaffAction = (typeof ROLE_ACTIONS)[MemberRole][number];
export type Action = StaffAction | 'platform.manage';

const PLATFORM_ACTIONS: readonly Action[] = ['platform.manage', 'org.members.manage'];

/** Where a resource lives: its organization and (for files, wishes) its region. */
export interface Scope {
  orgId: number;
  /** The resource's region path; omitted for organization-wide things (ledger, members). */
  regionPath?: string;
}

/**
 * The one place that decides whether an actor may do an action on a resource in a scope.
 * Staff actions need an active role in the resource's organization whose region subtree
 * contains the resource's region.
 */
export function can(actor: Actor | null, action: Action, scope?: Scope): boolean {
  if (!actor) return false;
  if (actor.isPlatformAdmin && PLATFORM_ACTIONS.includes(action)) return true;
  if (action === 'platform.manage') return false;
  if (!scope) return false;
  return actor.memberships.some(
    (m) =>
      m.orgId === scope.orgId &&
      (ROLE_ACTIONS[m.role] as readonly string[]).includes(action) &&
      (scope.regionPath === undefined || scope.regionPath.startsWith(m.regionPath)),
  );
}

import type { MemberRole } from '../../../shared/constants';

/** Who is calling: built by the auth plugin from the session, never from anything the client says. */
export interface Actor {
  userId: number;
  publicId: string;
  sessionId: number;
  isPlatformAdmin: boolean;
  currentOrgId: number | null;
  memberships: Membership[];
}

export interface Membership {
  orgId: number;
  role: MemberRole;
  /** The region subtree the role covers, as a materialized path (`/county/town/`). */
  regionPath: string;
}

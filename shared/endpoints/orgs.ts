import type { Endpoint } from '../endpoint';
import {
  addMemberBodySchema,
  disabledUserSchema,
  createOrganizationBodySchema,
  createRegionBodySchema,
  memberListSchema,
  memberParamsSchema,
  memberSchema,
  organizationListSchema,
  organizationSchema,
  orgParamsSchema,
  regionListSchema,
  regionSchema,
  userParamsSchema,
} from '../schemas/orgs';

/** Regions, organizations and their members (administration). */
export const orgsEndpoints = {
  listRegions: { method: 'GET', path: '/api/v1/regions', access: 'user', response: regionListSchema },
  createRegion: {
    method: 'POST',
    path: '/api/v1/admin/regions',
    access: 'platform_admin',
    body: createRegionBodySchema,
    response: regionSchema,
  },
  listOrganizations: {
    method: 'GET',
    path: '/api/v1/admin/organizations',
    access: 'platform_admin',
    response: organizationListSchema,
  },
  createOrganization: {
    method: 'POST',
    path: '/api/v1/admin/organizations',
    access: 'platform_admin',
    body: createOrganizationBodySchema,
    response: organizationSchema,
  },
  listMembers: {
    method: 'GET',
    path: '/api/v1/orgs/:orgId/members',
    access: 'user',
    params: orgParamsSchema,
    response: memberListSchema,
  },
  addMember: {
    method: 'POST',
    path: '/api/v1/orgs/:orgId/members',
    access: 'user',
    params: orgParamsSchema,
    body: addMemberBodySchema,
    response: memberSchema,
  },
  disableMember: {
    method: 'POST',
    path: '/api/v1/orgs/:orgId/members/:memberId/disable',
    access: 'user',
    params: memberParamsSchema,
    response: memberSchema,
  },
  disableUser: {
    method: 'POST',
    path: '/api/v1/admin/users/:userId/disable',
    access: 'platform_admin',
    params: userParamsSchema,
    response: disabledUserSchema,
  },
} as const satisfies Record<string, Endpoint>;

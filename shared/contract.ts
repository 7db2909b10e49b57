import type { $ZodType } from 'zod/v4/core';
import {
  authOptionsSchema,
  demoLoginBodySchema,
  meSchema,
  okSchema,
  sessionSchema,
  smsSendBodySchema,
  smsSentSchema,
  smsVerifyBodySchema,
  switchOrgBodySchema,
  wechatLoginBodySchema,
} from './schemas/auth';
import { healthSchema } from './schemas/health';
import {
  addMemberBodySchema,
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
} from './schemas/orgs';
import { wishFeedPageSchema, wishFeedQuerySchema } from './schemas/wishes';

/**
 * The API contract: every endpoint's method, path and schemas, used by the server to
 * validate and serialize and by the client to type its calls. One entry per endpoint.
 */
/**
 * Who may call an endpoint at all; finer rules (organization, region, ownership) are decided by
 * the server's policy inside each use case.
 */
export type Access = 'public' | 'user' | 'platform_admin';

export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  access: Access;
  params?: $ZodType;
  query?: $ZodType;
  body?: $ZodType;
  response: $ZodType;
}

export const contract = {
  health: {
    method: 'GET',
    path: '/api/v1/health',
    access: 'public',
    response: healthSchema,
  },
  listWishes: {
    method: 'GET',
    path: '/api/v1/wishes',
    access: 'public',
    query: wishFeedQuerySchema,
    response: wishFeedPageSchema,
  },
  authOptions: { method: 'GET', path: '/api/v1/auth/options', access: 'public', response: authOptionsSchema },
  demoLogin: {
    method: 'POST',
    path: '/api/v1/auth/demo',
    access: 'public',
    body: demoLoginBodySchema,
    response: sessionSchema,
  },
  sendSmsCode: {
    method: 'POST',
    path: '/api/v1/auth/sms/send',
    access: 'public',
    body: smsSendBodySchema,
    response: smsSentSchema,
  },
  verifySmsCode: {
    method: 'POST',
    path: '/api/v1/auth/sms/verify',
    access: 'public',
    body: smsVerifyBodySchema,
    response: sessionSchema,
  },
  wechatLogin: {
    method: 'POST',
    path: '/api/v1/auth/wechat',
    access: 'public',
    body: wechatLoginBodySchema,
    response: sessionSchema,
  },
  logout: { method: 'POST', path: '/api/v1/auth/logout', access: 'user', response: okSchema },
  me: { method: 'GET', path: '/api/v1/me', access: 'user', response: meSchema },
  switchOrg: {
    method: 'POST',
    path: '/api/v1/me/current-org',
    access: 'user',
    body: switchOrgBodySchema,
    response: meSchema,
  },
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
} as const satisfies Record<string, Endpoint>;

export type Contract = typeof contract;
export type EndpointName = keyof Contract;

import { orgsEndpoints } from '../../shared/endpoints/orgs';
import type { MemberRole, OrganizationKind } from '../../shared/constants';
import { call } from './http';

export const listRegions = () => call(orgsEndpoints.listRegions);
export const createRegion = (parentId: string | undefined, name: string) =>
  call(orgsEndpoints.createRegion, { body: { parentId, name } });
export const listOrganizations = () => call(orgsEndpoints.listOrganizations);
export const createOrganization = (body: { name: string; kind: OrganizationKind; regionId: string }) =>
  call(orgsEndpoints.createOrganization, { body });
export const listMembers = (orgId: string) => call(orgsEndpoints.listMembers, { params: { orgId } });
export const addMember = (orgId: string, body: { phone: string; role: MemberRole; regionId?: string }) =>
  call(orgsEndpoints.addMember, { params: { orgId }, body });
export const disableMember = (orgId: string, memberId: string) =>
  call(orgsEndpoints.disableMember, { params: { orgId, memberId } });

import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { route } from '../../route';
import { disableUser } from './disable-user';
import { addMember, disableMember, listMembers } from './members';
import { createOrganization, listOrganizations } from './organizations';
import { createRegion, listRegions } from './regions';

export function orgRoutes(app: FastifyInstance, { db }: AppDeps): void {
  route(app, contract.listRegions, () => listRegions(db));
  route(app, contract.createRegion, ({ actor, body, meta }) => createRegion(db, actor, body, meta), {
    status: 201,
  });
  route(app, contract.listOrganizations, () => listOrganizations(db));
  route(
    app,
    contract.createOrganization,
    ({ actor, body, meta }) => createOrganization(db, actor, body, meta),
    {
      status: 201,
    },
  );
  route(app, contract.listMembers, ({ actor, params, meta }) => listMembers(db, actor, params.orgId, meta));
  route(
    app,
    contract.addMember,
    ({ actor, params, body, meta }) => addMember(db, actor, params.orgId, body, meta),
    {
      status: 201,
    },
  );
  route(app, contract.disableMember, ({ actor, params, meta }) =>
    disableMember(db, actor, params.orgId, params.memberId, meta),
  );
  route(app, contract.disableUser, ({ actor, params, meta }) => disableUser(db, actor, params.userId, meta));
}

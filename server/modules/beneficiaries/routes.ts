import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { route } from '../../route';
import { createWish } from '../staff-wishes/create-wish';
import { recordConsent, withdrawConsent } from './consents';
import { createFile } from './create-file';
import { listFiles } from './list-files';
import { readFile } from './read-file';
import { updateFile } from './update-file';

export function beneficiaryRoutes(app: FastifyInstance, { db }: AppDeps): void {
  route(app, contract.listBeneficiaries, ({ actor, query, meta }) => listFiles(db, actor, query, meta));
  route(app, contract.createBeneficiary, ({ actor, body, meta }) => createFile(db, actor, body, meta), {
    status: 201,
  });
  route(app, contract.getBeneficiary, ({ actor, params, meta }) =>
    readFile(db, actor, params.beneficiaryId, meta),
  );
  route(app, contract.updateBeneficiary, ({ actor, params, body, meta }) =>
    updateFile(db, actor, params.beneficiaryId, body, meta),
  );
  route(app, contract.recordConsent, ({ actor, params, body, meta }) =>
    recordConsent(db, actor, params.beneficiaryId, body, meta),
  );
  route(app, contract.withdrawConsent, ({ actor, params, meta }) =>
    withdrawConsent(db, actor, params.beneficiaryId, meta),
  );
  route(
    app,
    contract.createWish,
    ({ actor, params, body, meta }) => createWish(db, actor, params.beneficiaryId, body, meta),
    { status: 201 },
  );
}

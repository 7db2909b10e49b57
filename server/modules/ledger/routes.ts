import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { route } from '../../route';
import { idempotencyKeyOf } from '../claims/idempotency';
import { refundDonation, revalueInKind, reverseLedgerTx } from './correct-ledger';
import { booksOf } from './ledger-access';
import { fundsOf, getReceipt, listLedger, listMyReceipts } from './read-ledger';
import { recordDonation } from './record-donation';
import { recordPurchase } from './record-purchase';

export function ledgerRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps;
  route(app, contract.listLedger, ({ actor, query, meta }) =>
    listLedger(db, booksOf(db, actor, 'ledger.read', meta), query),
  );
  route(app, contract.getFunds, ({ actor, meta }) => fundsOf(db, booksOf(db, actor, 'ledger.read', meta)));
  route(
    app,
    contract.recordDonation,
    ({ actor, body, meta, request }) => recordDonation(db, actor, body, idempotencyKeyOf(request), meta),
    { status: 201 },
  );
  route(
    app,
    contract.recordPurchase,
    ({ actor, body, meta, request }) => recordPurchase(db, actor, body, idempotencyKeyOf(request), meta),
    { status: 201 },
  );
  route(
    app,
    contract.refundDonation,
    ({ actor, params, body, meta, request }) =>
      refundDonation(db, actor, params.txId, body, idempotencyKeyOf(request), meta),
    { status: 201 },
  );
  route(
    app,
    contract.reverseLedgerTx,
    ({ actor, params, body, meta, request }) =>
      reverseLedgerTx(db, actor, params.txId, body, idempotencyKeyOf(request), meta),
    { status: 201 },
  );
  route(
    app,
    contract.revalueInKind,
    ({ actor, params, body, meta, request }) =>
      revalueInKind(db, actor, params.txId, body, idempotencyKeyOf(request), meta),
    { status: 201 },
  );
  route(app, contract.getReceipt, ({ params }) => getReceipt(db, params.receiptId));
  route(app, contract.listMyReceipts, ({ actor }) => listMyReceipts(db, actor.userId));
}

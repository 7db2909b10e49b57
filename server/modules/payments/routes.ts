import type { FastifyInstance } from 'fastify';
import { contract } from '../../../shared/contract';
import type { AppDeps } from '../../app';
import { requestMeta } from '../../plugins/auth';
import { route } from '../../route';
import type { Services } from '../../services';
import { idempotencyKeyOf } from '../claims/idempotency';
import { createPayOrder } from './create-pay-order';
import { handlePayNotification } from './handle-notification';
import type { PaymentDeps } from './payment-deps';
import { getPayOrder, listMyPayOrders, simulatePayment } from './read-pay-orders';
import { refundOnlineDonation } from './refund-online-donation';

/** Where WeChat Pay posts payment and refund results (the account's notify URL ends with it). */
export const PAY_NOTIFY_PATH = '/api/v1/pay/notify';

/** The payments use cases' dependencies as the app has them. */
export function paymentDeps(app: FastifyInstance, deps: AppDeps, services: Services): PaymentDeps {
  return { db: deps.db, wechatPay: services.wechatPay, demoPayer: deps.demoPayer ?? null, log: app.log };
}

export function paymentRoutes(app: FastifyInstance, deps: AppDeps, services: Services): void {
  const pay = paymentDeps(app, deps, services);
  route(
    app,
    contract.createPayOrder,
    ({ actor, body, meta, request }) =>
      createPayOrder(pay, actor, body, idempotencyKeyOf(request), { ...meta, clientIp: request.ip }),
    { status: 201 },
  );
  route(app, contract.getPayOrder, ({ actor, params, meta }) =>
    getPayOrder(pay, actor, params.orderId, meta),
  );
  route(app, contract.listMyPayOrders, ({ actor, query, meta }) =>
    listMyPayOrders(pay, actor, query, meta.now),
  );
  route(app, contract.simulatePayment, ({ actor, params, meta, request }) =>
    simulatePayment(pay, actor, params.orderId, { ...meta, clientIp: request.ip }),
  );
  route(
    app,
    contract.refundOnlineDonation,
    ({ actor, params, body, meta, request }) =>
      refundOnlineDonation(pay, actor, params.txId, body, idempotencyKeyOf(request), meta),
    { status: 201 },
  );

  // WeChat Pay's callback is verified over its exact bytes: in this scope every body is kept as
  // the raw string (within the global body limit); JSON parsing elsewhere is untouched.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post(PAY_NOTIFY_PATH, { config: { access: 'public' } }, async (request, reply) => {
      const raw = typeof request.body === 'string' ? request.body : '';
      try {
        const answer = handlePayNotification(pay, request.headers, raw, requestMeta(request));
        return answer.status === 204 ? reply.code(204).send() : reply.code(answer.status).send(answer.body);
      } catch (err) {
        // Nothing was committed (the settlement is one transaction): WeChat Pay sends it again.
        request.log.error({ err }, 'WeChat Pay callback not processed');
        return reply.code(500).send({ code: 'FAIL', message: 'INTERNAL_ERROR' });
      }
    });
  });
}

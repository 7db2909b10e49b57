import type { Endpoint } from '../endpoint';
import { txParamsSchema } from '../schemas/ledger';
import {
  createPayOrderBodySchema,
  myPayOrdersQuerySchema,
  onlineRefundBodySchema,
  onlineRefundSchema,
  payOrderPageSchema,
  payOrderParamsSchema,
  payOrderSchema,
} from '../schemas/payments';

/**
 * Money donations paid online with WeChat Pay. The donor creates an order (with an
 * `Idempotency-Key` header) and pays it with the answer's `pay`; the donation is posted when
 * WeChat Pay's callback (`POST /api/v1/pay/notify`, not part of this contract: WeChat calls it)
 * or the server's own query says it is paid. Polling `getPayOrder` after paying is fine: a
 * pending order is checked with WeChat Pay.
 *
 * A refund of an online donation goes back through WeChat Pay, from the donation's ledger entry
 * (`refundOnlineDonation`); the ledger's own refund route is for bank and cash donations.
 */
export const paymentsEndpoints = {
  createPayOrder: {
    method: 'POST',
    path: '/api/v1/pay/orders',
    access: 'user',
    body: createPayOrderBodySchema,
    response: payOrderSchema,
  },
  getPayOrder: {
    method: 'GET',
    path: '/api/v1/pay/orders/:orderId',
    access: 'user',
    params: payOrderParamsSchema,
    response: payOrderSchema,
  },
  listMyPayOrders: {
    method: 'GET',
    path: '/api/v1/me/pay-orders',
    access: 'user',
    query: myPayOrdersQuerySchema,
    response: payOrderPageSchema,
  },
  /** Demo mode only (404 otherwise): the local fake WeChat Pay pays the order and calls back. */
  simulatePayment: {
    method: 'POST',
    path: '/api/v1/demo/pay/orders/:orderId/simulate',
    access: 'user',
    params: payOrderParamsSchema,
    response: payOrderSchema,
  },
  refundOnlineDonation: {
    method: 'POST',
    path: '/api/v1/staff/ledger/:txId/online-refunds',
    access: 'user',
    params: txParamsSchema,
    body: onlineRefundBodySchema,
    response: onlineRefundSchema,
  },
} as const satisfies Record<string, Endpoint>;

import { paymentsEndpoints as e } from '../../shared/endpoints/payments';
import type { CreatePayOrderBody, OnlineRefundBody } from '../../shared/schemas/payments';
import { call } from './http';

// Money donations paid online with WeChat Pay. A write carries the Idempotency-Key of one
// intended order (or refund): a retry after a network error sends the same key, and the server
// answers with the order it already made instead of making a second one.

const keyed = (idempotencyKey: string) => ({ 'Idempotency-Key': idempotencyKey });

export const createPayOrder = (body: CreatePayOrderBody, idempotencyKey: string) =>
  call(e.createPayOrder, { body, headers: keyed(idempotencyKey) });
export const getPayOrder = (orderId: string) => call(e.getPayOrder, { params: { orderId } });
export const listMyPayOrders = (cursor?: string) => call(e.listMyPayOrders, { query: { cursor } });
/** Demo mode only: the local fake WeChat Pay pays the order. */
export const simulatePayment = (orderId: string) => call(e.simulatePayment, { params: { orderId } });
export const refundOnlineDonation = (txId: string, body: OnlineRefundBody, idempotencyKey: string) =>
  call(e.refundOnlineDonation, { params: { txId }, body, headers: keyed(idempotencyKey) });

import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { PayOrder, PayOrderPage } from '../../../shared/schemas/payments';
import { payOrders } from '../../db/schema';
import { AppError } from '../../app-error';
import { cursorId, cursorTime, decodeCursor, keysetPage } from '../../cursor';
import { WechatPayError } from '../../integrations/wechat-pay/types';
import type { Actor } from '../access/actor';
import type { RequestMeta } from '../audit/record-audit';
import { ensurePrepay } from './create-pay-order';
import { PAY_POLL_QUERY_MS, type PaymentDeps } from './payment-deps';
import { ownPayOrder, payOrderRows, payOrderView } from './pay-order-view';
import { settlePayment } from './settle-payment';

const cursorShape = z.tuple([cursorTime, cursorId]);

/**
 * The donor's own order. While it is open, WeChat Pay is asked (at most every few seconds) and a
 * payment it reports is settled here: a donor polling after paying sees it at once, callback or
 * not. WeChat Pay unreachable: the order as we know it.
 */
export async function getPayOrder(
  deps: PaymentDeps,
  actor: Actor,
  orderId: string,
  meta: RequestMeta,
): Promise<PayOrder> {
  const row = ownPayOrder(deps.db, actor.userId, orderId);
  const o = row.order;
  if (
    o.status === 'created' &&
    deps.wechatPay &&
    (o.checkedAt === null || o.checkedAt <= meta.now - PAY_POLL_QUERY_MS)
  ) {
    await askWechatPay(deps, o.id, o.outTradeNo, meta);
  }
  return payOrderView(ownPayOrder(deps.db, actor.userId, orderId), meta.now, deps.demoPayer !== null);
}

async function askWechatPay(
  deps: PaymentDeps,
  id: number,
  outTradeNo: string,
  meta: RequestMeta,
): Promise<void> {
  const { db, wechatPay } = deps;
  if (!wechatPay) return;
  db.update(payOrders)
    .set({ checkedAt: meta.now })
    .where(and(eq(payOrders.id, id), eq(payOrders.status, 'created')))
    .run();
  try {
    const trade = await wechatPay.queryOrder(outTradeNo);
    if (trade) settlePayment(db, trade, wechatPay, meta, 'query');
  } catch (err) {
    if (!(err instanceof WechatPayError)) throw err;
    deps.log.warn({ kind: err.kind, code: err.code }, 'WeChat Pay order not queried');
  }
}

/** "我的捐款": the donor's orders, newest first. */
export function listMyPayOrders(
  deps: PaymentDeps,
  actor: Actor,
  q: { limit: number; cursor?: string | undefined },
  now: number,
): PayOrderPage {
  const after = q.cursor ? decodeCursor(q.cursor, cursorShape) : undefined;
  const rows = payOrderRows(
    deps.db,
    and(
      eq(payOrders.donorUserId, actor.userId),
      after && sql`(${payOrders.createdAt}, ${payOrders.publicId}) < (${after[0]}, ${after[1]})`,
    ),
  )
    .orderBy(desc(payOrders.createdAt), desc(payOrders.publicId))
    .limit(q.limit + 1)
    .all();
  const { page, nextCursor } = keysetPage(rows, q.limit, (r) => [r.order.createdAt, r.order.publicId]);
  return { items: page.map((r) => payOrderView(r, now, deps.demoPayer !== null)), nextCursor };
}

/**
 * Demo mode's "simulate payment": the local fake WeChat Pay pays the donor's own open order and
 * sends its callback to our notify URL, so the donation is settled exactly as a real one. Not in
 * demo mode (no fake): 404, as if the route did not exist.
 */
export async function simulatePayment(
  deps: PaymentDeps,
  actor: Actor,
  orderId: string,
  meta: RequestMeta & { clientIp: string },
): Promise<PayOrder> {
  const { demoPayer } = deps;
  if (!demoPayer) throw new AppError('ROUTE_NOT_FOUND');
  const row = ownPayOrder(deps.db, actor.userId, orderId);
  if (row.order.status === 'closed' || (row.order.status === 'created' && row.order.expiresAt <= meta.now)) {
    throw new AppError('PAY_ORDER_CLOSED');
  }
  if (row.order.status === 'created') {
    await ensurePrepay(deps, orderId, meta);
    await demoPayer.pay(row.order.outTradeNo);
    // Should the callback not have reached us (an odd demo network), the query settles it.
    await askWechatPay(deps, row.order.id, row.order.outTradeNo, meta);
  }
  return payOrderView(ownPayOrder(deps.db, actor.userId, orderId), meta.now, true);
}

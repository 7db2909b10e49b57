import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { payOrders, payRefunds } from '../../db/schema';
import { WechatPayError, type WechatPayClient } from '../../integrations/wechat-pay/types';
import type { Services } from '../../services';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { PAY_CALLBACK_LATE_MS, PAY_RECHECK_MS, type PaymentDeps } from './payment-deps';
import { applyRefundResult, submitRefund } from './refund-online-donation';
import { settlePayment, type SettleOutcome } from './settle-payment';
import { giveBackWishShares } from './wish-shares';

/** Orders and refunds looked at per run. */
const BATCH = 50;

export interface PaymentSweepResult {
  settled: number;
  closed: number;
  refundsFinished: number;
  /** WeChat Pay could not be asked: tried again next run. */
  deferred: number;
}

type OrderRow = typeof payOrders.$inferSelect;

/**
 * Asks WeChat Pay about open orders whose callback is late or whose time is up, and about refunds
 * still under way. Paid → settled by the same function as the callback (so a lost callback loses
 * nothing, and a race with the callback posts once). Unpaid past expiry → closed at WeChat Pay
 * first (a payment slipping in meanwhile makes the close fail, and the next run settles it), then
 * here, giving the wish's shares back. WeChat Pay unreachable → the next run tries again.
 */
export async function sweepPayments(deps: PaymentDeps, now: number): Promise<PaymentSweepResult> {
  const result: PaymentSweepResult = { settled: 0, closed: 0, refundsFinished: 0, deferred: 0 };
  const { db, wechatPay } = deps;
  if (!wechatPay) return result;
  const meta: RequestMeta = { ip: '127.0.0.1', requestId: 'payments-sweeper', now };
  for (const order of dueOrders(db, now)) {
    try {
      const outcome = await checkOrder(deps, wechatPay, order, meta);
      if (outcome === 'settled') result.settled += 1;
      if (outcome === 'closed') result.closed += 1;
    } catch (err) {
      if (!(err instanceof WechatPayError)) throw err;
      deps.log.warn(
        { order: order.publicId, kind: err.kind, code: err.code },
        'WeChat Pay order not checked',
      );
      result.deferred += 1;
    }
  }
  for (const refund of dueRefunds(db, now)) {
    try {
      const answer = refund.refundId === null ? null : await wechatPay.queryRefund(refund.publicId);
      if (answer === null) {
        // WeChat Pay never took it (or we never heard): asking again with the same number is safe.
        await submitRefund(deps, refund, meta);
      } else {
        const outcome = applyRefundResult(deps, answer, meta, 'query');
        if (outcome.result === 'succeeded' || outcome.result === 'failed') result.refundsFinished += 1;
      }
      db.update(payRefunds)
        .set({ checkedAt: now })
        .where(and(eq(payRefunds.id, refund.id), eq(payRefunds.status, 'processing')))
        .run();
    } catch (err) {
      if (!(err instanceof WechatPayError)) throw err;
      result.deferred += 1;
    }
  }
  return result;
}

/** Open orders past expiry or with a callback late, not asked about in the last minute. */
function dueOrders(db: Db, now: number): OrderRow[] {
  return db
    .select()
    .from(payOrders)
    .where(
      and(
        sql`${payOrders.status} = 'created'`,
        or(lte(payOrders.expiresAt, now), lte(payOrders.createdAt, now - PAY_CALLBACK_LATE_MS)),
        or(isNull(payOrders.checkedAt), lte(payOrders.checkedAt, now - PAY_RECHECK_MS)),
      ),
    )
    .orderBy(payOrders.expiresAt)
    .limit(BATCH)
    .all();
}

function dueRefunds(db: Db, now: number) {
  return db
    .select()
    .from(payRefunds)
    .where(
      and(
        sql`${payRefunds.status} = 'processing'`,
        lte(payRefunds.updatedAt, now - PAY_RECHECK_MS),
        or(isNull(payRefunds.checkedAt), lte(payRefunds.checkedAt, now - PAY_RECHECK_MS)),
      ),
    )
    .limit(BATCH)
    .all();
}

async function checkOrder(
  deps: PaymentDeps,
  wechatPay: WechatPayClient,
  order: OrderRow,
  meta: RequestMeta,
): Promise<'settled' | 'closed' | 'waiting' | 'ignored'> {
  const { db } = deps;
  const trade = await wechatPay.queryOrder(order.outTradeNo);
  if (trade) {
    const outcome: SettleOutcome = settlePayment(db, trade, wechatPay, meta, 'query');
    if (outcome.result === 'settled') return 'settled';
    if (outcome.result === 'already_settled') return 'waiting';
    if (outcome.reason !== 'NOT_PAID') {
      markChecked(db, order, meta.now);
      return 'ignored';
    }
    if (trade.tradeState === 'USERPAYING') return markChecked(db, order, meta.now);
  }
  if (order.expiresAt > meta.now) return markChecked(db, order, meta.now);
  // Unknown to WeChat Pay (its order was never made) needs no close there.
  if (trade && trade.tradeState !== 'CLOSED') await wechatPay.closeOrder(order.outTradeNo);
  return closeOrderHere(db, order, meta) ? 'closed' : 'waiting';
}

function markChecked(db: Db, order: OrderRow, now: number): 'waiting' {
  db.update(payOrders)
    .set({ checkedAt: now })
    .where(and(eq(payOrders.id, order.id), eq(payOrders.status, 'created')))
    .run();
  return 'waiting';
}

/** `created → closed` (conditional: a settlement that got there first wins), shares given back. */
export function closeOrderHere(db: Db, order: OrderRow, meta: RequestMeta): boolean {
  return db.transaction(
    (tx) => {
      const current = tx.select().from(payOrders).where(eq(payOrders.id, order.id)).get();
      if (current?.status !== 'created') return false;
      tx.update(payOrders)
        .set({
          status: 'closed',
          closedAt: meta.now,
          sharesHeld: 0,
          updatedAt: meta.now,
          checkedAt: meta.now,
        })
        .where(and(eq(payOrders.id, order.id), eq(payOrders.status, 'created')))
        .run();
      if (current.sharesHeld === 1 && current.wishId !== null && current.shares !== null) {
        giveBackWishShares(tx, current.wishId, current.shares, meta.now);
      }
      recordAudit(
        tx,
        {
          actorUserId: null,
          action: 'payment.order_closed',
          outcome: 'ok',
          targetType: 'pay_order',
          targetId: current.publicId,
          details: { sharesReleased: current.sharesHeld === 1 ? current.shares : 0 },
        },
        meta,
      );
      return true;
    },
    { behavior: 'immediate' },
  );
}

/**
 * The server's payment job: a run every `intervalMs`, one at a time; `stop()` ends the ticks and
 * waits for the run in flight (so the database can be closed after it).
 */
export function startPaymentSweeper(deps: PaymentDeps, intervalMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= sweepPayments(deps, Date.now())
      .then((result) => {
        if (Object.values(result).some((n) => n > 0)) deps.log.info({ ...result }, 'payments swept');
      })
      .catch((err: unknown) => deps.log.error({ err }, 'payment sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * One payments sweep for `npm run sweep` (a process of its own): with a real merchant configured,
 * its WeChat Pay client; null without one (demo mode's fake lives inside the server process).
 */
export async function sweepConfiguredPayments(
  db: Db,
  services: Pick<Services, 'wechatPay'>,
  now: number,
): Promise<PaymentSweepResult | null> {
  if (!services.wechatPay) return null;
  const log = { info() {}, warn() {}, error() {} };
  return sweepPayments({ db, wechatPay: services.wechatPay, demoPayer: null, log }, now);
}

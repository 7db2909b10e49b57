import { randomBytes } from 'node:crypto';
import type { output } from 'zod/mini';
import { and, eq, isNull } from 'drizzle-orm';
import { PUBLIC_WISH_STATUSES } from '../../../shared/constants';
import { chinaDate, chinaDayStart } from '../../../shared/china-date';
import { sharesPriceFen } from '../../../shared/payments';
import type { createPayOrderBodySchema, PayOrder } from '../../../shared/schemas/payments';
import type { Tx } from '../../db/tx';
import { campaigns, payOrders, users, wishes } from '../../db/schema';
import { AppError } from '../../app-error';
import { newPublicId } from '../../ids';
import { WechatPayError } from '../../integrations/wechat-pay/types';
import type { Actor } from '../access/actor';
import { recordAudit, type RequestMeta } from '../audit/record-audit';
import { requestHash, runIdempotent } from '../claims/idempotency';
import { PAY_ORDER_TTL_MS, type PaymentDeps } from './payment-deps';
import { ownPayOrder, payOrderView } from './pay-order-view';
import { activeClaimOf, takeWishShares } from './wish-shares';

type Body = output<typeof createPayOrderBodySchema>;

/** WeChat Pay's `description` allows 127 bytes: 40 characters fit whatever they are. */
const DESCRIPTION_CHARS = 40;

/**
 * A donor's order, once per Idempotency-Key: in one transaction the target is checked, the amount
 * fixed from our own records (the body's amount for a campaign gift, the wish's price of the
 * shares) and a wish's shares reserved; then — outside it — WeChat Pay's prepay order is made
 * (kept on the order, so a retry answers the same). WeChat Pay unreachable: 503, and a retry
 * with the same key carries on with the same order.
 */
export async function createPayOrder(
  deps: PaymentDeps,
  actor: Actor,
  body: Body,
  idempotencyKey: string,
  meta: RequestMeta & { clientIp: string },
): Promise<PayOrder> {
  const { db, wechatPay } = deps;
  if (!wechatPay) throw new AppError('PAY_NOT_CONFIGURED');
  const { orderId } = runIdempotent(
    db,
    {
      userId: actor.userId,
      key: idempotencyKey,
      hash: requestHash('createPayOrder', body),
      status: 201,
      now: meta.now,
    },
    (tx) => ({ orderId: openOrder(tx, actor, body, meta) }),
  );
  await ensurePrepay(deps, orderId, meta);
  return payOrderView(ownPayOrder(db, actor.userId, orderId), meta.now, deps.demoPayer !== null);
}

function openOrder(tx: Tx, actor: Actor, body: Body, meta: RequestMeta): string {
  const { now } = meta;
  const donor = tx.select({ openid: users.wechatOpenid }).from(users).where(eq(users.id, actor.userId)).get();
  if (body.channel === 'jsapi' && !donor?.openid) throw new AppError('PAY_OPENID_MISSING');
  const target =
    body.target.kind === 'campaign' ? campaignGift(tx, body, now) : wishShares(tx, actor, body, now);
  const publicId = newPublicId();
  const expiresAt = Math.min(now + PAY_ORDER_TTL_MS, target.payableUntil);
  tx.insert(payOrders)
    .values({
      publicId,
      outTradeNo: newOutTradeNo(now),
      orgId: target.orgId,
      donorUserId: actor.userId,
      targetKind: body.target.kind,
      campaignId: target.campaignId,
      wishId: target.wishId,
      shares: target.shares,
      sharesHeld: target.wishId === null ? 0 : 1,
      amountFen: target.amountFen,
      description: Array.from(target.description).slice(0, DESCRIPTION_CHARS).join(''),
      channel: body.channel,
      status: 'created',
      donorDisplay: body.donorDisplay,
      donorName: body.donorName ?? null,
      createdAt: now,
      expiresAt,
      updatedAt: now,
    })
    .run();
  recordAudit(
    tx,
    {
      actorUserId: actor.userId,
      action: 'payment.order_created',
      outcome: 'ok',
      targetType: 'pay_order',
      targetId: publicId,
      details: { amountFen: target.amountFen, target: body.target.kind, shares: target.shares },
    },
    meta,
  );
  return publicId;
}

interface Target {
  orgId: number;
  campaignId: number | null;
  wishId: number | null;
  shares: number | null;
  amountFen: number;
  description: string;
  /** An order cannot outlive what it pays for (the campaign's or the wish's end). */
  payableUntil: number;
}

/** A gift to an active campaign's restricted fund, of the amount the donor chose. */
function campaignGift(tx: Tx, body: Body, now: number): Target {
  if (body.target.kind !== 'campaign' || body.amountFen === undefined)
    throw new AppError('VALIDATION_FAILED');
  const campaign = tx.select().from(campaigns).where(eq(campaigns.publicId, body.target.campaignId)).get();
  if (!campaign) throw new AppError('CAMPAIGN_NOT_FOUND');
  if (now < chinaDayStart(campaign.startsOn) || now >= campaign.endsAt) {
    throw new AppError('CAMPAIGN_NOT_ACTIVE', {
      details: { startsOn: campaign.startsOn, endsOn: campaign.endsOn, today: chinaDate(now) },
    });
  }
  return {
    orgId: campaign.orgId,
    campaignId: campaign.id,
    wishId: null,
    shares: null,
    amountFen: body.amountFen,
    description: `心愿捐赠-${campaign.title}`,
    payableUntil: campaign.endsAt,
  };
}

/** Shares of a published wish, reserved now and priced from the wish's value (never the body). */
function wishShares(tx: Tx, actor: Actor, body: Body, now: number): Target {
  if (body.target.kind !== 'wish') throw new AppError('VALIDATION_FAILED');
  const { shares } = body.target;
  const wish = tx.select().from(wishes).where(eq(wishes.publicId, body.target.wishId)).get();
  if (!wish || !(PUBLIC_WISH_STATUSES as readonly string[]).includes(wish.status)) {
    throw new AppError('WISH_NOT_FOUND');
  }
  const held = activeClaimOf(tx, wish.id, actor.userId);
  if (held && !held.paidOnline) throw new AppError('GIFT_CLAIM_HELD');
  if (wish.status === 'claimed')
    throw new AppError(wish.shares === 1 ? 'WISH_ALREADY_CLAIMED' : 'NO_SHARES_LEFT');
  if (wish.status !== 'published' || (wish.expiresAt !== null && wish.expiresAt <= now)) {
    throw new AppError('WISH_NOT_CLAIMABLE');
  }
  const from = takeWishShares(tx, wish.id, shares, now);
  if (from === null) {
    const left = tx.select({ taken: wishes.sharesTaken }).from(wishes).where(eq(wishes.id, wish.id)).get();
    throw new AppError(wish.shares === 1 ? 'WISH_ALREADY_CLAIMED' : 'NO_SHARES_LEFT', {
      details: { sharesLeft: wish.shares - (left?.taken ?? wish.shares) },
    });
  }
  const amountFen = sharesPriceFen(wish.estimatedValueFen, wish.shares, from, shares);
  if (amountFen < 1) throw new AppError('WISH_NOT_CLAIMABLE');
  return {
    orgId: wish.orgId,
    campaignId: wish.campaignId,
    wishId: wish.id,
    shares,
    amountFen,
    description: `心愿认捐-${wish.title}`,
    payableUntil: wish.expiresAt ?? Number.MAX_SAFE_INTEGER,
  };
}

/** Our `out_trade_no`: `XY`, the China date, 12 random characters — 22 of [A-Za-z0-9_-]. */
function newOutTradeNo(now: number): string {
  return `XY${chinaDate(now).replaceAll('-', '')}${randomBytes(9).toString('base64url')}`;
}

const inFlight = new Map<string, Promise<void>>();

/**
 * Makes WeChat Pay's order for an open order of ours that has none yet (JSAPI: the prepay id and
 * the signed requestPayment parameters; H5: the payment page), once per process at a time. An
 * order WeChat Pay refuses is made due at once: the sweeper asks WeChat Pay and closes it.
 */
export async function ensurePrepay(
  deps: PaymentDeps,
  orderId: string,
  meta: RequestMeta & { clientIp: string },
) {
  const { db } = deps;
  const order = db.select().from(payOrders).where(eq(payOrders.publicId, orderId)).get();
  if (!order || order.status !== 'created' || order.expiresAt <= meta.now) return;
  if (order.channel === 'jsapi' ? order.payParams : order.h5Url) return;
  let running = inFlight.get(orderId);
  if (!running) {
    running = makePrepay(deps, order, meta).finally(() => inFlight.delete(orderId));
    inFlight.set(orderId, running);
  }
  await running;
}

async function makePrepay(
  deps: PaymentDeps,
  order: typeof payOrders.$inferSelect,
  meta: RequestMeta & { clientIp: string },
): Promise<void> {
  const { db } = deps;
  const wechatPay = deps.wechatPay;
  if (!wechatPay) throw new AppError('PAY_NOT_CONFIGURED');
  const terms = {
    outTradeNo: order.outTradeNo,
    description: order.description,
    amountFen: order.amountFen,
    expiresAt: order.expiresAt,
    attach: order.publicId,
  };
  try {
    if (order.channel === 'jsapi') {
      const donor = db
        .select({ openid: users.wechatOpenid })
        .from(users)
        .where(eq(users.id, order.donorUserId))
        .get();
      if (!donor?.openid) throw new AppError('PAY_OPENID_MISSING');
      const { prepayId } = await wechatPay.createJsapiOrder({ ...terms, payerOpenid: donor.openid });
      const params = wechatPay.paymentParams(prepayId, meta.now);
      db.update(payOrders)
        .set({ prepayId, payParams: params, updatedAt: meta.now })
        .where(and(eq(payOrders.id, order.id), eq(payOrders.status, 'created'), isNull(payOrders.payParams)))
        .run();
    } else {
      const { h5Url } = await wechatPay.createH5Order({ ...terms, payerClientIp: meta.clientIp });
      db.update(payOrders)
        .set({ h5Url, updatedAt: meta.now })
        .where(and(eq(payOrders.id, order.id), eq(payOrders.status, 'created'), isNull(payOrders.h5Url)))
        .run();
    }
  } catch (err) {
    if (!(err instanceof WechatPayError)) throw err;
    deps.log.warn(
      { order: order.publicId, kind: err.kind, code: err.code, status: err.httpStatus },
      'WeChat Pay did not make the order',
    );
    if (err.kind === 'unavailable') throw new AppError('PAY_UNAVAILABLE');
    db.update(payOrders)
      .set({ expiresAt: meta.now, updatedAt: meta.now })
      .where(and(eq(payOrders.id, order.id), eq(payOrders.status, 'created')))
      .run();
    throw new AppError('PAY_ORDER_REFUSED', { details: { code: err.code } });
  }
}

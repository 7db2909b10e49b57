import type { RequestMeta } from '../audit/record-audit';
import type { PaymentDeps } from './payment-deps';
import { applyRefundResult } from './refund-online-donation';
import { settlePayment } from './settle-payment';

/** WeChat Pay's answer format: success is 204 without a body; anything else makes it retry. */
export type NotifyAnswer =
  { status: 204 } | { status: 400 | 401 | 404; body: { code: 'FAIL'; message: string } };

/**
 * A callback from WeChat Pay (`POST /api/v1/pay/notify`), given its raw body:
 *
 * 1. Not verifiable (headers missing, timestamp more than 5 minutes off, unknown serial, bad
 *    signature → 401; body not a notification or not decryptable → 400): refused, nothing read
 *    from it, nothing posted. A genuine one is sent again by WeChat Pay and then passes.
 * 2. Verified: a payment is settled (or found settled) and acknowledged; a refund result is
 *    applied. A verified report that does not match our records (another merchant or app, an
 *    order we never made, another amount) is acknowledged too — WeChat Pay sending it again
 *    cannot make it match — with nothing posted and an audit alert; the day's reconciliation
 *    lists it as well. A trade state other than SUCCESS is acknowledged, nothing posted.
 */
export function handlePayNotification(
  deps: PaymentDeps,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  meta: RequestMeta,
): NotifyAnswer {
  const { wechatPay } = deps;
  if (!wechatPay) return { status: 404, body: { code: 'FAIL', message: 'WeChat Pay is not configured' } };
  const verified = wechatPay.verifyNotification(headers, rawBody, meta.now);
  if (!verified.ok) {
    deps.log.warn({ refusal: verified.refusal }, 'WeChat Pay callback refused');
    const status = verified.refusal === 'BAD_BODY' || verified.refusal === 'DECRYPT_FAILED' ? 400 : 401;
    return { status, body: { code: 'FAIL', message: verified.refusal } };
  }
  const n = verified.notification;
  if (n.eventType === 'TRANSACTION.SUCCESS') {
    const outcome = settlePayment(deps.db, n.transaction, wechatPay, meta, 'notify');
    const log =
      outcome.result === 'ignored' && outcome.reason !== 'NOT_PAID' ? deps.log.error : deps.log.info;
    log.call(deps.log, { event: n.eventId, ...outcome }, 'WeChat Pay payment callback');
  } else {
    const outcome = applyRefundResult(deps, n.refund, meta, 'notify');
    const log = outcome.result === 'ignored' ? deps.log.error : deps.log.info;
    log.call(deps.log, { event: n.eventId, ...outcome }, 'WeChat Pay refund callback');
  }
  return { status: 204 };
}

import Taro from '@tarojs/taro';
import type { JsapiPayParams, PayOrder } from '../../../shared/schemas/payments';
import { weixinBridge } from './donate';

/**
 * What came of handing an order to WeChat Pay: `done` (WeChat says paid: the server confirms
 * it), `cancelled` by the donor, `failed` (with WeChat's words), `left` (the page went to WeChat
 * Pay's cashier and comes back by itself), or `none` (nothing to pay: demo mode, or the order is
 * no longer open — the order page says which).
 */
export type PayOutcome =
  | { kind: 'done' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string }
  | { kind: 'left' }
  | { kind: 'none' };

/** The order's page: where the donor sees whether the money arrived. */
export function payOrderPath(orderId: string, paying: boolean): string {
  return `/donor/pay-order/index?id=${orderId}${paying ? '&paying=1' : ''}`;
}

/**
 * WeChat Pay's H5 cashier sends the donor back to `redirect_url` when done; on H5 that is this
 * order's page (hash routing) on the same site.
 */
export function h5PayUrl(h5Url: string, orderId: string): string {
  const { origin, pathname } = window.location;
  const back = `${origin}${pathname}#${payOrderPath(orderId, true)}`;
  return `${h5Url}${h5Url.includes('?') ? '&' : '?'}redirect_url=${encodeURIComponent(back)}`;
}

function failure(errMsg: string | undefined): PayOutcome {
  if (errMsg && /cancel/i.test(errMsg)) return { kind: 'cancelled' };
  return { kind: 'failed', message: '微信支付没有完成，请稍后再试；如已扣款，系统会自动核对' };
}

async function requestPayment(params: JsapiPayParams): Promise<PayOutcome> {
  try {
    await Taro.requestPayment({
      timeStamp: params.timeStamp,
      nonceStr: params.nonceStr,
      package: params.package,
      signType: params.signType,
      paySign: params.paySign,
    });
    return { kind: 'done' };
  } catch (e) {
    return failure((e as { errMsg?: string } | null)?.errMsg);
  }
}

function bridgePayment(params: JsapiPayParams): Promise<PayOutcome> {
  const bridge = weixinBridge();
  if (!bridge) return Promise.resolve({ kind: 'failed', message: '请在微信里打开本页面后再支付' });
  return new Promise((resolve) => {
    bridge.invoke('getBrandWCPayRequest', params, (res) => {
      if (res.err_msg === 'get_brand_wcpay_request:ok') resolve({ kind: 'done' });
      else resolve(failure(res.err_msg));
    });
  });
}

/**
 * Pays an open order the way the server prepared it: `Taro.requestPayment` in the mini-program,
 * WeChat's bridge in its browser, WeChat Pay's cashier page elsewhere. A demo order is paid by
 * 模拟支付 on its page instead: nothing here would reach a real WeChat Pay.
 */
export function launchPayment(order: PayOrder): Promise<PayOutcome> {
  const pay = order.pay;
  if (order.demo || order.status !== 'created' || !pay) return Promise.resolve({ kind: 'none' });
  if (pay.kind === 'jsapi') {
    return process.env.TARO_ENV === 'weapp' ? requestPayment(pay.params) : bridgePayment(pay.params);
  }
  if (process.env.TARO_ENV !== 'h5') {
    return Promise.resolve({ kind: 'failed', message: '这笔订单需要在浏览器里支付，请重新下单' });
  }
  window.location.href = h5PayUrl(pay.h5Url, order.id);
  return Promise.resolve({ kind: 'left' });
}

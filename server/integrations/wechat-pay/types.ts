/**
 * The WeChat Pay APIv3 merchant client as the payments module uses it (direct merchant, 直连商户).
 * Implemented in `wechat-pay-client.ts` over real HTTP; tested and demoed against the fake server
 * in `server/demo/fake-wechat-pay.ts`. Amounts are integer fen, times epoch milliseconds.
 */

/** Everything the client needs; from the environment (see server/config.ts `wechatPay`). */
export interface WechatPayAccount {
  /** e.g. https://api.mch.weixin.qq.com */
  apiBase: string;
  mchId: string;
  appId: string;
  /** Serial number of the merchant API certificate (sent as `serial_no` in Authorization). */
  merchantSerial: string;
  /** The merchant API private key, PEM (RSA 2048). */
  merchantPrivateKeyPem: string;
  /** APIv3 key: 32 ASCII characters, the AES-256-GCM key for callback resources. */
  apiV3Key: string;
  /** WeChat Pay's public keys (or platform certificates' keys) by their id / serial, PEM. */
  platformKeys: ReadonlyMap<string, string>;
  /** Where WeChat Pay posts payment and refund results (`…/api/v1/pay/notify`). */
  notifyUrl: string;
}

/** The one error the client throws: `unavailable` (network, timeout, 5xx, bad signature on an
 * answer) or `refused` (WeChat Pay answered 4xx with its `code` and `message`). */
export class WechatPayError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'refused',
    readonly code: string,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'WechatPayError';
  }
}

export interface NewOrder {
  outTradeNo: string;
  description: string;
  amountFen: number;
  /** Order expiry (WeChat Pay refuses payment after it). */
  expiresAt: number;
  /** Our own data, echoed in query and callback (≤ 128 chars). */
  attach?: string;
}

/** WeChat Pay's trade states (`trade_state`). */
export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

/** A transaction as query and the `TRANSACTION.SUCCESS` callback describe it. */
export interface PayTransaction {
  appId: string;
  mchId: string;
  outTradeNo: string;
  /** WeChat Pay's own order number (absent until paid). */
  transactionId: string | null;
  tradeState: TradeState;
  /** Epoch ms of payment (SUCCESS only). */
  successTime: number | null;
  amountTotalFen: number;
  payerOpenid: string | null;
  attach: string | null;
}

export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface PayRefund {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  transactionId: string;
  status: RefundStatus;
  refundFen: number;
  totalFen: number;
  successTime: number | null;
}

/** A verified, decrypted callback (`POST /api/v1/pay/notify`). */
export type PayNotification =
  | { eventId: string; eventType: 'TRANSACTION.SUCCESS'; transaction: PayTransaction }
  | {
      eventId: string;
      eventType: 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';
      refund: PayRefund;
    };

/** Why a callback was refused; the route answers 4xx/401 with WeChat's `{code:'FAIL', message}`. */
export type NotificationRefusal =
  | 'MISSING_HEADERS'
  | 'TIMESTAMP_OUT_OF_WINDOW'
  | 'UNKNOWN_SERIAL'
  | 'BAD_SIGNATURE'
  | 'BAD_BODY'
  | 'DECRYPT_FAILED';

/** One row of a trade bill (`tradebill`, bill_type ALL), money in integer fen. */
export interface BillRow {
  tradeTime: string;
  appId: string;
  mchId: string;
  transactionId: string;
  outTradeNo: string;
  /** `SUCCESS` for a payment row, `REFUND` for a refund row. */
  tradeState: string;
  /** 应结订单金额 (payment rows). */
  settlementFen: number;
  /** 退款金额 (refund rows). */
  refundFen: number;
  outRefundNo: string | null;
  feeFen: number;
}

export interface TradeBill {
  rows: BillRow[];
  /** The summary line: 总交易单数, 应结订单总金额, 退款总金额, 手续费总金额. */
  totals: { count: number; settlementFen: number; refundFen: number; feeFen: number };
}

export interface WechatPayClient {
  readonly mchId: string;
  readonly appId: string;
  /** `POST /v3/pay/transactions/jsapi` → prepay_id (mini-program and H5 inside WeChat). */
  createJsapiOrder(order: NewOrder & { payerOpenid: string }): Promise<{ prepayId: string }>;
  /** `POST /v3/pay/transactions/h5` → h5_url (browsers outside WeChat). */
  createH5Order(order: NewOrder & { payerClientIp: string }): Promise<{ h5Url: string }>;
  /** Parameters for `wx.requestPayment` / `Taro.requestPayment`, signed with the merchant key. */
  paymentParams(
    prepayId: string,
    now: number,
  ): {
    /** Not signed by Taro.requestPayment's caller but needed by WeixinJSBridge (H5 inside WeChat). */
    appId: string;
    timeStamp: string;
    nonceStr: string;
    package: string;
    signType: 'RSA';
    paySign: string;
  };
  /** `GET /v3/pay/transactions/out-trade-no/{no}`; null when WeChat Pay knows no such order. */
  queryOrder(outTradeNo: string): Promise<PayTransaction | null>;
  /** `POST …/out-trade-no/{no}/close` (204). Callers query first: a paid order is settled, not closed. */
  closeOrder(outTradeNo: string): Promise<void>;
  /** `POST /v3/refund/domestic/refunds`. */
  createRefund(r: {
    outTradeNo: string;
    outRefundNo: string;
    refundFen: number;
    totalFen: number;
    reason: string;
  }): Promise<PayRefund>;
  /** `GET /v3/refund/domestic/refunds/{out_refund_no}`; null when unknown. */
  queryRefund(outRefundNo: string): Promise<PayRefund | null>;
  /** `GET /v3/bill/tradebill?bill_date=YYYY-MM-DD&bill_type=ALL`, then the download_url, hash checked. */
  downloadTradeBill(billDate: string): Promise<TradeBill>;
  /**
   * Verifies and decrypts a callback: 5-minute timestamp window, RSA-SHA256 over
   * `timestamp\nnonce\nbody\n` of the raw body with the key named by Wechatpay-Serial, then
   * AEAD_AES_256_GCM with the APIv3 key, nonce and associated data.
   */
  verifyNotification(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
    now: number,
  ): { ok: true; notification: PayNotification } | { ok: false; refusal: NotificationRefusal };
}

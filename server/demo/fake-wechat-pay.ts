import { generateKeyPair, randomBytes, randomInt, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { chinaDate, isCalendarDate } from '../../shared/china-date';
import { billHash, fenToYuan } from '../integrations/wechat-pay/bill';
import { AEAD_ALGORITHM, encryptResource } from '../integrations/wechat-pay/notification';
import {
  AUTH_SCHEMA,
  SIGNATURE_WINDOW_MS,
  answerMessage,
  nonceStr,
  parseAuthorization,
  requestMessage,
  rsaSign,
  rsaVerify,
} from '../integrations/wechat-pay/sign';
import type { RefundStatus, TradeState, WechatPayAccount } from '../integrations/wechat-pay/types';
import { rfc3339China } from '../integrations/wechat-pay/wire';

/**
 * A stand-in for WeChat Pay APIv3 (api.mch.weixin.qq.com) over real HTTP on 127.0.0.1, for tests
 * and for demo mode (no real merchant configured). It makes its own keys at start: the merchant's
 * API key pair (we sign requests with the private half, it checks them with the public half) and
 * WeChat Pay's platform key pair (it signs every answer and callback; we hold the public half by
 * its id `PUB_KEY_ID_…`), plus an APIv3 key for the callbacks' AEAD_AES_256_GCM resources.
 *
 * It speaks, as the documentation describes:
 * - `POST /v3/pay/transactions/jsapi` and `/h5` (order creation: same order again → same answer;
 *   the same out_trade_no with other content → 400 INVALID_REQUEST; paid → 400 ORDERPAID);
 * - `GET /v3/pay/transactions/out-trade-no/{no}?mchid=` (404 ORDER_NOT_EXIST when unknown),
 *   `GET /v3/pay/transactions/id/{transaction_id}?mchid=`;
 * - `POST /v3/pay/transactions/out-trade-no/{no}/close` (204; paid → 400 ORDERPAID);
 * - `POST /v3/refund/domestic/refunds` (PROCESSING, then SUCCESS at once or on cue, with a
 *   REFUND.SUCCESS callback), `GET /v3/refund/domestic/refunds/{out_refund_no}`;
 * - `GET /v3/bill/tradebill?bill_date=&bill_type=ALL` and the `download_url` it answers (the CSV
 *   of the China-time day's payments and refunds, yuan amounts, backticks and the summary);
 * - every request's `Authorization` checked (401 SIGN_ERROR otherwise), every answer signed;
 * - `GET /h5pay?prepay_id=&redirect_url=`: the cashier page an H5 order's h5_url opens, with a
 *   button that pays (demo mode).
 * Payment happens on cue: `pay(outTradeNo)` marks the order paid and posts the signed, encrypted
 * TRANSACTION.SUCCESS callback to its notify_url, retrying a few times on a non-2xx answer.
 */

export interface FakeWechatPayOptions {
  /** The clock for answers' and callbacks' timestamps, payment times and the bill (default Date.now). */
  now?: () => number;
  mchId?: string;
  appId?: string;
  /** `auto` (default): a refund answers PROCESSING and succeeds right after; `manual`: on `completeRefund`. */
  refunds?: 'auto' | 'manual';
  /** Waits between callback attempts after a non-2xx answer (default [50, 200, 500]: four attempts). */
  notifyRetryDelaysMs?: number[];
  /** Fee rate in ten-thousandths for the bill (default 60: 0.60%). */
  feeRateBasisPoints?: number;
}

export interface FakeWechatPayRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (undefined when none or not JSON). */
  body?: unknown;
  /** The answer's status. */
  status: number;
  /** Why the signature check refused it, when it did. */
  signError?: string;
}

export interface FakeOrder {
  tradeType: 'JSAPI' | 'MWEB';
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  attach: string | null;
  notifyUrl: string;
  totalFen: number;
  timeExpire: number | null;
  openid: string | null;
  payerClientIp: string | null;
  prepayId: string;
  h5Url: string | null;
  tradeState: TradeState;
  transactionId: string | null;
  successTime: number | null;
  payerOpenid: string | null;
  createdAt: number;
}

export interface FakeRefund {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  transactionId: string;
  refundFen: number;
  totalFen: number;
  reason: string | null;
  notifyUrl: string;
  status: RefundStatus;
  createdAt: number;
  successTime: number | null;
}

/** One callback attempt. */
export interface FakeDelivery {
  eventId: string;
  eventType: string;
  url: string;
  attempt: number;
  /** HTTP status, or 0 when the request failed (network, timeout). */
  status: number;
}

export interface PayOptions {
  /** The payer (default: the order's openid, or a made-up one for H5). */
  openid?: string;
  /** false: the callback is lost (never sent), for the sweeper to find the payment by query. */
  notify?: boolean;
  /** Send the same callback this many times (default 1), e.g. a replay. */
  times?: number;
  /** With `times`: all at once rather than one after another. */
  concurrent?: boolean;
  /** The callback claims this amount instead of the order's (the order is paid as created). */
  amountOverride?: number;
  /** Fields to change in the callback's resource (e.g. `{ mchid: 'x' }`), after encryption's input is built. */
  resourceOverrides?: Record<string, unknown>;
  /** Payment time (default now). */
  at?: number;
}

export interface PayResult {
  transactionId: string;
  /** The resource the callback carried (decrypted form). */
  resource: Record<string, unknown>;
  /** Every callback attempt, in order (empty when `notify: false`). */
  deliveries: FakeDelivery[];
}

/** What can be wrong with a built callback (each should be refused). */
export type NotificationTamper =
  | 'signature'
  | 'unknown-serial'
  | 'old-timestamp'
  | 'future-timestamp'
  | 'ciphertext'
  | 'associated-data'
  | 'body-after-signing'
  | 'missing-headers';

export interface BuiltNotification {
  headers: Record<string, string>;
  body: string;
}

/** A bill row the merchant knows nothing of (or anything a test wants in the bill). */
export interface ExtraBillRow {
  /** China date of the bill it belongs to. */
  billDate: string;
  outTradeNo: string;
  transactionId?: string;
  /** `SUCCESS` (payment, default) or `REFUND`. */
  tradeState?: 'SUCCESS' | 'REFUND';
  /** Payment rows: 应结订单金额. */
  settlementFen?: number;
  /** Refund rows: 退款金额. */
  refundFen?: number;
  outRefundNo?: string;
}

export interface FakeWechatPay {
  baseUrl: string;
  /** The merchant account to give the client (add the notify URL). */
  account: Omit<WechatPayAccount, 'notifyUrl'>;
  /** The merchant's public key (PEM): checks our requests and payment parameters' paySign. */
  merchantPublicKeyPem: string;
  /** The id of WeChat Pay's public key (the platform key), `PUB_KEY_ID_…`. */
  platformSerial: string;
  /** Every request received, in order. */
  requests: FakeWechatPayRequest[];
  /** Every callback attempt, in order. */
  deliveries: FakeDelivery[];
  order(outTradeNo: string): FakeOrder | undefined;
  refund(outRefundNo: string): FakeRefund | undefined;
  /** The payer pays: SUCCESS with a transaction id and time, then the TRANSACTION.SUCCESS callback. */
  pay(outTradeNo: string, opts?: PayOptions): Promise<PayResult>;
  /** The payer pays the order an h5_url or prepay id belongs to (demo mode's cashier page). */
  payByPrepayId(prepayId: string, opts?: PayOptions): Promise<PayResult>;
  /** Finishes a PROCESSING refund (default SUCCESS) and posts its REFUND.* callback (unless notify false). */
  completeRefund(
    outRefundNo: string,
    opts?: { status?: Exclude<RefundStatus, 'PROCESSING'>; notify?: boolean; at?: number },
  ): Promise<FakeDelivery[]>;
  /** The TRANSACTION.SUCCESS resource for a paid (or any) order, as the callback carries it. */
  transactionResource(outTradeNo: string, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** The REFUND.* resource for a refund. */
  refundResource(outRefundNo: string, overrides?: Record<string, unknown>): Record<string, unknown>;
  /**
   * A callback as WeChat Pay sends it: the resource encrypted with the APIv3 key, the envelope
   * signed with the platform key — or spoiled as `tamper` says.
   */
  buildNotification(
    event: {
      eventType: string;
      resource: Record<string, unknown>;
      /** `transaction` or `refund` (default from the event type); also the associated data. */
      originalType?: string;
      eventId?: string;
    },
    opts?: { tamper?: NotificationTamper; timestamp?: number },
  ): BuiltNotification;
  /** Posts a built callback to a URL once; resolves to the answer's status (0 when it failed). */
  deliver(url: string, notification: BuiltNotification): Promise<number>;
  /** Bill knobs: rows unknown to us, changed amounts, rows left out, a wrong hash. */
  bill: {
    addRow(row: ExtraBillRow): void;
    /** The bill shows this 应结订单金额 for the order's payment row. */
    setAmount(outTradeNo: string, settlementFen: number): void;
    /** The bill leaves the order's rows out. */
    omit(outTradeNo: string): void;
    /** The next tradebill answer's hash_value does not match its file. */
    corruptNextHash(): void;
    /** The CSV the bill for this date would be now. */
    csv(billDate: string): string;
  };
  /** The next request matching (default any) answers this error instead (once). */
  failNext(answer: { status: number; code: string; message?: string }, match?: RegExp): void;
  /** Answers wait this long (0: at once), to test timeouts. */
  setAnswerDelay(ms: number): void;
  /** Switches how new refunds finish (see the `refunds` option). */
  setRefunds(mode: 'auto' | 'manual'): void;
  /** How answers are signed: `valid` (default), `bad` (another key), `missing` (no Wechatpay-* headers). */
  setAnswerSignature(mode: 'valid' | 'bad' | 'missing'): void;
  close(): Promise<void>;
}

const BILL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,' +
  '货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,' +
  '商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const SUMMARY_HEADER =
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;
const MAX_BODY = 1024 * 1024;
/** A demo server runs for days: its logs keep the latest entries only. */
const KEEP_ENTRIES = 5_000;
const KEEP_BILL_FILES = 50;

function keep<T>(list: T[], entry: T): void {
  list.push(entry);
  if (list.length > KEEP_ENTRIES) list.splice(0, list.length - KEEP_ENTRIES);
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const param = (message: string) => new ApiError(400, 'PARAM_ERROR', message);

function digits(n: number): string {
  let s = String(1 + randomInt(9));
  for (let i = 1; i < n; i++) s += String(randomInt(10));
  return s;
}

const generateRsa = promisify(generateKeyPair);

/** An RSA-2048 key pair, made off the event loop (a server in the same process keeps answering). */
function rsaPair(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return generateRsa('rsa', { modulusLength: 2048 });
}

/** China time as the bill writes it: `2026-05-01 12:00:00`. */
function billTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startFakeWechatPay(options: FakeWechatPayOptions = {}): Promise<FakeWechatPay> {
  const now = options.now ?? Date.now;
  const retryDelays = options.notifyRetryDelaysMs ?? [50, 200, 500];
  const feeRate = options.feeRateBasisPoints ?? 60;
  const [merchant, platform] = await Promise.all([rsaPair(), rsaPair()]);
  // "Another key" for spoilt signatures: the merchant's own, which is not WeChat Pay's.
  const impostor = merchant;
  const mchId = options.mchId ?? `19${digits(8)}`;
  const appId = options.appId ?? `wx${randomBytes(8).toString('hex')}`;
  const merchantSerial = randomBytes(20).toString('hex').toUpperCase();
  const platformSerial = `PUB_KEY_ID_0${`${mchId}${digits(27)}`.slice(0, 27)}`;
  const apiV3Key = nonceStr(32);
  const platformPublicPem = platform.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const orders = new Map<string, FakeOrder>();
  const refunds = new Map<string, FakeRefund>();
  const orderRequests = new Map<string, string>();
  const refundRequests = new Map<string, string>();
  const requests: FakeWechatPayRequest[] = [];
  const deliveries: FakeDelivery[] = [];
  const extraRows: ExtraBillRow[] = [];
  const billAmounts = new Map<string, number>();
  const billOmitted = new Set<string>();
  const billFiles = new Map<string, Buffer>();
  const failures: { answer: { status: number; code: string; message?: string }; match?: RegExp }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const aborter = new AbortController();
  let corruptHash = false;
  let answerDelay = 0;
  let refundMode = options.refunds ?? 'auto';
  let answerSignature: 'valid' | 'bad' | 'missing' = 'valid';
  let closed = false;
  let baseUrl = '';

  // ---------------------------------------------------------------- signing and answering

  function signedHeaders(body: string, key: KeyObject, serial: string, timestamp = Math.floor(now() / 1000)) {
    const nonce = nonceStr();
    return {
      'Wechatpay-Timestamp': String(timestamp),
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': rsaSign(answerMessage(String(timestamp), nonce, body), key),
      'Wechatpay-Serial': serial,
      'Wechatpay-Signature-Type': AUTH_SCHEMA,
    };
  }

  function send(res: http.ServerResponse, status: number, json?: unknown): void {
    const body = json === undefined ? '' : JSON.stringify(json);
    const headers: Record<string, string> = { 'Request-ID': randomBytes(16).toString('hex') };
    if (body) headers['Content-Type'] = 'application/json; charset=utf-8';
    if (answerSignature !== 'missing') {
      Object.assign(
        headers,
        signedHeaders(
          body,
          answerSignature === 'bad' ? impostor.privateKey : platform.privateKey,
          platformSerial,
        ),
      );
    }
    res.writeHead(status, headers);
    res.end(body);
  }

  /** Checks `Authorization` as WeChat Pay does; the reason when it fails. */
  function signError(req: http.IncomingMessage, rawBody: string): string | null {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) return 'Authorization is missing or not WECHATPAY2-SHA256-RSA2048';
    if (auth.mchid !== mchId) return 'mchid does not match';
    if (auth.serial_no !== merchantSerial) return 'serial_no is not the merchant certificate';
    if (!/^\d{1,12}$/.test(auth.timestamp)) return 'timestamp is not a number';
    if (Math.abs(now() - Number(auth.timestamp) * 1000) > SIGNATURE_WINDOW_MS) return 'timestamp expired';
    const message = requestMessage(req.method ?? '', req.url ?? '', auth.timestamp, auth.nonce_str, rawBody);
    if (!rsaVerify(message, auth.signature, merchant.publicKey)) return 'signature does not verify';
    return null;
  }

  // ---------------------------------------------------------------- orders

  function validateOrder(body: unknown, kind: 'JSAPI' | 'MWEB', authMchId: string): FakeOrder {
    if (!isObject(body)) throw param('请求体不是 JSON 对象');
    const { appid, mchid, description, out_trade_no, time_expire, attach, notify_url, amount } = body;
    if (typeof appid !== 'string' || typeof mchid !== 'string') throw param('appid、mchid 为必填项');
    if (mchid !== authMchId || mchid !== mchId || appid !== appId) {
      throw new ApiError(400, 'APPID_MCHID_NOT_MATCH', 'AppID和mch_id不匹配');
    }
    if (typeof description !== 'string' || description.length < 1 || description.length > 127) {
      throw param('description 长度须为 1-127');
    }
    if (typeof out_trade_no !== 'string' || !OUT_TRADE_NO.test(out_trade_no)) {
      throw param('out_trade_no 须为 6-32 位数字、字母或 _-|*');
    }
    let expire: number | null = null;
    if (time_expire !== undefined) {
      if (
        typeof time_expire !== 'string' ||
        !RFC3339.test(time_expire) ||
        Number.isNaN(Date.parse(time_expire))
      ) {
        throw param('time_expire 须为 rfc3339 格式，如 2018-06-08T10:34:56+08:00');
      }
      expire = Date.parse(time_expire);
    }
    if (attach !== undefined && (typeof attach !== 'string' || attach.length > 128)) {
      throw param('attach 最长 128 字符');
    }
    if (typeof notify_url !== 'string' || notify_url.length > 256) throw param('notify_url 为必填项');
    let notify: URL;
    try {
      notify = new URL(notify_url);
    } catch {
      throw param('notify_url 不是合法的 URL');
    }
    if (!/^https?:$/.test(notify.protocol) || notify.search) {
      throw param('notify_url 须为 http(s) 地址且不能携带参数');
    }
    if (!isObject(amount) || !Number.isInteger(amount.total) || (amount.total as number) < 1) {
      throw param('amount.total 须为不小于 1 的整数（分）');
    }
    if (amount.currency !== undefined && amount.currency !== 'CNY') throw param('amount.currency 仅支持 CNY');
    let openid: string | null = null;
    let clientIp: string | null = null;
    if (kind === 'JSAPI') {
      const payer = body.payer;
      if (
        !isObject(payer) ||
        typeof payer.openid !== 'string' ||
        !payer.openid ||
        payer.openid.length > 128
      ) {
        throw param('payer.openid 为必填项');
      }
      openid = payer.openid;
    } else {
      const scene = body.scene_info;
      if (
        !isObject(scene) ||
        typeof scene.payer_client_ip !== 'string' ||
        !scene.payer_client_ip ||
        !isObject(scene.h5_info) ||
        typeof scene.h5_info.type !== 'string'
      ) {
        throw param('scene_info.payer_client_ip 与 scene_info.h5_info.type 为必填项');
      }
      clientIp = scene.payer_client_ip;
    }
    const prepayId = `wx${randomBytes(16).toString('hex')}`;
    return {
      tradeType: kind,
      appid,
      mchid,
      outTradeNo: out_trade_no,
      description,
      attach: typeof attach === 'string' ? attach : null,
      notifyUrl: notify_url,
      totalFen: amount.total as number,
      timeExpire: expire,
      openid,
      payerClientIp: clientIp,
      prepayId,
      h5Url: kind === 'MWEB' ? `${baseUrl}/h5pay?prepay_id=${prepayId}&package=${digits(10)}` : null,
      tradeState: 'NOTPAY',
      transactionId: null,
      successTime: null,
      payerOpenid: null,
      createdAt: now(),
    };
  }

  function createOrder(body: unknown, kind: 'JSAPI' | 'MWEB', authMchId: string): unknown {
    const fresh = validateOrder(body, kind, authMchId);
    const fingerprint = `${kind}:${JSON.stringify(body)}`;
    const existing = orders.get(fresh.outTradeNo);
    if (existing) {
      if (existing.tradeState === 'SUCCESS' || existing.tradeState === 'REFUND') {
        throw new ApiError(400, 'ORDERPAID', '该订单已支付');
      }
      if (existing.tradeState === 'CLOSED') throw new ApiError(400, 'ORDER_CLOSED', '订单已关闭');
      if (orderRequests.get(fresh.outTradeNo) !== fingerprint) {
        throw new ApiError(400, 'INVALID_REQUEST', '201 商户订单号重复');
      }
    } else {
      orders.set(fresh.outTradeNo, fresh);
      orderRequests.set(fresh.outTradeNo, fingerprint);
    }
    const order = orders.get(fresh.outTradeNo) as FakeOrder;
    return kind === 'JSAPI' ? { prepay_id: order.prepayId } : { h5_url: order.h5Url };
  }

  function transactionWire(o: FakeOrder): Record<string, unknown> {
    const paid = o.transactionId !== null;
    return {
      appid: o.appid,
      mchid: o.mchid,
      out_trade_no: o.outTradeNo,
      ...(paid && {
        transaction_id: o.transactionId,
        trade_type: o.tradeType,
        bank_type: 'OTHERS',
        success_time: rfc3339China(o.successTime ?? 0),
        payer: { openid: o.payerOpenid },
      }),
      trade_state: o.tradeState,
      trade_state_desc: TRADE_STATE_DESC[o.tradeState],
      ...(o.attach !== null && { attach: o.attach }),
      amount: paid
        ? { total: o.totalFen, payer_total: o.totalFen, currency: 'CNY', payer_currency: 'CNY' }
        : { total: o.totalFen, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  function queryOrder(o: FakeOrder | undefined, query: Record<string, string>): unknown {
    if (query.mchid !== mchId) throw param('mchid 为必填项且须为本商户号');
    if (!o) throw new ApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return transactionWire(o);
  }

  function closeOrder(outTradeNo: string, body: unknown): void {
    if (!isObject(body) || body.mchid !== mchId) throw param('mchid 为必填项且须为本商户号');
    const o = orders.get(outTradeNo);
    if (!o) throw new ApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (o.tradeState === 'SUCCESS' || o.tradeState === 'REFUND') {
      throw new ApiError(400, 'ORDERPAID', '订单已支付');
    }
    o.tradeState = 'CLOSED';
  }

  // ---------------------------------------------------------------- refunds

  function refundWire(r: FakeRefund): Record<string, unknown> {
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: r.transactionId,
      out_trade_no: r.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(r.successTime !== null && { success_time: rfc3339China(r.successTime) }),
      create_time: rfc3339China(r.createdAt),
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: r.totalFen,
        refund: r.refundFen,
        payer_total: r.totalFen,
        payer_refund: r.refundFen,
        settlement_refund: r.refundFen,
        settlement_total: r.totalFen,
        discount_refund: 0,
        currency: 'CNY',
        refund_fee: 0,
      },
    };
  }

  function refundedSoFar(outTradeNo: string): number {
    let sum = 0;
    for (const r of refunds.values()) {
      if (r.outTradeNo === outTradeNo && (r.status === 'SUCCESS' || r.status === 'PROCESSING'))
        sum += r.refundFen;
    }
    return sum;
  }

  function createRefund(body: unknown): unknown {
    if (!isObject(body)) throw param('请求体不是 JSON 对象');
    const { out_trade_no, transaction_id, out_refund_no, reason, notify_url, amount } = body;
    if (typeof out_refund_no !== 'string' || !OUT_REFUND_NO.test(out_refund_no)) {
      throw param('out_refund_no 须为 1-64 位数字、字母或 _-|*@');
    }
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > 80))
      throw param('reason 最长 80 字符');
    if (
      notify_url !== undefined &&
      (typeof notify_url !== 'string' || !/^https?:\/\/[^?]+$/.test(notify_url))
    ) {
      throw param('notify_url 须为 http(s) 地址且不能携带参数');
    }
    if (
      !isObject(amount) ||
      !Number.isInteger(amount.refund) ||
      !Number.isInteger(amount.total) ||
      (amount.refund as number) < 1 ||
      amount.currency !== 'CNY'
    ) {
      throw param('amount.refund、amount.total 须为正整数（分），currency 为 CNY');
    }
    let o: FakeOrder | undefined;
    if (typeof out_trade_no === 'string') o = orders.get(out_trade_no);
    else if (typeof transaction_id === 'string') {
      o = [...orders.values()].find((x) => x.transactionId === transaction_id);
    } else throw param('out_trade_no 与 transaction_id 须填其一');
    if (!o) throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');

    const fingerprint = JSON.stringify(body);
    const existing = refunds.get(out_refund_no);
    if (existing) {
      if (refundRequests.get(out_refund_no) !== fingerprint) {
        throw new ApiError(400, 'INVALID_REQUEST', '商户退款单号重复，且与之前请求的参数不一致');
      }
      return refundWire(existing);
    }
    if (o.transactionId === null) throw new ApiError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (amount.total !== o.totalFen) throw new ApiError(400, 'INVALID_REQUEST', '订单金额与原订单不一致');
    if ((amount.refund as number) + refundedSoFar(o.outTradeNo) > o.totalFen) {
      throw new ApiError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    }
    const r: FakeRefund = {
      outRefundNo: out_refund_no,
      refundId: `50${digits(30)}`,
      outTradeNo: o.outTradeNo,
      transactionId: o.transactionId,
      refundFen: amount.refund as number,
      totalFen: o.totalFen,
      reason: typeof reason === 'string' ? reason : null,
      notifyUrl: typeof notify_url === 'string' ? notify_url : o.notifyUrl,
      status: 'PROCESSING',
      createdAt: now(),
      successTime: null,
    };
    refunds.set(out_refund_no, r);
    refundRequests.set(out_refund_no, fingerprint);
    o.tradeState = 'REFUND';
    if (refundMode === 'auto') {
      const t = setTimeout(() => {
        timers.delete(t);
        void fake.completeRefund(out_refund_no).catch(() => {});
      }, 10);
      timers.add(t);
    }
    return refundWire(r);
  }

  // ---------------------------------------------------------------- bill

  function feeOf(fen: number): number {
    return Math.floor((fen * feeRate + 5000) / 10000);
  }

  function fee5(fen: number): string {
    return `${fenToYuan(fen)}000`;
  }

  function billCsv(billDate: string): string {
    const rate = `${fenToYuan(feeRate)}%`;
    const lines: string[][] = [];
    const totals = { settlement: 0, refund: 0, fee: 0, order: 0, applied: 0 };
    const row = (f: string[]) => lines.push(f);
    for (const o of orders.values()) {
      if (o.successTime === null || chinaDate(o.successTime) !== billDate || billOmitted.has(o.outTradeNo))
        continue;
      const settlement = billAmounts.get(o.outTradeNo) ?? o.totalFen;
      const fee = feeOf(settlement);
      totals.settlement += settlement;
      totals.fee += fee;
      totals.order += settlement;
      // prettier-ignore
      row([
        billTime(o.successTime), o.appid, o.mchid, '0', '', o.transactionId ?? '', o.outTradeNo,
        o.payerOpenid ?? '', o.tradeType, 'SUCCESS', 'OTHERS', 'CNY', fenToYuan(settlement), '0.00',
        '0', '0', '0.00', '0.00', '', '', o.description, o.attach ?? '', fee5(fee), rate,
        fenToYuan(settlement), '0.00', '',
      ]);
    }
    for (const r of refunds.values()) {
      if (r.status !== 'SUCCESS' || r.successTime === null || chinaDate(r.successTime) !== billDate) continue;
      if (billOmitted.has(r.outTradeNo)) continue;
      const o = orders.get(r.outTradeNo);
      const fee = -feeOf(r.refundFen);
      totals.refund += r.refundFen;
      totals.fee += fee;
      totals.applied += r.refundFen;
      // prettier-ignore
      row([
        billTime(r.successTime), o?.appid ?? appId, mchId, '0', '', r.transactionId, r.outTradeNo,
        o?.payerOpenid ?? '', o?.tradeType ?? 'JSAPI', 'REFUND', 'OTHERS', 'CNY', '0.00', '0.00',
        r.refundId, r.outRefundNo, fenToYuan(r.refundFen), '0.00', 'ORIGINAL', 'SUCCESS',
        o?.description ?? '', o?.attach ?? '', fee5(fee), rate, '0.00', fenToYuan(r.refundFen), '',
      ]);
    }
    for (const x of extraRows) {
      if (x.billDate !== billDate) continue;
      const refund = x.tradeState === 'REFUND';
      const settlement = refund ? 0 : (x.settlementFen ?? 0);
      const refundFen = refund ? (x.refundFen ?? 0) : 0;
      const fee = refund ? -feeOf(refundFen) : feeOf(settlement);
      totals.settlement += settlement;
      totals.refund += refundFen;
      totals.fee += fee;
      totals.order += settlement;
      totals.applied += refundFen;
      // prettier-ignore
      row([
        `${billDate} 12:00:00`, appId, mchId, '0', '', x.transactionId ?? `42${digits(26)}`, x.outTradeNo,
        'oUnknownPayer', 'JSAPI', refund ? 'REFUND' : 'SUCCESS', 'OTHERS', 'CNY', fenToYuan(settlement),
        '0.00', refund ? `50${digits(30)}` : '0', refund ? (x.outRefundNo ?? `R${digits(12)}`) : '0',
        fenToYuan(refundFen), '0.00', refund ? 'ORIGINAL' : '', refund ? 'SUCCESS' : '', '未知商品', '',
        fee5(fee), rate, fenToYuan(settlement), fenToYuan(refundFen), '',
      ]);
    }
    if (lines.length === 0) return '';
    const backticked = (f: string[]) => f.map((v) => `\`${v}`).join(',');
    // prettier-ignore
    const summary = [
      String(lines.length), fenToYuan(totals.settlement), fenToYuan(totals.refund), '0.00',
      fee5(totals.fee), fenToYuan(totals.order), fenToYuan(totals.applied),
    ];
    return `${[BILL_HEADER, ...lines.map(backticked), SUMMARY_HEADER, backticked(summary)].join('\r\n')}\r\n`;
  }

  function applyBill(query: Record<string, string>): unknown {
    const billDate = query.bill_date ?? '';
    if (!isCalendarDate(billDate)) throw param('bill_date 须为 yyyy-MM-DD');
    const type = query.bill_type ?? 'ALL';
    if (type !== 'ALL') throw param('本模拟服务只提供 bill_type=ALL');
    if (query.tar_type !== undefined) throw param('本模拟服务不压缩账单');
    const csv = billCsv(billDate);
    if (!csv) throw new ApiError(400, 'NO_STATEMENT_EXIST', '账单不存在');
    const bytes = Buffer.from(csv, 'utf8');
    const token = randomBytes(16).toString('hex');
    billFiles.set(token, bytes);
    for (const old of billFiles.keys()) if (billFiles.size > KEEP_BILL_FILES) billFiles.delete(old);
    let hash = billHash(bytes);
    if (corruptHash) {
      corruptHash = false;
      hash = billHash(Buffer.concat([bytes, Buffer.from('x')]));
    }
    return {
      hash_type: 'SHA1',
      hash_value: hash,
      download_url: `${baseUrl}/v3/billdownload/file?token=${token}`,
    };
  }

  // ---------------------------------------------------------------- callbacks

  async function deliverOnce(url: string, n: BuiltNotification): Promise<number> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...n.headers, 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/4.0' },
        body: n.body,
        signal: AbortSignal.any([aborter.signal, AbortSignal.timeout(5000)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    } catch {
      return 0;
    }
  }

  /** Posts a callback until it is answered 2xx, waiting `retryDelays` between attempts. */
  async function deliverWithRetries(url: string, eventId: string, eventType: string, n: BuiltNotification) {
    const attempts: FakeDelivery[] = [];
    for (let attempt = 1; ; attempt++) {
      if (closed) break;
      const status = await deliverOnce(url, n);
      const d = { eventId, eventType, url, attempt, status };
      attempts.push(d);
      keep(deliveries, d);
      if (status >= 200 && status < 300) break;
      const wait = retryDelays[attempt - 1];
      if (wait === undefined) break;
      await sleep(wait);
    }
    return attempts;
  }

  async function notify(
    url: string,
    eventType: string,
    resource: Record<string, unknown>,
    times: number,
    concurrent: boolean,
  ): Promise<FakeDelivery[]> {
    const eventId = randomUUID();
    const built = fake.buildNotification({ eventType, resource, eventId });
    if (concurrent) {
      const all = await Promise.all(
        Array.from({ length: times }, () => deliverWithRetries(url, eventId, eventType, built)),
      );
      return all.flat();
    }
    const out: FakeDelivery[] = [];
    for (let i = 0; i < times; i++) out.push(...(await deliverWithRetries(url, eventId, eventType, built)));
    return out;
  }

  // ---------------------------------------------------------------- HTTP

  async function route(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    rawBody: string,
    entry: FakeWechatPayRequest,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (path === '/h5pay') return cashier(req, res, url, rawBody);

    const reason = signError(req, rawBody);
    if (reason) {
      entry.signError = reason;
      throw new ApiError(401, 'SIGN_ERROR', `签名错误：${reason}`);
    }
    const failure = failures.find((f) => !f.match || f.match.test(`${method} ${req.url ?? ''}`));
    if (failure) {
      failures.splice(failures.indexOf(failure), 1);
      throw new ApiError(failure.answer.status, failure.answer.code, failure.answer.message ?? '模拟错误');
    }
    const authMchId = parseAuthorization(req.headers.authorization)?.mchid ?? '';
    const body = entry.body;
    const query = entry.query;
    if (method === 'POST' && rawBody && body === undefined) throw param('请求体不是合法的 JSON');

    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/v3/pay/transactions/jsapi') {
      return send(res, 200, createOrder(body, 'JSAPI', authMchId));
    }
    if (method === 'POST' && path === '/v3/pay/transactions/h5') {
      return send(res, 200, createOrder(body, 'MWEB', authMchId));
    }
    if (method === 'GET' && (m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path))) {
      return send(res, 200, queryOrder(orders.get(decodeURIComponent(m[1] ?? '')), query));
    }
    if (method === 'GET' && (m = /^\/v3\/pay\/transactions\/id\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(m[1] ?? '');
      return send(
        res,
        200,
        queryOrder(
          [...orders.values()].find((o) => o.transactionId === id),
          query,
        ),
      );
    }
    if (method === 'POST' && (m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path))) {
      closeOrder(decodeURIComponent(m[1] ?? ''), body);
      return send(res, 204);
    }
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') {
      return send(res, 200, createRefund(body));
    }
    if (method === 'GET' && (m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path))) {
      const r = refunds.get(decodeURIComponent(m[1] ?? ''));
      if (!r) throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      return send(res, 200, refundWire(r));
    }
    if (method === 'GET' && path === '/v3/bill/tradebill') return send(res, 200, applyBill(query));
    if (method === 'GET' && path === '/v3/billdownload/file') {
      const bytes = billFiles.get(query.token ?? '');
      if (!bytes) throw new ApiError(400, 'INVALID_REQUEST', '下载链接已失效');
      // The file itself is not signed: its check is the hash in the (signed) tradebill answer.
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(bytes);
      return;
    }
    throw new ApiError(404, 'NOT_FOUND', '无此接口');
  }

  /** The cashier page an H5 order's h5_url opens (demo mode): the order and a button that pays. */
  async function cashier(req: http.IncomingMessage, res: http.ServerResponse, url: URL, rawBody: string) {
    const form = new URLSearchParams(req.method === 'POST' ? rawBody : url.search);
    const prepayId = form.get('prepay_id') ?? '';
    const redirect = form.get('redirect_url') ?? '';
    const order = [...orders.values()].find((o) => o.prepayId === prepayId);
    const html = (title: string, inner: string, status = 200) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
          `<title>${title}</title></head><body style="font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem">` +
          `<p style="color:#888">模拟微信支付（演示模式，不会真的扣款）</p>${inner}</body></html>`,
      );
    };
    const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    if (!order) return html('订单不存在', '<h1>订单不存在或已失效</h1>', 404);
    if (req.method === 'POST' && order.tradeState === 'NOTPAY') {
      await fake.payByPrepayId(prepayId).catch(() => undefined);
    }
    const back = /^https?:\/\//.test(redirect) ? redirect : null;
    if (req.method === 'POST' && back) {
      res.writeHead(303, { Location: back });
      res.end();
      return;
    }
    if (order.tradeState !== 'NOTPAY') {
      const link = back ? `<p><a href="${esc(back)}">返回商户</a></p>` : '';
      return html('支付结果', `<h1>${esc(TRADE_STATE_DESC[order.tradeState])}</h1>${link}`);
    }
    return html(
      '确认付款',
      `<h1>¥${fenToYuan(order.totalFen)}</h1><p>${esc(order.description)}</p>` +
        `<form method="post" action="/h5pay"><input type="hidden" name="prepay_id" value="${esc(prepayId)}">` +
        `<input type="hidden" name="redirect_url" value="${esc(redirect)}">` +
        `<button type="submit" style="font-size:1.2rem;padding:.6rem 2rem">确认支付</button></form>`,
    );
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://fake');
        let body: unknown;
        try {
          body = rawBody ? JSON.parse(rawBody) : undefined;
        } catch {
          body = undefined;
        }
        const entry: FakeWechatPayRequest = {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          ...(body !== undefined && { body }),
          status: 0,
        };
        keep(requests, entry);
        if (answerDelay > 0) await sleep(answerDelay);
        try {
          if (size > MAX_BODY) throw param('请求体过大');
          await route(req, res, rawBody, entry);
        } catch (err) {
          if (err instanceof ApiError) send(res, err.status, { code: err.code, message: err.message });
          else send(res, 500, { code: 'SYSTEM_ERROR', message: '系统异常，请稍后重试' });
        }
        entry.status = res.statusCode;
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function paidOrder(outTradeNo: string): FakeOrder {
    const o = orders.get(outTradeNo);
    if (!o) throw new Error(`fake WeChat Pay: no order ${outTradeNo}`);
    return o;
  }

  const fake: FakeWechatPay = {
    baseUrl,
    account: {
      apiBase: baseUrl,
      mchId,
      appId,
      merchantSerial,
      merchantPrivateKeyPem: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      apiV3Key,
      platformKeys: new Map([[platformSerial, platformPublicPem]]),
    },
    merchantPublicKeyPem: merchant.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    platformSerial,
    requests,
    deliveries,
    order: (no) => orders.get(no),
    refund: (no) => refunds.get(no),

    async pay(outTradeNo, opts = {}) {
      const o = paidOrder(outTradeNo);
      if (o.tradeState !== 'NOTPAY')
        throw new Error(`fake WeChat Pay: order ${outTradeNo} is ${o.tradeState}`);
      const at = opts.at ?? now();
      if (o.timeExpire !== null && at > o.timeExpire) {
        throw new Error(`fake WeChat Pay: order ${outTradeNo} expired at ${rfc3339China(o.timeExpire)}`);
      }
      o.tradeState = 'SUCCESS';
      o.transactionId = `42${digits(26)}`;
      o.successTime = at;
      o.payerOpenid = opts.openid ?? o.openid ?? `oFake${randomBytes(12).toString('base64url')}`;
      const resource = fake.transactionResource(outTradeNo, {
        ...(opts.amountOverride !== undefined && {
          amount: {
            total: opts.amountOverride,
            payer_total: opts.amountOverride,
            currency: 'CNY',
            payer_currency: 'CNY',
          },
        }),
        ...opts.resourceOverrides,
      });
      const sent =
        opts.notify === false
          ? []
          : await notify(
              o.notifyUrl,
              'TRANSACTION.SUCCESS',
              resource,
              opts.times ?? 1,
              opts.concurrent ?? false,
            );
      return { transactionId: o.transactionId, resource, deliveries: sent };
    },

    async payByPrepayId(prepayId, opts) {
      const o = [...orders.values()].find((x) => x.prepayId === prepayId);
      if (!o) throw new Error('fake WeChat Pay: no order with this prepay id');
      return fake.pay(o.outTradeNo, opts);
    },

    async completeRefund(outRefundNo, opts = {}) {
      const r = refunds.get(outRefundNo);
      if (!r) throw new Error(`fake WeChat Pay: no refund ${outRefundNo}`);
      if (r.status !== 'PROCESSING') throw new Error(`fake WeChat Pay: refund ${outRefundNo} is ${r.status}`);
      r.status = opts.status ?? 'SUCCESS';
      if (r.status === 'SUCCESS') r.successTime = opts.at ?? now();
      if (opts.notify === false || closed) return [];
      return notify(r.notifyUrl, `REFUND.${r.status}`, fake.refundResource(outRefundNo), 1, false);
    },

    transactionResource(outTradeNo, overrides = {}) {
      return { ...transactionWire(paidOrder(outTradeNo)), ...overrides };
    },

    refundResource(outRefundNo, overrides = {}) {
      const r = refunds.get(outRefundNo);
      if (!r) throw new Error(`fake WeChat Pay: no refund ${outRefundNo}`);
      return {
        mchid: mchId,
        out_trade_no: r.outTradeNo,
        transaction_id: r.transactionId,
        out_refund_no: r.outRefundNo,
        refund_id: r.refundId,
        refund_status: r.status,
        ...(r.successTime !== null && { success_time: rfc3339China(r.successTime) }),
        user_received_account: '支付用户零钱',
        amount: {
          total: r.totalFen,
          refund: r.refundFen,
          payer_total: r.totalFen,
          payer_refund: r.refundFen,
        },
        ...overrides,
      };
    },

    buildNotification(event, opts = {}) {
      const originalType =
        event.originalType ?? (event.eventType.startsWith('REFUND.') ? 'refund' : 'transaction');
      const nonce = nonceStr(12);
      let ciphertext = encryptResource(apiV3Key, JSON.stringify(event.resource), nonce, originalType);
      let associatedData = originalType;
      const tamper = opts.tamper;
      if (tamper === 'ciphertext') {
        const bytes = Buffer.from(ciphertext, 'base64');
        bytes[0] = (bytes[0] ?? 0) ^ 0x01;
        ciphertext = bytes.toString('base64');
      }
      if (tamper === 'associated-data') associatedData = `${originalType}x`;
      const envelope = {
        id: event.eventId ?? randomUUID(),
        create_time: rfc3339China(now()),
        resource_type: 'encrypt-resource',
        event_type: event.eventType,
        summary: event.eventType.startsWith('REFUND.') ? '退款状态改变' : '支付成功',
        resource: {
          original_type: originalType,
          algorithm: AEAD_ALGORITHM,
          ciphertext,
          associated_data: associatedData,
          nonce,
        },
      };
      let body = JSON.stringify(envelope);
      const nowS = Math.floor(now() / 1000);
      const timestamp =
        opts.timestamp ??
        (tamper === 'old-timestamp' ? nowS - 6 * 60 : tamper === 'future-timestamp' ? nowS + 6 * 60 : nowS);
      const key = tamper === 'signature' ? impostor.privateKey : platform.privateKey;
      const serial = tamper === 'unknown-serial' ? `PUB_KEY_ID_9${digits(30)}` : platformSerial;
      const headers: Record<string, string> = signedHeaders(body, key, serial, timestamp);
      if (tamper === 'body-after-signing') body = body.replace('"event_type"', '"event_type" ');
      if (tamper === 'missing-headers') delete headers['Wechatpay-Signature'];
      return { headers, body };
    },

    deliver: (url, n) => deliverOnce(url, n),

    bill: {
      addRow: (row) => void extraRows.push(row),
      setAmount: (outTradeNo, fen) => void billAmounts.set(outTradeNo, fen),
      omit: (outTradeNo) => void billOmitted.add(outTradeNo),
      corruptNextHash: () => {
        corruptHash = true;
      },
      csv: (billDate) => billCsv(billDate),
    },

    failNext(answer, match) {
      failures.push({ answer, ...(match && { match }) });
    },
    setAnswerDelay(ms) {
      answerDelay = ms;
    },
    setRefunds(mode) {
      refundMode = mode;
    },
    setAnswerSignature(mode) {
      answerSignature = mode;
    },

    async close() {
      closed = true;
      aborter.abort();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

const TRADE_STATE_DESC: Record<TradeState, string> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '订单未支付',
  CLOSED: '订单已关闭',
  REVOKED: '已撤销',
  USERPAYING: '用户支付中',
  PAYERROR: '支付失败',
};

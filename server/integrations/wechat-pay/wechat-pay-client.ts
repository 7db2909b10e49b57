import { type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { isCalendarDate } from '../../../shared/china-date';
import { BillFormatError, billHash, parseTradeBill } from './bill';
import { verifyNotification } from './notification';
import {
  authorizationHeader,
  checkWechatpaySignature,
  headerValue,
  nonceStr,
  payMessage,
  privateKeyOf,
  publicKeyOf,
  rsaSign,
} from './sign';
import {
  WechatPayError,
  type NewOrder,
  type TradeBill,
  type WechatPayAccount,
  type WechatPayClient,
} from './types';
import {
  errorWire,
  refundFromWire,
  refundWire,
  rfc3339China,
  transactionFromWire,
  transactionWire,
} from './wire';

/**
 * The account as the client takes it: the notify URL may be a function, read at each order and
 * refund, for a server that learns its own address only once it listens (demo mode).
 */
export type WechatPayClientAccount = Omit<WechatPayAccount, 'notifyUrl'> & {
  notifyUrl: string | (() => string);
};

export interface WechatPayClientOptions {
  /** Per API call (default 10 s). */
  timeoutMs?: number;
  /** For the bill file download (default 60 s). */
  downloadTimeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_DOWNLOAD_TIMEOUT_MS = 60_000;
const USER_AGENT = 'xinyuan-server (WeChat Pay APIv3)';

interface Answer {
  status: number;
  text: string;
}

/** WeChat Pay APIv3 over HTTP: every request signed, every answer's signature checked. */
export function createWechatPayClient(
  account: WechatPayClientAccount,
  options: WechatPayClientOptions = {},
): WechatPayClient {
  const apiBase = account.apiBase.replace(/\/+$/, '');
  const origin = new URL(apiBase).origin;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const downloadTimeoutMs = options.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS;
  const merchantKey = privateKeyOf(account.merchantPrivateKeyPem);
  const platformKeys = new Map<string, KeyObject>(
    [...account.platformKeys].map(([serial, pem]) => [serial, publicKeyOf(pem)]),
  );
  const notifyUrl = (): string =>
    typeof account.notifyUrl === 'function' ? account.notifyUrl() : account.notifyUrl;

  const unavailable = (code: string, what: string, httpStatus?: number) =>
    new WechatPayError('unavailable', code, `WeChat Pay ${what}`, httpStatus);

  /** One signed exchange; `url` is absolute. Transport trouble becomes `unavailable`. */
  async function exchange(
    method: 'GET' | 'POST',
    url: string,
    body: string,
    limitMs: number,
  ): Promise<{ res: Response; bytes: Uint8Array }> {
    const u = new URL(url);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
      Authorization: authorizationHeader({
        mchId: account.mchId,
        serial: account.merchantSerial,
        privateKey: merchantKey,
        method,
        url: u.pathname + u.search,
        body,
        timestamp: Math.floor(now() / 1000),
      }),
    };
    if (method === 'POST') headers['Content-Type'] = 'application/json';
    try {
      // One signal for the whole exchange, body included: a stalled answer is caught too.
      const signal = AbortSignal.timeout(limitMs);
      const res = await doFetch(u, { method, headers, body: method === 'POST' ? body : undefined, signal });
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { res, bytes };
    } catch (err) {
      // Only the error's name/code: undici's causes can quote the URL.
      const e = err as { name?: string; cause?: { code?: string } };
      if (e.name === 'TimeoutError') throw unavailable('TIMEOUT', `did not answer within ${limitMs} ms`);
      throw unavailable('NETWORK', `could not be reached (${e.cause?.code ?? e.name ?? 'unknown'})`);
    }
  }

  /** An API call: the answer's signature checked (on success always, on an error when signed). */
  async function call(method: 'GET' | 'POST', path: string, json?: unknown): Promise<Answer> {
    const body = json === undefined ? '' : JSON.stringify(json);
    const { res, bytes } = await exchange(method, apiBase + path, body, timeoutMs);
    const text = new TextDecoder().decode(bytes);
    const status = res.status;
    const signed = headerValue(res.headers, 'Wechatpay-Signature') !== undefined;
    if ((status >= 200 && status < 300) || (status < 500 && signed)) {
      const check = checkWechatpaySignature(res.headers, text, platformKeys, now());
      if (!check.ok) {
        throw unavailable(
          `ANSWER_${check.refusal}`,
          `answer failed its signature check (${check.refusal})`,
          status,
        );
      }
    }
    if (status >= 200 && status < 300) return { status, text };

    let code = `HTTP_${status}`;
    let message = `answered HTTP ${status}`;
    try {
      const e = errorWire.safeParse(JSON.parse(text));
      if (e.success) {
        code = e.data.code.slice(0, 64);
        // WeChat's own words; its `detail` (which can quote a value we sent) is left out.
        message = `${code}: ${(e.data.message ?? '').slice(0, 200)}`;
      }
    } catch {
      // not JSON: keep the status
    }
    if (status >= 500 || status === 429) throw unavailable(code, message, status);
    throw new WechatPayError('refused', code, `WeChat Pay refused: ${message}`, status);
  }

  function parsed<S extends z.ZodType>(text: string, schema: S, what: string): z.output<S> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw unavailable('BAD_ANSWER', `answered ${what} that is not JSON`);
    }
    const r = schema.safeParse(value);
    if (!r.success) throw unavailable('BAD_ANSWER', `answered ${what} in an unexpected shape`);
    return r.data;
  }

  function orderBody(order: NewOrder) {
    if (!Number.isSafeInteger(order.amountFen) || order.amountFen < 1) {
      throw new RangeError('amountFen must be a whole number of fen, at least 1');
    }
    return {
      appid: account.appId,
      mchid: account.mchId,
      description: order.description,
      out_trade_no: order.outTradeNo,
      time_expire: rfc3339China(order.expiresAt),
      ...(order.attach !== undefined && { attach: order.attach }),
      notify_url: notifyUrl(),
      amount: { total: order.amountFen, currency: 'CNY' },
    };
  }

  const tradePath = (outTradeNo: string) =>
    `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}`;

  return {
    mchId: account.mchId,
    appId: account.appId,

    async createJsapiOrder(order) {
      const { text } = await call('POST', '/v3/pay/transactions/jsapi', {
        ...orderBody(order),
        payer: { openid: order.payerOpenid },
      });
      const { prepay_id } = parsed(text, prepayWire, 'an order');
      return { prepayId: prepay_id };
    },

    async createH5Order(order) {
      const { text } = await call('POST', '/v3/pay/transactions/h5', {
        ...orderBody(order),
        scene_info: { payer_client_ip: order.payerClientIp, h5_info: { type: 'Wap' } },
      });
      const { h5_url } = parsed(text, h5Wire, 'an order');
      return { h5Url: h5_url };
    },

    paymentParams(prepayId, at) {
      const timeStamp = String(Math.floor(at / 1000));
      const nonce = nonceStr();
      const pkg = `prepay_id=${prepayId}`;
      return {
        appId: account.appId,
        timeStamp,
        nonceStr: nonce,
        package: pkg,
        signType: 'RSA',
        paySign: rsaSign(payMessage(account.appId, timeStamp, nonce, pkg), merchantKey),
      };
    },

    async queryOrder(outTradeNo) {
      try {
        const { text } = await call(
          'GET',
          `${tradePath(outTradeNo)}?mchid=${encodeURIComponent(account.mchId)}`,
        );
        return transactionFromWire(parsed(text, transactionWire, 'an order'));
      } catch (err) {
        if (err instanceof WechatPayError && err.httpStatus === 404) return null;
        throw err;
      }
    },

    async closeOrder(outTradeNo) {
      await call('POST', `${tradePath(outTradeNo)}/close`, { mchid: account.mchId });
    },

    async createRefund(r) {
      for (const n of [r.refundFen, r.totalFen]) {
        if (!Number.isSafeInteger(n) || n < 1)
          throw new RangeError('refund amounts are whole fen, at least 1');
      }
      const { text } = await call('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: r.outTradeNo,
        out_refund_no: r.outRefundNo,
        reason: r.reason,
        notify_url: notifyUrl(),
        amount: { refund: r.refundFen, total: r.totalFen, currency: 'CNY' },
      });
      return refundFromWire(parsed(text, refundWire, 'a refund'));
    },

    async queryRefund(outRefundNo) {
      try {
        const { text } = await call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`);
        return refundFromWire(parsed(text, refundWire, 'a refund'));
      } catch (err) {
        if (err instanceof WechatPayError && err.httpStatus === 404) return null;
        throw err;
      }
    },

    async downloadTradeBill(billDate) {
      if (!isCalendarDate(billDate)) throw new RangeError('billDate must be YYYY-MM-DD');
      let text: string;
      try {
        ({ text } = await call('GET', `/v3/bill/tradebill?bill_date=${billDate}&bill_type=ALL`));
      } catch (err) {
        // No bill for a day without a single payment or refund.
        if (err instanceof WechatPayError && err.code === 'NO_STATEMENT_EXIST') return emptyBill();
        throw err;
      }
      const applied = parsed(text, billWire, 'a bill link');
      if (applied.hash_type !== 'SHA1')
        throw unavailable('BAD_ANSWER', `named an unknown hash (${applied.hash_type})`);
      let url: URL;
      try {
        url = new URL(applied.download_url);
      } catch {
        throw unavailable('BAD_ANSWER', 'answered a bill link that is not a URL');
      }
      // The request is signed with our key: never to anyone but WeChat Pay itself.
      if (url.origin !== origin) throw unavailable('BAD_ANSWER', 'answered a bill link to another host');
      // The file's answer is not signed (the documented check is the hash from the signed answer).
      const { res, bytes } = await exchange('GET', url.href, '', downloadTimeoutMs);
      if (res.status !== 200)
        throw unavailable(`HTTP_${res.status}`, `bill download answered HTTP ${res.status}`, res.status);
      if (billHash(bytes) !== applied.hash_value.toLowerCase()) {
        throw unavailable('BILL_HASH_MISMATCH', 'bill file does not match its SHA1 hash');
      }
      let csv: string;
      try {
        csv = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw unavailable('BILL_FORMAT', 'bill file is not UTF-8');
      }
      try {
        return parseTradeBill(csv);
      } catch (err) {
        if (err instanceof BillFormatError) throw unavailable('BILL_FORMAT', `bill file: ${err.message}`);
        throw err;
      }
    },

    verifyNotification(headers, rawBody, at) {
      return verifyNotification({ apiV3Key: account.apiV3Key, platformKeys }, headers, rawBody, at);
    },
  };
}

function emptyBill(): TradeBill {
  return { rows: [], totals: { count: 0, settlementFen: 0, refundFen: 0, feeFen: 0 } };
}

const prepayWire = z.object({ prepay_id: z.string().min(1).max(64) });
const h5Wire = z.object({ h5_url: z.url() });
const billWire = z.object({
  hash_type: z.string(),
  hash_value: z.string().regex(/^[0-9A-Fa-f]{40}$/),
  download_url: z.string().min(1),
});

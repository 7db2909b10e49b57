import type { Db } from '../../db/client';
import type { WechatPayClient } from '../../integrations/wechat-pay/types';

/** Where payment events worth a person's attention are logged (the server's logger fits). */
export interface PaymentLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Demo mode's stand-in for a donor paying: the local fake WeChat Pay marks the order paid and
 * sends its callback to our notify URL, so the same code as production settles it.
 */
export interface DemoPayer {
  pay(outTradeNo: string): Promise<unknown>;
}

/** What the payments use cases work with. */
export interface PaymentDeps {
  db: Db;
  /** Null when no merchant is configured (and no fake in demo mode): online giving is off. */
  wechatPay: WechatPayClient | null;
  demoPayer: DemoPayer | null;
  log: PaymentLog;
}

/** How long a donor has to pay an order before it is closed and its wish shares go back. */
export const PAY_ORDER_TTL_MS = 15 * 60 * 1000;
/** A callback this late makes the sweeper ask WeChat Pay itself (a lost callback loses nothing). */
export const PAY_CALLBACK_LATE_MS = 2 * 60 * 1000;
/** Between two questions about one open order or refund. */
export const PAY_RECHECK_MS = 60 * 1000;
/** A donor polling an order asks WeChat Pay at most this often. */
export const PAY_POLL_QUERY_MS = 3 * 1000;

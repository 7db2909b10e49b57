import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { startFakeWechatPay } from '../../demo/fake-wechat-pay';
import type { ServiceOptions, Services } from '../../services';
import type { DemoPayer, PaymentLog } from './payment-deps';
import { PAY_NOTIFY_PATH } from './routes';
import { startPaymentSweeper } from './sweep-payments';

export interface PaymentsRuntime {
  /** For createServices: demo mode's fake merchant account, notify URL included. */
  serviceOptions: ServiceOptions;
  /** Demo mode: the fake that pays orders ("simulate payment"); null with a real merchant. */
  demoPayer: DemoPayer | null;
  /** Tells the fake where this server listens (its callbacks go to `<baseUrl>/api/v1/pay/notify`). */
  listening(baseUrl: string): void;
  /** The payments sweeper (late callbacks, expired orders, refunds), every minute. */
  startSweeper(db: Db, services: Services, log: PaymentLog): void;
  /** Stops the sweeper (waiting for a run in flight) and the fake. */
  stop(): Promise<void>;
}

/**
 * The server process's payments: with a real merchant configured, its account as configured; in
 * demo mode without one, a local fake WeChat Pay (keys made at start) stands in, so the same code
 * path as production runs, and donors can finish a donation with "simulate payment".
 */
export async function startPayments(config: Config): Promise<PaymentsRuntime> {
  let baseUrl = `http://127.0.0.1:${config.port}`;
  const fake = config.demo && !config.wechatPay ? await startFakeWechatPay() : null;
  let sweeper: { stop(): Promise<void> } | null = null;
  return {
    serviceOptions: fake
      ? { wechatPayAccount: { ...fake.account, notifyUrl: () => `${baseUrl}${PAY_NOTIFY_PATH}` } }
      : {},
    demoPayer: fake,
    listening(url) {
      baseUrl = url.replace(/\/+$/, '');
    },
    startSweeper(db, services, log) {
      sweeper = startPaymentSweeper({ db, wechatPay: services.wechatPay, demoPayer: fake, log });
    },
    async stop() {
      await sweeper?.stop();
      await fake?.close();
    },
  };
}

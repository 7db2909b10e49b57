import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { CreatePayOrderBody, PayOrder } from '../../shared/schemas/payments';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/client';
import {
  startFakeWechatPay,
  type FakeWechatPay,
  type FakeWechatPayOptions,
} from '../../server/demo/fake-wechat-pay';
import { seedDemoData } from '../../server/demo/seed-demo';
import type { PaymentDeps } from '../../server/modules/payments/payment-deps';
import { treeRoot } from '../../server/modules/ledger/tree-store';
import { PAY_NOTIFY_PATH } from '../../server/modules/payments/routes';
import { createServices } from '../../server/services';
import { addDonor, newKey } from './donors';
import { tempDir, type TestApp } from './test-app';

// Helpers for payment tests: the real app listening on 127.0.0.1 with the fake WeChat Pay (its
// own keys, made at start) as its merchant, so callbacks travel over real HTTP both ways.

export interface PayTestApp extends TestApp {
  fake: FakeWechatPay;
  /** The server's own address, e.g. http://127.0.0.1:43210 */
  baseUrl: string;
  notifyUrl: string;
  /** What the payments sweeper and use cases work with (the app's own WeChat Pay client). */
  pay: PaymentDeps;
}

const quietLog = { info() {}, warn() {}, error() {} };

/** A fresh database with the demo data, the app listening, the fake WeChat Pay as its merchant. */
export async function startPayTestApp(
  options: { fake?: FakeWechatPayOptions; demoPayer?: boolean; env?: Record<string, string> } = {},
): Promise<PayTestApp> {
  const fake = await startFakeWechatPay(options.fake);
  const dir = tempDir('xinyuan-pay-');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_PATH: path.join(dir, 'test.db'),
    H5_DIR: path.join(dir, 'no-h5'),
    MEDIA_DIR: path.join(dir, 'media'),
    ...options.env,
  });
  const database = openDatabase(config.databasePath);
  seedDemoData(database.db, Date.now());
  let notifyUrl = '';
  const services = createServices(config, {
    wechatPayAccount: { ...fake.account, notifyUrl: () => notifyUrl },
  });
  const demoPayer = options.demoPayer === false ? null : fake;
  const app = await buildApp({ config, ...database, services, demoPayer });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  notifyUrl = `${baseUrl}${PAY_NOTIFY_PATH}`;
  return {
    config,
    ...database,
    services,
    app,
    dir,
    fake,
    baseUrl,
    notifyUrl,
    pay: { db: database.db, wechatPay: services.wechatPay, demoPayer, log: quietLog },
    async close() {
      await app.close();
      await fake.close();
      database.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A donor with a WeChat openid (JSAPI payments need one). */
export function wechatDonor(t: TestApp, name = '爱心人士'): { token: string; userId: number } {
  return addDonor(t, name, { openid: `o${Math.random().toString(36).slice(2, 14)}` });
}

/** The demo campaign (active: it started a month ago and runs six more weeks). */
export function demoCampaignId(t: TestApp): string {
  return (
    t.sqlite.prepare('SELECT public_id AS id FROM campaigns ORDER BY id LIMIT 1').get() as { id: string }
  ).id;
}

/** A campaign gift's body. */
export function campaignGift(t: TestApp, over: Partial<CreatePayOrderBody> = {}): CreatePayOrderBody {
  return {
    target: { kind: 'campaign', campaignId: demoCampaignId(t) },
    amountFen: 5000,
    donorDisplay: 'masked',
    donorName: '张三丰',
    channel: 'jsapi',
    ...over,
  };
}

/** POST /api/v1/pay/orders as the bearer of `token` (a fresh Idempotency-Key unless given). */
export function createOrder(
  t: TestApp,
  token: string,
  body: unknown,
  key: string | null = newKey(),
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/pay/orders',
    headers: { authorization: `Bearer ${token}`, ...(key !== null && { 'idempotency-key': key }) },
    payload: body as object,
  });
}

/** Creates an order that must succeed; its view. */
export async function newOrder(t: TestApp, token: string, body: unknown): Promise<PayOrder> {
  const res = await createOrder(t, token, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as PayOrder;
}

/** The order's `out_trade_no` (ours at WeChat Pay; never shown to the donor). */
export function outTradeNoOf(t: TestApp, orderId: string): string {
  return (
    t.sqlite.prepare('SELECT out_trade_no AS no FROM pay_orders WHERE public_id = ?').get(orderId) as {
      no: string;
    }
  ).no;
}

export function orderRow(t: TestApp, orderId: string): Record<string, unknown> {
  return t.sqlite.prepare('SELECT * FROM pay_orders WHERE public_id = ?').get(orderId) as Record<
    string,
    unknown
  >;
}

/** What "nothing posted" is measured by: ledger rows, donations, the tree, balances and claims. */
export function ledgerState(t: TestApp): Record<string, unknown> {
  const n = (table: string) =>
    (t.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const size = n('ledger_transactions');
  return {
    transactions: n('ledger_transactions'),
    postings: n('ledger_postings'),
    donations: n('donations'),
    treeNodes: n('ledger_tree_nodes'),
    root: size === 0 ? null : Buffer.from(treeRoot(t.db, size)).toString('hex'),
    balances: t.sqlite
      .prepare('SELECT org_id, account, balance_fen FROM ledger_balances ORDER BY 1, 2')
      .all(),
    claims: n('claims'),
    paidOrders: n(`pay_orders WHERE status = 'paid'`),
  };
}

/** How many ledger transactions an order's payment posted (exactly-once checks). */
export function postingsFor(t: TestApp, orderId: string): number {
  return (
    t.sqlite
      .prepare(`SELECT count(*) AS n FROM ledger_transactions WHERE idempotency_key = ?`)
      .get(`wechatpay:${outTradeNoOf(t, orderId)}`) as { n: number }
  ).n;
}

/** GET /api/v1/pay/orders/:id as the donor. */
export async function getOrder(t: TestApp, token: string, orderId: string): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/pay/orders/${orderId}`,
    headers: { authorization: `Bearer ${token}` },
  });
}

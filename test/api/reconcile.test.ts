import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../shared/china-date';
import { newKey } from '../support/donors';
import { ledgerPost } from '../support/ledger';
import {
  campaignGift,
  newOrder,
  outTradeNoOf,
  startPayTestApp,
  wechatDonor,
  type PayTestApp,
} from '../support/payments';
import { demoLogin } from '../support/staff';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * `npm run reconcile -- --date … --db …` as an operator runs it, against the fake WeChat Pay's
 * trade bill (downloaded and hash-checked over real HTTP): 0 when the bill and the books agree,
 * 1 listing every difference, 2 when it cannot compare.
 */
describe('npm run reconcile', { timeout: 120_000 }, () => {
  let t: PayTestApp;
  let env: NodeJS.ProcessEnv;
  const today = chinaDate(Date.now());
  const paid: string[] = [];

  function reconcile(...args: string[]): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
      execFile(
        path.join(ROOT, 'node_modules', '.bin', 'tsx'),
        ['server/cli/reconcile-wechat-pay.ts', ...args],
        { cwd: ROOT, env },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err.code as number | undefined) ?? 1) : 0, out: stdout + stderr }),
      );
    });
  }

  beforeAll(async () => {
    t = await startPayTestApp();
    const a = t.fake.account;
    const { LEDGER_SIGNING_KEY: _key, ...rest } = process.env;
    env = {
      ...rest,
      NODE_ENV: 'test',
      WECHATPAY_API_BASE: a.apiBase,
      WECHATPAY_MCHID: a.mchId,
      WECHATPAY_APPID: a.appId,
      WECHATPAY_MERCHANT_SERIAL: a.merchantSerial,
      WECHATPAY_MERCHANT_KEY: a.merchantPrivateKeyPem,
      WECHATPAY_API_V3_KEY: a.apiV3Key,
      WECHATPAY_PUBLIC_KEY_ID: t.fake.platformSerial,
      WECHATPAY_PUBLIC_KEY: a.platformKeys.get(t.fake.platformSerial) ?? '',
    };
    const donor = wechatDonor(t);
    for (const amountFen of [5000, 12000, 300]) {
      const order = await newOrder(t, donor.token, campaignGift(t, { amountFen }));
      await t.fake.pay(outTradeNoOf(t, order.id));
      paid.push(order.id);
    }
    // One refunded in part (the fake confirms it at once).
    const tx = t.sqlite
      .prepare(
        'SELECT l.public_id AS id FROM ledger_transactions l JOIN pay_orders o ON o.ledger_tx_id = l.id WHERE o.public_id = ?',
      )
      .get(paid[1]) as { id: string };
    const finance = await demoLogin(t, 'finance');
    const res = await ledgerPost(
      t,
      finance,
      `/api/v1/staff/ledger/${tx.id}/online-refunds`,
      { amountFen: 2000, reason: '退回部分' },
      newKey(),
    );
    expect(res.statusCode).toBe(201);
    for (let i = 0; i < 100; i++) {
      const row = t.sqlite.prepare(`SELECT status FROM pay_refunds`).get() as { status: string };
      if (row.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // An order created but never paid is in neither.
    await newOrder(t, donor.token, campaignGift(t, { amountFen: 700 }));
  });
  afterAll(() => t.close());

  it('agrees with the bill of a day with payments and a refund: exit 0 and a summary', async () => {
    const { code, out } = await reconcile('--date', today, '--db', t.config.databasePath);
    expect(out).toContain('✓ the bill and the books agree');
    expect(out).toContain('bill:   3 payments ¥173.00, 1 refunds ¥20.00');
    expect(out).toContain('ledger: 3 payments ¥173.00, 1 refunds ¥20.00');
    expect(code).toBe(0);
    // Another day: nothing on either side, nothing to find.
    const empty = await reconcile('--date', '2026-01-01', '--db', t.config.databasePath);
    expect(empty.code).toBe(0);
  });

  it('lists every difference put into the bill and exits 1', async () => {
    const [a, b] = paid.map((id) => outTradeNoOf(t, id));
    t.fake.bill.setAmount(a ?? '', 4999);
    t.fake.bill.omit(b ?? '');
    t.fake.bill.addRow({
      billDate: today,
      outTradeNo: 'XYnotours0001',
      settlementFen: 777,
      transactionId: '4200000000000000000000000001',
    });
    t.fake.bill.addRow({
      billDate: today,
      outTradeNo: 'XYnotours0002',
      tradeState: 'REFUND',
      refundFen: 55,
      outRefundNo: 'RFnotours1',
    });
    const { code, out } = await reconcile('--date', today, '--db', t.config.databasePath);
    expect(code).toBe(1);
    expect(out).toContain(`收款金额不一致：商户订单号 ${a}，账单 ¥49.99，账本 ¥50.00`);
    expect(out).toContain(`账本有、账单没有的收款：商户订单号 ${b}，¥120.00`);
    expect(out).toContain('账单有、账本没有的收款：商户订单号 XYnotours0001');
    expect(out).toContain('账单有、账本没有的退款：商户退款单号 RFnotours1');
    // The omitted order's refund is gone from the bill too.
    expect(out).toContain('账本有、账单没有的退款');
    expect(out.match(/✗/g)).toHaveLength(5);
    const json = await reconcile('--date', today, '--db', t.config.databasePath, '--json');
    expect(json.code).toBe(1);
    const kinds = (JSON.parse(json.out) as { differences: { kind: string }[] }).differences
      .map((d) => d.kind)
      .sort();
    expect(kinds).toEqual([
      'payment_amount_differs',
      'payment_missing_in_bill',
      'payment_missing_in_ledger',
      'refund_missing_in_bill',
      'refund_missing_in_ledger',
    ]);
  });

  it('exits 2 when it cannot compare: a bill whose hash fails, no merchant, no date', async () => {
    t.fake.bill.corruptNextHash();
    const corrupt = await reconcile('--date', today, '--db', t.config.databasePath);
    expect(corrupt.code).toBe(2);
    const { WECHATPAY_MCHID: _m, ...noMerchant } = env;
    const saved = env;
    env = Object.fromEntries(
      Object.entries(noMerchant).filter(([k]) => !k.startsWith('WECHATPAY_')),
    ) as NodeJS.ProcessEnv;
    const none = await reconcile('--date', today, '--db', t.config.databasePath);
    env = saved;
    expect(none.code).toBe(2);
    expect(none.out).toContain('not configured');
    expect((await reconcile('--date', '2026-02-30', '--db', t.config.databasePath)).code).toBe(2);
  });
});

import { createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../../shared/china-date';
import { startFakeWechatPay, type FakeWechatPay } from '../../../server/demo/fake-wechat-pay';
import { WechatPayError, type WechatPayClient } from '../../../server/integrations/wechat-pay/types';
import { createWechatPayClient } from '../../../server/integrations/wechat-pay/wechat-pay-client';

/** Where the fake posts its callbacks: records them and answers `statuses` in turn (then 204). */
interface NotifyReceiver {
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  statuses: number[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<NotifyReceiver> {
  const received: NotifyReceiver['received'] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses.shift() ?? 204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/pay/notify`,
    received,
    statuses,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let fake: FakeWechatPay;
let receiver: NotifyReceiver;
let client: WechatPayClient;
let seq = 0;
const orderNo = () => `XY${Date.now()}${String(++seq).padStart(4, '0')}`;
const HOUR = 3600_000;

async function rejection(p: Promise<unknown>): Promise<WechatPayError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WechatPayError);
  return err as WechatPayError;
}

function jsapi(no = orderNo(), amountFen = 1_000) {
  return client.createJsapiOrder({
    outTradeNo: no,
    description: '心愿基金-春季助学',
    amountFen,
    expiresAt: Date.now() + HOUR,
    attach: 'donation:42',
    payerOpenid: 'oDonor0001',
  });
}

beforeAll(async () => {
  fake = await startFakeWechatPay({ refunds: 'manual', notifyRetryDelaysMs: [10, 10, 10] });
  receiver = await startReceiver();
  client = createWechatPayClient({ ...fake.account, notifyUrl: receiver.url }, { timeoutMs: 2_000 });
}, 60_000);

afterAll(async () => {
  await fake.close();
  await receiver.close();
});

afterEach(() => {
  fake.setAnswerDelay(0);
  fake.setAnswerSignature('valid');
  receiver.received.length = 0;
  receiver.statuses.length = 0;
});

describe('WeChat Pay client against the fake, over HTTP', () => {
  it('creates a JSAPI order with a signed request carrying the documented fields', async () => {
    const no = orderNo();
    const expiresAt = Date.parse('2030-05-01T12:30:00+08:00');
    const { prepayId } = await client.createJsapiOrder({
      outTradeNo: no,
      description: '心愿基金',
      amountFen: 1,
      expiresAt,
      payerOpenid: 'oDonor0001',
    });
    expect(prepayId).toMatch(/^wx[0-9a-f]{32}$/);
    const req = fake.requests.at(-1);
    expect(req).toMatchObject({ method: 'POST', path: '/v3/pay/transactions/jsapi', status: 200 });
    expect(req?.body).toEqual({
      appid: fake.account.appId,
      mchid: fake.account.mchId,
      description: '心愿基金',
      out_trade_no: no,
      time_expire: '2030-05-01T12:30:00+08:00',
      notify_url: receiver.url,
      amount: { total: 1, currency: 'CNY' },
      payer: { openid: 'oDonor0001' },
    });
    // The same order again is the same prepay id (a retried request does not make a second order).
    const again = await client.createJsapiOrder({
      outTradeNo: no,
      description: '心愿基金',
      amountFen: 1,
      expiresAt,
      payerOpenid: 'oDonor0001',
    });
    expect(again.prepayId).toBe(prepayId);
    // The same number with another amount is refused.
    const err = await rejection(
      client.createJsapiOrder({
        outTradeNo: no,
        description: '心愿基金',
        amountFen: 2,
        expiresAt,
        payerOpenid: 'oDonor0001',
      }),
    );
    expect(err).toMatchObject({ kind: 'refused', code: 'INVALID_REQUEST', httpStatus: 400 });
  });

  it('creates an H5 order: an h5_url, the payer IP in scene_info', async () => {
    const no = orderNo();
    const { h5Url } = await client.createH5Order({
      outTradeNo: no,
      description: '心愿份额',
      amountFen: 5_000,
      expiresAt: Date.now() + HOUR,
      payerClientIp: '203.0.113.7',
    });
    expect(h5Url.startsWith(`${fake.baseUrl}/h5pay?prepay_id=`)).toBe(true);
    expect(fake.requests.at(-1)?.body).toMatchObject({
      out_trade_no: no,
      scene_info: { payer_client_ip: '203.0.113.7', h5_info: { type: 'Wap' } },
    });
    // The cashier page shows the amount; paying there marks the order paid.
    const page = await fetch(h5Url);
    expect(await page.text()).toContain('¥50.00');
    const form = new URLSearchParams({ prepay_id: new URL(h5Url).searchParams.get('prepay_id') ?? '' });
    const paid = await fetch(`${fake.baseUrl}/h5pay`, { method: 'POST', body: form });
    expect(await paid.text()).toContain('支付成功');
    expect((await client.queryOrder(no))?.tradeState).toBe('SUCCESS');
  });

  it('signs payment parameters that verify with the merchant public key', async () => {
    const { prepayId } = await jsapi();
    const at = Date.parse('2026-05-01T08:00:00Z');
    const p = client.paymentParams(prepayId, at);
    expect(p).toMatchObject({
      appId: fake.account.appId,
      timeStamp: String(at / 1000),
      package: `prepay_id=${prepayId}`,
      signType: 'RSA',
    });
    expect(p.nonceStr).toMatch(/^[A-Za-z0-9]{32}$/);
    const message = `${fake.account.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
    const key = createPublicKey(fake.merchantPublicKeyPem);
    expect(verify('sha256', Buffer.from(message), key, Buffer.from(p.paySign, 'base64'))).toBe(true);
    expect(verify('sha256', Buffer.from(`${message}x`), key, Buffer.from(p.paySign, 'base64'))).toBe(false);
  });

  it('queries an order before and after payment, and receives the verified callback', async () => {
    const no = orderNo();
    await jsapi(no, 2_345);
    expect(await client.queryOrder(no)).toMatchObject({
      outTradeNo: no,
      tradeState: 'NOTPAY',
      transactionId: null,
      successTime: null,
      amountTotalFen: 2_345,
    });
    const paid = await fake.pay(no, { openid: 'oDonor0001' });
    const t = await client.queryOrder(no);
    expect(t).toEqual({
      appId: fake.account.appId,
      mchId: fake.account.mchId,
      outTradeNo: no,
      transactionId: paid.transactionId,
      tradeState: 'SUCCESS',
      successTime: expect.any(Number) as number,
      amountTotalFen: 2_345,
      payerOpenid: 'oDonor0001',
      attach: 'donation:42',
    });
    expect(Math.abs((t?.successTime ?? 0) - Date.now())).toBeLessThan(5_000);

    expect(receiver.received).toHaveLength(1);
    const cb = receiver.received[0];
    const v = client.verifyNotification(cb?.headers as Record<string, string>, cb?.body ?? '', Date.now());
    expect(v).toEqual({
      ok: true,
      notification: {
        eventId: expect.any(String) as string,
        eventType: 'TRANSACTION.SUCCESS',
        transaction: t,
      },
    });
  });

  it('retries a callback answered non-2xx, and repeats it when asked', async () => {
    const no = orderNo();
    await jsapi(no);
    receiver.statuses.push(500, 503);
    const { deliveries } = await fake.pay(no);
    expect(deliveries.map((d) => d.status)).toEqual([500, 503, 204]);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);

    const lost = orderNo();
    await jsapi(lost);
    receiver.received.length = 0;
    expect((await fake.pay(lost, { notify: false })).deliveries).toEqual([]);
    expect(receiver.received).toHaveLength(0);
    expect((await client.queryOrder(lost))?.tradeState).toBe('SUCCESS');

    const replayed = orderNo();
    await jsapi(replayed);
    const r = await fake.pay(replayed, { times: 5, concurrent: true });
    expect(r.deliveries).toHaveLength(5);
    expect(receiver.received).toHaveLength(5);
  });

  it('answers null for an order WeChat Pay does not know', async () => {
    expect(await client.queryOrder('XYNOSUCHORDER0001')).toBeNull();
    expect(fake.requests.at(-1)).toMatchObject({ status: 404 });
  });

  it('closes an unpaid order (then it is CLOSED); a paid order is refused with ORDERPAID', async () => {
    const open = orderNo();
    await jsapi(open);
    await client.closeOrder(open);
    expect(fake.requests.at(-1)).toMatchObject({ status: 204, body: { mchid: fake.account.mchId } });
    expect((await client.queryOrder(open))?.tradeState).toBe('CLOSED');

    const paid = orderNo();
    await jsapi(paid);
    await fake.pay(paid);
    const err = await rejection(client.closeOrder(paid));
    expect(err).toMatchObject({ kind: 'refused', code: 'ORDERPAID', httpStatus: 400 });
    expect((await client.queryOrder(paid))?.tradeState).toBe('SUCCESS');
  });

  it('refunds against what was paid and already refunded; the refund succeeds on cue with a callback', async () => {
    const no = orderNo();
    await jsapi(no, 10_000);
    const { transactionId } = await fake.pay(no);
    receiver.received.length = 0;

    const r = await client.createRefund({
      outTradeNo: no,
      outRefundNo: `R${no}`,
      refundFen: 6_000,
      totalFen: 10_000,
      reason: '捐赠人申请退款',
    });
    expect(r).toEqual({
      outRefundNo: `R${no}`,
      refundId: expect.stringMatching(/^50\d{30}$/) as string,
      outTradeNo: no,
      transactionId,
      status: 'PROCESSING',
      refundFen: 6_000,
      totalFen: 10_000,
      successTime: null,
    });
    expect(fake.requests.at(-1)?.body).toEqual({
      out_trade_no: no,
      out_refund_no: `R${no}`,
      reason: '捐赠人申请退款',
      notify_url: receiver.url,
      amount: { refund: 6_000, total: 10_000, currency: 'CNY' },
    });
    // More than what is left after the first refund: refused.
    const over = await rejection(
      client.createRefund({
        outTradeNo: no,
        outRefundNo: `S${no}`,
        refundFen: 4_001,
        totalFen: 10_000,
        reason: 'x',
      }),
    );
    expect(over).toMatchObject({ kind: 'refused', code: 'INVALID_REQUEST' });
    // The wrong order total: refused.
    const total = await rejection(
      client.createRefund({
        outTradeNo: no,
        outRefundNo: `T${no}`,
        refundFen: 1,
        totalFen: 9_999,
        reason: 'x',
      }),
    );
    expect(total.code).toBe('INVALID_REQUEST');

    expect((await client.queryRefund(`R${no}`))?.status).toBe('PROCESSING');
    await fake.completeRefund(`R${no}`);
    const done = await client.queryRefund(`R${no}`);
    expect(done).toMatchObject({
      status: 'SUCCESS',
      refundFen: 6_000,
      successTime: expect.any(Number) as number,
    });

    expect(receiver.received).toHaveLength(1);
    const cb = receiver.received[0];
    const v = client.verifyNotification(cb?.headers as Record<string, string>, cb?.body ?? '', Date.now());
    expect(v).toEqual({
      ok: true,
      notification: { eventId: expect.any(String) as string, eventType: 'REFUND.SUCCESS', refund: done },
    });
    expect(await client.queryRefund('RNOSUCHREFUND')).toBeNull();
  });

  it('finishes a refund by itself in auto mode (demo), with its callback', async () => {
    const no = orderNo();
    await jsapi(no, 300);
    await fake.pay(no);
    fake.setRefunds('auto');
    try {
      receiver.received.length = 0;
      const r = await client.createRefund({
        outTradeNo: no,
        outRefundNo: `R${no}`,
        refundFen: 300,
        totalFen: 300,
        reason: '退款',
      });
      expect(r.status).toBe('PROCESSING');
      await expect.poll(() => receiver.received.length).toBe(1);
      expect((await client.queryRefund(`R${no}`))?.status).toBe('SUCCESS');
      expect((await client.queryOrder(no))?.tradeState).toBe('REFUND');
    } finally {
      fake.setRefunds('manual');
    }
  });

  it('refuses a refund of an unpaid order', async () => {
    const no = orderNo();
    await jsapi(no);
    const err = await rejection(
      client.createRefund({
        outTradeNo: no,
        outRefundNo: `R${no}`,
        refundFen: 1,
        totalFen: 1_000,
        reason: 'x',
      }),
    );
    expect(err).toMatchObject({ kind: 'refused', code: 'INVALID_REQUEST' });
  });

  describe('callbacks built by the fake for tests', () => {
    let paidNo: string;
    beforeAll(async () => {
      paidNo = orderNo();
      await jsapi(paidNo, 777);
      await fake.pay(paidNo, { notify: false });
    });
    const verifyBuilt = (n: { headers: Record<string, string>; body: string }) =>
      client.verifyNotification(n.headers, n.body, Date.now());

    it('builds a callback the client accepts, with the resource as given', () => {
      const v = verifyBuilt(
        fake.buildNotification({
          eventType: 'TRANSACTION.SUCCESS',
          resource: fake.transactionResource(paidNo),
        }),
      );
      expect(v.ok && 'transaction' in v.notification && v.notification.transaction).toMatchObject({
        outTradeNo: paidNo,
        tradeState: 'SUCCESS',
        amountTotalFen: 777,
      });
    });

    it.each([
      ['signature', 'BAD_SIGNATURE'],
      ['unknown-serial', 'UNKNOWN_SERIAL'],
      ['old-timestamp', 'TIMESTAMP_OUT_OF_WINDOW'],
      ['future-timestamp', 'TIMESTAMP_OUT_OF_WINDOW'],
      ['ciphertext', 'DECRYPT_FAILED'],
      ['associated-data', 'DECRYPT_FAILED'],
      ['body-after-signing', 'BAD_SIGNATURE'],
      ['missing-headers', 'MISSING_HEADERS'],
    ] as const)('a callback spoilt as %s is refused: %s', (tamper, refusal) => {
      const n = fake.buildNotification(
        { eventType: 'TRANSACTION.SUCCESS', resource: fake.transactionResource(paidNo) },
        { tamper },
      );
      expect(verifyBuilt(n)).toEqual({ ok: false, refusal });
    });

    it('carries changed business fields (mchid, appid, amount, state) verified and decrypted, for the caller to judge', () => {
      const v = verifyBuilt(
        fake.buildNotification({
          eventType: 'TRANSACTION.SUCCESS',
          resource: fake.transactionResource(paidNo, {
            mchid: '1999999999',
            appid: 'wxother',
            amount: { total: 1 },
            trade_state: 'PAYERROR',
          }),
        }),
      );
      expect(v.ok && 'transaction' in v.notification && v.notification.transaction).toMatchObject({
        mchId: '1999999999',
        appId: 'wxother',
        amountTotalFen: 1,
        tradeState: 'PAYERROR',
      });
    });

    it('pay() with amountOverride sends a callback claiming another amount; the order keeps its own', async () => {
      const no = orderNo();
      await jsapi(no, 500);
      await fake.pay(no, { amountOverride: 50_000 });
      const cb = receiver.received.at(-1);
      const v = client.verifyNotification(cb?.headers as Record<string, string>, cb?.body ?? '', Date.now());
      expect(v.ok && 'transaction' in v.notification && v.notification.transaction.amountTotalFen).toBe(
        50_000,
      );
      expect((await client.queryOrder(no))?.amountTotalFen).toBe(500);
    });

    it('delivers a built callback to a URL once', async () => {
      const n = fake.buildNotification({
        eventType: 'TRANSACTION.SUCCESS',
        resource: fake.transactionResource(paidNo),
      });
      receiver.statuses.push(500);
      expect(await fake.deliver(receiver.url, n)).toBe(500);
      expect(receiver.received.at(-1)?.body).toBe(n.body);
    });
  });

  describe('the trade bill', () => {
    let bill: FakeWechatPay;
    let billClient: WechatPayClient;
    const day = '2026-03-15';
    let clock = Date.parse(`${day}T09:00:00+08:00`);

    beforeAll(async () => {
      bill = await startFakeWechatPay({ now: () => clock, refunds: 'manual' });
      billClient = createWechatPayClient(
        { ...bill.account, notifyUrl: 'http://127.0.0.1:9/never' },
        { now: () => clock },
      );
      // Three payments that day (0.01, 100.00 and 123.45 yuan), a refund of 30.00.
      for (const [no, fen] of [
        ['XYBILL000001', 1],
        ['XYBILL000002', 10_000],
        ['XYBILL000003', 12_345],
      ] as const) {
        await billClient.createJsapiOrder({
          outTradeNo: no,
          description: '心愿基金',
          amountFen: fen,
          expiresAt: clock + HOUR,
          payerOpenid: 'oDonor0001',
        });
        await bill.pay(no, { notify: false });
        clock += 60_000;
      }
      await billClient.createRefund({
        outTradeNo: 'XYBILL000002',
        outRefundNo: 'RXYBILL000002',
        refundFen: 3_000,
        totalFen: 10_000,
        reason: '退款',
      });
      await bill.completeRefund('RXYBILL000002', { notify: false });
      // A day later, when the bill is out.
      clock += 24 * HOUR;
    }, 60_000);

    afterAll(() => bill.close());

    it('downloads the day’s bill, checks its hash and turns yuan into fen', async () => {
      const b = await billClient.downloadTradeBill(day);
      expect(
        b.rows.map((r) => [r.outTradeNo, r.tradeState, r.settlementFen, r.refundFen, r.outRefundNo]),
      ).toEqual([
        ['XYBILL000001', 'SUCCESS', 1, 0, null],
        ['XYBILL000002', 'SUCCESS', 10_000, 0, null],
        ['XYBILL000003', 'SUCCESS', 12_345, 0, null],
        ['XYBILL000002', 'REFUND', 0, 3_000, 'RXYBILL000002'],
      ]);
      expect(b.rows[1]).toMatchObject({
        appId: bill.account.appId,
        mchId: bill.account.mchId,
        transactionId: bill.order('XYBILL000002')?.transactionId,
        tradeTime: '2026-03-15 09:01:00',
        feeFen: 60,
      });
      expect(b.totals).toEqual({ count: 4, settlementFen: 22_346, refundFen: 3_000, feeFen: 60 + 74 - 18 });
      const apply = bill.requests.find((r) => r.path === '/v3/bill/tradebill');
      expect(apply?.query).toEqual({ bill_date: day, bill_type: 'ALL' });
      expect(bill.requests.at(-1)).toMatchObject({ path: '/v3/billdownload/file', status: 200 });
    });

    it('shows a row unknown to us and a changed amount when the fake is told to', async () => {
      bill.bill.addRow({ billDate: day, outTradeNo: 'NOTOURS000001', settlementFen: 500 });
      bill.bill.setAmount('XYBILL000003', 12_344);
      const b = await billClient.downloadTradeBill(day);
      expect(b.rows.find((r) => r.outTradeNo === 'XYBILL000003')?.settlementFen).toBe(12_344);
      expect(b.rows.find((r) => r.outTradeNo === 'NOTOURS000001')?.settlementFen).toBe(500);
      expect(b.totals.count).toBe(5);
    });

    it('refuses a file whose SHA1 does not match the hash_value', async () => {
      bill.bill.corruptNextHash();
      const err = await rejection(billClient.downloadTradeBill(day));
      expect(err).toMatchObject({ kind: 'unavailable', code: 'BILL_HASH_MISMATCH' });
    });

    it('answers an empty bill for a day without trades (NO_STATEMENT_EXIST)', async () => {
      const b = await billClient.downloadTradeBill('2026-03-10');
      expect(b).toEqual({ rows: [], totals: { count: 0, settlementFen: 0, refundFen: 0, feeFen: 0 } });
      expect(bill.requests.at(-1)).toMatchObject({ path: '/v3/bill/tradebill', status: 400 });
    });

    it('is the bill of the China-time day', () => {
      expect(chinaDate(Date.parse(`${day}T00:30:00+08:00`))).toBe(day);
      expect(bill.bill.csv('2026-03-14')).toBe('');
    });
  });

  describe('signatures and failures', () => {
    it('the fake refuses a request signed with another key, a stale timestamp or another mchid', async () => {
      const other = await startFakeWechatPay();
      try {
        // Our merchant key, their serial and mchid: the signature does not verify.
        const forged = createWechatPayClient({
          ...other.account,
          merchantPrivateKeyPem: fake.account.merchantPrivateKeyPem,
          notifyUrl: receiver.url,
        });
        const err = await rejection(forged.queryOrder('XY000000001'));
        expect(err).toMatchObject({ kind: 'refused', code: 'SIGN_ERROR', httpStatus: 401 });
        expect(other.requests.at(-1)?.signError).toBe('signature does not verify');

        const stale = createWechatPayClient(
          { ...other.account, notifyUrl: receiver.url },
          { now: () => Date.now() - 10 * 60_000 },
        );
        // The fake refuses the request 10 minutes old; its answer, signed now, is out of our (slow)
        // clock's window too, so the client cannot trust it: unavailable rather than refused.
        expect(await rejection(stale.queryOrder('XY000000001'))).toMatchObject({
          kind: 'unavailable',
          code: 'ANSWER_TIMESTAMP_OUT_OF_WINDOW',
        });
        expect(other.requests.at(-1)?.signError).toBe('timestamp expired');

        const wrongMch = createWechatPayClient({
          ...other.account,
          mchId: '1900000000',
          notifyUrl: receiver.url,
        });
        expect(await rejection(wrongMch.queryOrder('XY000000001'))).toMatchObject({ code: 'SIGN_ERROR' });
        expect(other.requests.at(-1)?.signError).toBe('mchid does not match');
      } finally {
        await other.close();
      }
    }, 60_000);

    it('sends the documented Authorization header', async () => {
      await client.queryOrder('XY000000002');
      const req = fake.requests.at(-1);
      expect(req?.url).toBe(`/v3/pay/transactions/out-trade-no/XY000000002?mchid=${fake.account.mchId}`);
      expect(req?.signError).toBeUndefined();
    });

    it('refuses an answer signed with another key, or not signed at all', async () => {
      const no = orderNo();
      await jsapi(no);
      fake.setAnswerSignature('bad');
      expect(await rejection(client.queryOrder(no))).toMatchObject({
        kind: 'unavailable',
        code: 'ANSWER_BAD_SIGNATURE',
      });
      fake.setAnswerSignature('missing');
      expect(await rejection(client.queryOrder(no))).toMatchObject({
        kind: 'unavailable',
        code: 'ANSWER_MISSING_HEADERS',
      });
    });

    it('refuses an answer signed with a key it does not hold', async () => {
      const no = orderNo();
      await jsapi(no);
      const unknownKey = createWechatPayClient({
        ...fake.account,
        platformKeys: new Map([['PUB_KEY_ID_OTHER', [...fake.account.platformKeys.values()][0] ?? '']]),
        notifyUrl: receiver.url,
      });
      expect(await rejection(unknownKey.queryOrder(no))).toMatchObject({ code: 'ANSWER_UNKNOWN_SERIAL' });
    });

    it('turns a slow answer into unavailable (timeout), a 5xx likewise', async () => {
      const slow = createWechatPayClient({ ...fake.account, notifyUrl: receiver.url }, { timeoutMs: 150 });
      fake.setAnswerDelay(1_000);
      const started = Date.now();
      expect(await rejection(slow.queryOrder('XY000000003'))).toMatchObject({
        kind: 'unavailable',
        code: 'TIMEOUT',
      });
      expect(Date.now() - started).toBeLessThan(900);
      fake.setAnswerDelay(0);

      fake.failNext({ status: 500, code: 'SYSTEM_ERROR', message: '系统异常' }, /out-trade-no/);
      expect(await rejection(client.queryOrder('XY000000003'))).toMatchObject({
        kind: 'unavailable',
        code: 'SYSTEM_ERROR',
        httpStatus: 500,
      });
    });

    it('an unreachable server is unavailable, and no error names the order or keys', async () => {
      const gone = createWechatPayClient(
        { ...fake.account, apiBase: 'http://127.0.0.1:9', notifyUrl: receiver.url },
        { timeoutMs: 1_000 },
      );
      const err = await rejection(
        gone.createJsapiOrder({
          outTradeNo: 'XYSECRETORDER01',
          description: 'secret description',
          amountFen: 1,
          expiresAt: Date.now() + HOUR,
          payerOpenid: 'oSecretOpenid',
        }),
      );
      expect(err.kind).toBe('unavailable');
      const text = `${err.message} ${String(err.stack)}`;
      for (const secret of [
        'XYSECRETORDER01',
        'secret description',
        'oSecretOpenid',
        fake.account.apiV3Key,
      ]) {
        expect(text).not.toContain(secret);
      }
    });

    it('refuses an answer whose body was changed on the way (the signature covers the body)', async () => {
      const changed = createWechatPayClient(
        { ...fake.account, notifyUrl: receiver.url },
        {
          fetch: async (input, init) => {
            const res = await fetch(input, init);
            if (!String(input).includes('/v3/bill/tradebill')) return res;
            // WeChat Pay's signed headers, a download link of someone else's choosing.
            const body = {
              hash_type: 'SHA1',
              hash_value: 'a'.repeat(40),
              download_url: 'http://example.org/x',
            };
            return new Response(JSON.stringify(body), { status: 200, headers: res.headers });
          },
        },
      );
      const no = orderNo();
      await jsapi(no);
      await fake.pay(no);
      const err = await rejection(changed.downloadTradeBill(chinaDate(Date.now())));
      expect(err).toMatchObject({ kind: 'unavailable', code: 'ANSWER_BAD_SIGNATURE' });
      // Nothing was fetched from the link.
      expect(fake.requests.at(-1)?.path).toBe('/v3/bill/tradebill');
    });
  });
});

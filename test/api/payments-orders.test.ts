import { createVerify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PayOrder, PayOrderPage } from '../../shared/schemas/payments';
import { claim, newKey, publishedWish } from '../support/donors';
import {
  campaignGift,
  createOrder,
  getOrder,
  newOrder,
  orderRow,
  outTradeNoOf,
  startPayTestApp,
  wechatDonor,
  type PayTestApp,
} from '../support/payments';
import { addDonor } from '../support/donors';
import { auditEvents, countRows } from '../support/staff';
import { createTestApp } from '../support/test-app';

/**
 * Creating orders: the amount is always ours (the body's for a campaign gift, the wish's price of
 * its shares), bad amounts and keys write nothing, retries create one order, the last share of a
 * wish goes to one order however many race for it.
 */
describe('pay orders', { timeout: 60_000 }, () => {
  let t: PayTestApp;
  beforeAll(async () => {
    t = await startPayTestApp();
  });
  afterAll(() => t.close());

  /** What a refused create must leave untouched. */
  const written = () => ({
    orders: countRows(t, 'pay_orders'),
    keys: countRows(t, 'idempotency_keys'),
    audit: countRows(t, `audit_events WHERE action = 'payment.order_created'`),
    shares: countRows(t, 'wishes WHERE shares_taken > 0'),
    wechatOrders: t.fake.requests.filter((r) => r.path.startsWith('/v3/pay/transactions/')).length,
  });

  it('creates a campaign gift for the amount given, signed for requestPayment with the merchant key', async () => {
    const donor = wechatDonor(t);
    const order = await newOrder(t, donor.token, campaignGift(t, { amountFen: 12345 }));
    expect(order).toMatchObject({
      status: 'created',
      amountFen: 12345,
      refundedFen: 0,
      target: { kind: 'campaign', title: '冬日暖心·点亮微心愿' },
      organization: '云溪县民政局儿童福利股',
      receipt: null,
      demo: true,
    });
    const sent = t.fake.order(outTradeNoOf(t, order.id));
    expect(sent).toMatchObject({ totalFen: 12345, tradeType: 'JSAPI', notifyUrl: t.notifyUrl });
    expect(Date.parse(order.expiresAt) - Date.parse(order.createdAt)).toBe(15 * 60 * 1000);
    if (order.pay?.kind !== 'jsapi') throw new Error('expected JSAPI parameters');
    const p = order.pay.params;
    expect(p.package).toBe(`prepay_id=${sent?.prepayId}`);
    expect(p.appId).toBe(t.fake.account.appId);
    const ok = createVerify('RSA-SHA256')
      .update(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`)
      .verify(t.fake.merchantPublicKeyPem, p.paySign, 'base64');
    expect(ok).toBe(true);
    // The donor reads it back; nobody else finds it.
    expect((await getOrder(t, donor.token, order.id)).json()).toMatchObject({
      id: order.id,
      status: 'created',
    });
    const other = wechatDonor(t, '别人');
    const foreign = await getOrder(t, other.token, order.id);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('PAY_ORDER_NOT_FOUND');
    expect(foreign.body).not.toContain('12345');
    // Answered like a missing order, but the refusal is on record (G11).
    expect(auditEvents(t, 'access.refused').filter((e) => e.target_id === order.id)).toEqual([
      expect.objectContaining({ actor_user_id: other.userId, outcome: 'refused', target_type: 'pay_order' }),
    ]);
  });

  it('prices wish shares from the wish (never the body) and reserves them', async () => {
    const donor = wechatDonor(t);
    const wish = publishedWish(t, { shares: 3 });
    t.sqlite.prepare('UPDATE wishes SET estimated_value_fen = 100 WHERE id = ?').run(wish.id);
    const body = {
      target: { kind: 'wish', wishId: wish.publicId, shares: 2 },
      donorDisplay: 'anonymous',
      channel: 'jsapi',
    };
    const before = written();
    for (const amountFen of [1, 100, 66]) {
      const res = await createOrder(t, donor.token, { ...body, amountFen });
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json().error.details)).toContain('心愿的金额由心愿本身决定');
    }
    const sneaky = await createOrder(t, donor.token, { ...body, target: { ...body.target, amountFen: 1 } });
    expect(sneaky.statusCode).toBe(400);
    expect(written()).toEqual(before);

    const order = await newOrder(t, donor.token, body);
    // ¥1.00 in three shares: floor(100·2/3) − 0 = 66 fen for the first two.
    expect(order).toMatchObject({ amountFen: 66, target: { kind: 'wish', id: wish.publicId, shares: 2 } });
    expect(t.fake.order(outTradeNoOf(t, order.id))?.totalFen).toBe(66);
    expect(t.sqlite.prepare('SELECT shares_taken FROM wishes WHERE id = ?').get(wish.id)).toEqual({
      shares_taken: 2,
    });
    expect(orderRow(t, order.id)).toMatchObject({ shares_held: 1, shares: 2 });
    // The last share is the remainder: 34 fen, so the three add up to the wish's value.
    const last = await newOrder(t, wechatDonor(t).token, { ...body, target: { ...body.target, shares: 1 } });
    expect(last.amountFen).toBe(34);
    const more = await createOrder(t, wechatDonor(t).token, {
      ...body,
      target: { ...body.target, shares: 1 },
    });
    expect(more.statusCode).toBe(409);
    expect(more.json().error.code).toBe('NO_SHARES_LEFT');
  });

  it('refuses bad amounts with 400 and writes nothing (QUALITY.md bad input 1)', async () => {
    const donor = wechatDonor(t);
    const before = written();
    const good = JSON.stringify(campaignGift(t));
    const bodies = [
      ...[-1, 0, 12.345, '100', 99, 5_000_001, null, true, [100], { fen: 100 }].map((amountFen) =>
        JSON.stringify(campaignGift(t, { amountFen: amountFen as number })),
      ),
      good.replace('"amountFen":5000', '"amountFen":1e999'),
      good.replace('"amountFen":5000', '"amountFen":9007199254740993'),
      good.replace('"amountFen":5000', '"amountFen":１００'),
      good.replace('"amountFen":5000', '"amountFen":９９'),
      good.replace('"amountFen":5000,', ''),
    ];
    for (const payload of bodies) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pay/orders',
        headers: {
          authorization: `Bearer ${donor.token}`,
          'idempotency-key': newKey(),
          'content-type': 'application/json',
        },
        payload,
      });
      expect(res.statusCode, payload).toBe(400);
      expect(['VALIDATION_FAILED', 'MALFORMED_JSON'], payload).toContain(res.json().error.code);
    }
    // Mass assignment and forged identity are refused too, not ignored.
    for (const extra of [{ status: 'paid' }, { orgId: 1 }, { openid: 'oX' }, { userId: 1 }]) {
      expect((await createOrder(t, donor.token, { ...campaignGift(t), ...extra })).statusCode).toBe(400);
    }
    // A name unless anonymous; known displays and channels only.
    for (const over of [
      { donorName: null },
      { donorName: '  ' },
      { donorDisplay: 'public' },
      { channel: 'native' },
    ]) {
      expect((await createOrder(t, donor.token, campaignGift(t, over as object))).statusCode).toBe(400);
    }
    expect(written()).toEqual(before);
  });

  it('needs an Idempotency-Key, and refuses one reused for another body (409)', async () => {
    const donor = wechatDonor(t);
    const before = written();
    const missing = await createOrder(t, donor.token, campaignGift(t), null);
    expect([missing.statusCode, missing.json().error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    for (const key of ['', 'short', 'x'.repeat(10_000)]) {
      expect((await createOrder(t, donor.token, campaignGift(t), key)).statusCode).toBe(400);
    }
    expect(written()).toEqual(before);
    const key = newKey();
    const first = await createOrder(t, donor.token, campaignGift(t), key);
    expect(first.statusCode).toBe(201);
    const again = await createOrder(t, donor.token, campaignGift(t), key);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    const other = await createOrder(t, donor.token, campaignGift(t, { amountFen: 100 }), key);
    expect([other.statusCode, other.json().error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    // Another user's use of the same key is their own request.
    const stranger = await createOrder(t, wechatDonor(t).token, campaignGift(t), key);
    expect(stranger.statusCode).toBe(201);
    expect(stranger.json().id).not.toBe(first.json().id);
    expect(written().orders).toBe(before.orders + 2);
  });

  it('makes one order, one WeChat Pay order and identical answers of 50 concurrent identical requests (G5)', async () => {
    const donor = wechatDonor(t);
    const key = newKey();
    const ordersBefore = countRows(t, 'pay_orders');
    const jsapiBefore = t.fake.requests.filter((r) => r.path === '/v3/pay/transactions/jsapi').length;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => createOrder(t, donor.token, campaignGift(t, { amountFen: 777 }), key)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(201));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(countRows(t, 'pay_orders')).toBe(ordersBefore + 1);
    expect(t.fake.requests.filter((r) => r.path === '/v3/pay/transactions/jsapi').length).toBe(
      jsapiBefore + 1,
    );
  });

  it('gives the last share of a wish to exactly one of 50 concurrent orders (G6)', async () => {
    const wish = publishedWish(t, { shares: 4, offset: 1 });
    t.sqlite.prepare('UPDATE wishes SET shares_taken = 3 WHERE id = ?').run(wish.id);
    const donors = Array.from({ length: 50 }, (_, i) => wechatDonor(t, `抢最后一份${i}`));
    const body = {
      target: { kind: 'wish', wishId: wish.publicId, shares: 1 },
      donorDisplay: 'masked',
      donorName: '李',
      channel: 'jsapi',
    };
    const answers = await Promise.all(donors.map((d) => createOrder(t, d.token, body)));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    expect(t.sqlite.prepare('SELECT shares_taken, status FROM wishes WHERE id = ?').get(wish.id)).toEqual({
      shares_taken: 4,
      status: 'claimed',
    });
    expect(countRows(t, `pay_orders WHERE wish_id = ${wish.id}`)).toBe(1);
  });

  it('will not take money for a wish the donor has claimed to bring a gift for (409)', async () => {
    const donor = wechatDonor(t);
    const wish = publishedWish(t, { shares: 2, offset: 2 });
    expect((await claim(t, donor.token, wish.publicId, { shares: 1 })).statusCode).toBe(201);
    const res = await createOrder(t, donor.token, {
      target: { kind: 'wish', wishId: wish.publicId, shares: 1 },
      donorDisplay: 'anonymous',
      channel: 'jsapi',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'GIFT_CLAIM_HELD',
      message: expect.stringContaining('退出认领'),
    });
  });

  it('refuses a campaign that is over or unknown, and JSAPI for a donor without WeChat; H5 pays in a browser', async () => {
    const donor = wechatDonor(t);
    const before = written();
    const unknown = await createOrder(
      t,
      donor.token,
      campaignGift(t, { target: { kind: 'campaign', campaignId: 'AAAAAAAAAAAAAAAA' } }),
    );
    expect(unknown.json().error.code).toBe('CAMPAIGN_NOT_FOUND');
    const phoneDonor = addDonor(t, '手机用户');
    const jsapi = await createOrder(t, phoneDonor.token, campaignGift(t));
    expect([jsapi.statusCode, jsapi.json().error.code]).toEqual([422, 'PAY_OPENID_MISSING']);
    const campaign = t.sqlite.prepare('SELECT id, ends_at FROM campaigns ORDER BY id LIMIT 1').get() as {
      id: number;
      ends_at: number;
    };
    t.sqlite.prepare('UPDATE campaigns SET ends_at = ? WHERE id = ?').run(Date.now() - 1000, campaign.id);
    const ended = await createOrder(t, donor.token, campaignGift(t));
    t.sqlite.prepare('UPDATE campaigns SET ends_at = ? WHERE id = ?').run(campaign.ends_at, campaign.id);
    expect([ended.statusCode, ended.json().error.code]).toEqual([422, 'CAMPAIGN_NOT_ACTIVE']);
    expect(written()).toEqual(before);

    const h5 = await newOrder(t, phoneDonor.token, campaignGift(t, { channel: 'h5' }));
    expect(h5.pay).toMatchObject({ kind: 'h5', h5Url: expect.stringContaining(t.fake.baseUrl) });
    expect(t.fake.order(outTradeNoOf(t, h5.id))).toMatchObject({
      tradeType: 'MWEB',
      payerClientIp: '127.0.0.1',
    });
  });

  it('answers 503 when WeChat Pay is unreachable; a retry with the same key carries on with the same order', async () => {
    const donor = wechatDonor(t);
    const key = newKey();
    t.fake.failNext({ status: 500, code: 'SYSTEM_ERROR' }, /jsapi/);
    const down = await createOrder(t, donor.token, campaignGift(t, { amountFen: 888 }), key);
    expect([down.statusCode, down.json().error.code]).toEqual([503, 'PAY_UNAVAILABLE']);
    const retry = await createOrder(t, donor.token, campaignGift(t, { amountFen: 888 }), key);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().pay.kind).toBe('jsapi');
    expect(countRows(t, `pay_orders WHERE amount_fen = 888`)).toBe(1);
  });

  it('lists the donor’s own orders, newest first, page by page', async () => {
    const donor = wechatDonor(t);
    const ids: string[] = [];
    for (const amountFen of [100, 200, 300])
      ids.push((await newOrder(t, donor.token, campaignGift(t, { amountFen }))).id);
    const page = async (url: string) =>
      (
        await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${donor.token}` } })
      ).json() as PayOrderPage;
    const first = await page('/api/v1/me/pay-orders?limit=2');
    expect(first.items.map((o: PayOrder) => o.id)).toEqual([ids[2], ids[1]]);
    const second = await page(`/api/v1/me/pay-orders?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((o: PayOrder) => o.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/pay-orders?limit=1000',
      headers: { authorization: `Bearer ${donor.token}` },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('without WeChat Pay', { timeout: 60_000 }, () => {
  it('says online giving is not open (503), and there is no simulate step (404)', async () => {
    const t = await createTestApp({ demo: true });
    try {
      const donor = addDonor(t, '无支付', { openid: 'o-none' });
      const res = await createOrder(t, donor.token, campaignGift(t));
      expect([res.statusCode, res.json().error.code]).toEqual([503, 'PAY_NOT_CONFIGURED']);
      expect(countRows(t, 'pay_orders')).toBe(0);
      const sim = await t.app.inject({
        method: 'POST',
        url: '/api/v1/demo/pay/orders/AAAAAAAAAAAAAAAA/simulate',
        headers: { authorization: `Bearer ${donor.token}` },
      });
      expect(sim.statusCode).toBe(404);
      const notify = await t.app.inject({ method: 'POST', url: '/api/v1/pay/notify', payload: '{}' });
      expect(notify.statusCode).toBe(404);
      expect(notify.json()).toEqual({ code: 'FAIL', message: 'WeChat Pay is not configured' });
    } finally {
      await t.close();
    }
  });
});

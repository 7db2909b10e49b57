import { createCipheriv, createDecipheriv, createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptResource,
  encryptResource,
  verifyNotification,
} from '../../server/integrations/wechat-pay/notification';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = 'PUB_KEY_ID_0119000001092026010100000001';
const API_V3_KEY = 'Xinyuan0Test1ApiV3Key2For3AEAD4X';
const NOW = Date.parse('2026-05-01T12:00:00+08:00');
const account = { apiV3Key: API_V3_KEY, platformKeys: new Map([[SERIAL, platform.publicKey]]) };

const transaction = {
  appid: 'wxd678efh567hg6787',
  mchid: '1230000109',
  out_trade_no: 'XY20260501000001',
  transaction_id: '1217752501201407033233368018',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'CMC',
  attach: 'donation:42',
  success_time: '2026-05-01T11:59:30+08:00',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
};
const refund = {
  mchid: '1230000109',
  out_trade_no: 'XY20260501000001',
  transaction_id: '1217752501201407033233368018',
  out_refund_no: 'RXY20260501000001',
  refund_id: '50000000382019052709732678859',
  refund_status: 'SUCCESS',
  success_time: '2026-05-01T11:59:50+08:00',
  user_received_account: '招商银行信用卡0403',
  amount: { total: 100, refund: 40, payer_total: 100, payer_refund: 40 },
};

/** A callback built independently of the module: AES-256-GCM by hand, signed with node's Sign. */
function callback(opts: {
  eventType?: string;
  resource?: unknown;
  plaintext?: string;
  associatedData?: string;
  signedAssociatedData?: string;
  key?: string;
  algorithm?: string;
  timestamp?: number;
  serial?: string;
  signer?: typeof platform.privateKey;
  flipCiphertext?: boolean;
}) {
  const nonce = 'fdasflkja484w';
  const ad = opts.associatedData ?? 'transaction';
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(opts.key ?? API_V3_KEY), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(ad));
  const encrypted = Buffer.concat([
    cipher.update(opts.plaintext ?? JSON.stringify(opts.resource ?? transaction)),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  if (opts.flipCiphertext) encrypted[3] = (encrypted[3] ?? 0) ^ 0x80;
  const body = JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: '2026-05-01T12:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: opts.eventType ?? 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: opts.algorithm ?? 'AEAD_AES_256_GCM',
      ciphertext: encrypted.toString('base64'),
      associated_data: opts.signedAssociatedData ?? ad,
      nonce,
    },
  });
  const timestamp = String(opts.timestamp ?? NOW / 1000);
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\nWfl9Ayy8T6B4hZMWOrhgEUKkrSpL4Cz5\n${body}\n`)
    .sign(opts.signer ?? platform.privateKey, 'base64');
  return {
    headers: {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': 'Wfl9Ayy8T6B4hZMWOrhgEUKkrSpL4Cz5',
      'wechatpay-signature': signature,
      'wechatpay-serial': opts.serial ?? SERIAL,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    } as Record<string, string | undefined>,
    body,
  };
}

describe('AEAD_AES_256_GCM resources', () => {
  it('encrypts to ciphertext || 16-byte tag, readable by a plain AES-256-GCM decipher', () => {
    const c = Buffer.from(encryptResource(API_V3_KEY, '{"a":1}', 'abcdefghijkl', 'transaction'), 'base64');
    expect(c).toHaveLength(7 + 16);
    const d = createDecipheriv('aes-256-gcm', Buffer.from(API_V3_KEY), Buffer.from('abcdefghijkl'));
    d.setAAD(Buffer.from('transaction'));
    d.setAuthTag(c.subarray(7));
    expect(Buffer.concat([d.update(c.subarray(0, 7)), d.final()]).toString()).toBe('{"a":1}');
  });

  it('decrypts a round trip and refuses another key, nonce or associated data', () => {
    const ciphertext = encryptResource(API_V3_KEY, '心愿', 'n0nce', 'refund');
    const r = { algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce: 'n0nce', associated_data: 'refund' };
    expect(decryptResource(API_V3_KEY, r)).toBe('心愿');
    expect(decryptResource('Y'.repeat(32), r)).toBeNull();
    expect(decryptResource(API_V3_KEY, { ...r, nonce: 'n0ncf' })).toBeNull();
    expect(decryptResource(API_V3_KEY, { ...r, associated_data: 'transaction' })).toBeNull();
    expect(decryptResource(API_V3_KEY, { ...r, algorithm: 'AES_128_CBC' })).toBeNull();
    expect(decryptResource(API_V3_KEY, { ...r, ciphertext: 'AAAA' })).toBeNull();
  });
});

describe('verifying a callback', () => {
  it('verifies and decrypts a TRANSACTION.SUCCESS callback into a PayTransaction', () => {
    const { headers, body } = callback({});
    expect(verifyNotification(account, headers, body, NOW)).toEqual({
      ok: true,
      notification: {
        eventId: 'EV-2018022511223320873',
        eventType: 'TRANSACTION.SUCCESS',
        transaction: {
          appId: 'wxd678efh567hg6787',
          mchId: '1230000109',
          outTradeNo: 'XY20260501000001',
          transactionId: '1217752501201407033233368018',
          tradeState: 'SUCCESS',
          successTime: Date.parse('2026-05-01T03:59:30Z'),
          amountTotalFen: 100,
          payerOpenid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
          attach: 'donation:42',
        },
      },
    });
  });

  it('verifies a REFUND.SUCCESS callback into a PayRefund', () => {
    const { headers, body } = callback({
      eventType: 'REFUND.SUCCESS',
      resource: refund,
      associatedData: 'refund',
    });
    expect(verifyNotification(account, headers, body, NOW)).toEqual({
      ok: true,
      notification: {
        eventId: 'EV-2018022511223320873',
        eventType: 'REFUND.SUCCESS',
        refund: {
          outRefundNo: 'RXY20260501000001',
          refundId: '50000000382019052709732678859',
          outTradeNo: 'XY20260501000001',
          transactionId: '1217752501201407033233368018',
          status: 'SUCCESS',
          refundFen: 40,
          totalFen: 100,
          successTime: Date.parse('2026-05-01T03:59:50Z'),
        },
      },
    });
    const abnormal = callback({
      eventType: 'REFUND.ABNORMAL',
      resource: { ...refund, refund_status: 'ABNORMAL', success_time: undefined },
    });
    const v = verifyNotification(account, abnormal.headers, abnormal.body, NOW);
    expect(v.ok && v.notification.eventType === 'REFUND.ABNORMAL' && v.notification.refund.status).toBe(
      'ABNORMAL',
    );
  });

  it('passes a non-SUCCESS trade state through for the caller to ignore', () => {
    const { headers, body } = callback({
      resource: {
        ...transaction,
        trade_state: 'PAYERROR',
        transaction_id: undefined,
        success_time: undefined,
      },
    });
    const v = verifyNotification(account, headers, body, NOW);
    expect(v.ok && 'transaction' in v.notification && v.notification.transaction).toMatchObject({
      tradeState: 'PAYERROR',
      successTime: null,
      transactionId: null,
    });
  });

  it.each([
    ['no signature header', () => ({ ...callback({}), drop: 'wechatpay-signature' }), 'MISSING_HEADERS'],
    ['no serial header', () => ({ ...callback({}), drop: 'wechatpay-serial' }), 'MISSING_HEADERS'],
    ['no timestamp header', () => ({ ...callback({}), drop: 'wechatpay-timestamp' }), 'MISSING_HEADERS'],
    ['no nonce header', () => ({ ...callback({}), drop: 'wechatpay-nonce' }), 'MISSING_HEADERS'],
    ['a 6-minute-old timestamp', () => callback({ timestamp: NOW / 1000 - 360 }), 'TIMESTAMP_OUT_OF_WINDOW'],
    [
      'a timestamp 6 minutes ahead',
      () => callback({ timestamp: NOW / 1000 + 360 }),
      'TIMESTAMP_OUT_OF_WINDOW',
    ],
    [
      'an unknown serial',
      () => callback({ serial: 'PUB_KEY_ID_0000000000000000000000000000' }),
      'UNKNOWN_SERIAL',
    ],
    ['a signature by another key', () => callback({ signer: other.privateKey }), 'BAD_SIGNATURE'],
    ['a modified ciphertext', () => callback({ flipCiphertext: true }), 'DECRYPT_FAILED'],
    ['modified associated data', () => callback({ signedAssociatedData: 'transactiom' }), 'DECRYPT_FAILED'],
    ['another APIv3 key', () => callback({ key: 'Z'.repeat(32) }), 'DECRYPT_FAILED'],
    ['another algorithm', () => callback({ algorithm: 'AEAD_AES_128_GCM' }), 'BAD_BODY'],
    ['a resource that is not JSON', () => callback({ plaintext: 'not json' }), 'BAD_BODY'],
    [
      'a resource without its order number',
      () => callback({ resource: { ...transaction, out_trade_no: undefined } }),
      'BAD_BODY',
    ],
    [
      'a paid resource without an amount',
      () => callback({ resource: { ...transaction, amount: {} } }),
      'BAD_BODY',
    ],
    [
      'a fractional amount',
      () => callback({ resource: { ...transaction, amount: { total: 1.5 } } }),
      'BAD_BODY',
    ],
    ['an unknown event type', () => callback({ eventType: 'TRANSACTION.REFUNDED' }), 'BAD_BODY'],
  ])('refuses %s', (_name, make, refusal) => {
    const c = make() as ReturnType<typeof callback> & { drop?: string };
    const headers = { ...c.headers };
    if (c.drop) delete headers[c.drop];
    expect(verifyNotification(account, headers, c.body, NOW)).toEqual({ ok: false, refusal });
  });

  it('checks the raw body: the same JSON re-serialized does not verify', () => {
    const { headers, body } = callback({});
    const reserialized = JSON.stringify(JSON.parse(body), null, 1);
    expect(verifyNotification(account, headers, reserialized, NOW)).toEqual({
      ok: false,
      refusal: 'BAD_SIGNATURE',
    });
  });

  it('refuses a signed body that is not JSON', () => {
    const timestamp = String(NOW / 1000);
    const body = 'hello';
    const signature = createSign('RSA-SHA256')
      .update(`${timestamp}\nn\n${body}\n`)
      .sign(platform.privateKey, 'base64');
    const headers = {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': 'n',
      'wechatpay-signature': signature,
      'wechatpay-serial': SERIAL,
    };
    expect(verifyNotification(account, headers, body, NOW)).toEqual({ ok: false, refusal: 'BAD_BODY' });
  });
});

import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  checkWechatpaySignature,
  headerValue,
  nonceStr,
  parseAuthorization,
  payMessage,
  rsaSign,
  rsaVerify,
} from '../../server/integrations/wechat-pay/sign';

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = 'PUB_KEY_ID_0119000001092026010100000001';
const NOW = Date.parse('2026-05-01T12:00:00+08:00');
const TS = String(NOW / 1000);

/** An independent signer: node's streaming Sign API, the same primitive the docs name (SHA256withRSA). */
function referenceSign(message: string, key = merchant.privateKey): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(key, 'base64');
}

describe('WeChat Pay request signatures', () => {
  it('signs SHA256withRSA (PKCS#1 v1.5, deterministic) exactly as a reference signer does', () => {
    const message =
      'POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"a":"心愿"}\n';
    const sig = rsaSign(message, merchant.privateKey);
    expect(sig).toBe(referenceSign(message));
    expect(Buffer.from(sig, 'base64')).toHaveLength(256);
    expect(createVerify('RSA-SHA256').update(message).verify(merchant.publicKey, sig, 'base64')).toBe(true);
    expect(rsaVerify(message, sig, merchant.publicKey)).toBe(true);
    expect(rsaVerify(`${message} `, sig, merchant.publicKey)).toBe(false);
    expect(rsaVerify(message, sig, platform.publicKey)).toBe(false);
    expect(rsaVerify(message, 'not base64!', merchant.publicKey)).toBe(false);
    expect(rsaVerify(message, '', merchant.publicKey)).toBe(false);
  });

  it('builds the Authorization header over METHOD\\nURL\\ntimestamp\\nnonce\\nbody\\n', () => {
    const body = '{"mchid":"1900000109"}';
    const header = authorizationHeader({
      mchId: '1900000109',
      serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      privateKey: merchant.privateKey,
      method: 'POST',
      url: '/v3/pay/transactions/out-trade-no/XY0001/close',
      body,
      timestamp: 1554208460,
      nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
    });
    const m =
      /^WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="([A-Za-z0-9+/=]+)",timestamp="1554208460",serial_no="5157F09EFDC096DE15EBE81A47057A7232F1B8E1"$/.exec(
        header,
      );
    expect(m).not.toBeNull();
    const expected = referenceSign(
      `POST\n/v3/pay/transactions/out-trade-no/XY0001/close\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n${body}\n`,
    );
    expect(m?.[1]).toBe(expected);
    expect(parseAuthorization(header)).toEqual({
      mchid: '1900000109',
      nonce_str: '593BEC0C930BF1AFEB40B4A08C8FB242',
      signature: expected,
      timestamp: '1554208460',
      serial_no: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    });
  });

  it('signs a GET with an empty body as an empty line, the query included in the URL', () => {
    const header = authorizationHeader({
      mchId: '1900000109',
      serial: 'AB',
      privateKey: merchant.privateKey,
      method: 'GET',
      url: '/v3/pay/transactions/out-trade-no/XY0001?mchid=1900000109',
      body: '',
      timestamp: 1554208460,
      nonce: 'N',
    });
    expect(parseAuthorization(header)?.signature).toBe(
      referenceSign('GET\n/v3/pay/transactions/out-trade-no/XY0001?mchid=1900000109\n1554208460\nN\n\n'),
    );
  });

  it.each([
    ['another scheme', 'Bearer abc'],
    ['a missing part', 'WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="n",signature="s",timestamp="1"'],
    [
      'trailing garbage',
      'WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="n",signature="s",timestamp="1",serial_no="x" junk',
    ],
    ['nothing', undefined],
  ])('parses no Authorization from %s', (_name, header) => {
    expect(parseAuthorization(header)).toBeNull();
  });

  it('makes 32-character alphanumeric nonces that differ', () => {
    const a = nonceStr();
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(nonceStr()).not.toBe(a);
    expect(nonceStr(12)).toHaveLength(12);
  });

  it('signs payment parameters over appId\\ntimeStamp\\nnonceStr\\npackage\\n', () => {
    const message = payMessage(
      'wx8888888888888888',
      '1414561699',
      '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
      'prepay_id=wx201410272009395522657a690389285100',
    );
    expect(message).toBe(
      'wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n',
    );
  });
});

describe('WeChat Pay answer signatures (Wechatpay-* headers)', () => {
  const body = '{"prepay_id":"wx26112221580621e9b071c00d9e093b0000"}';
  const signed = (over: Record<string, string | undefined> = {}, key = platform.privateKey) => ({
    'wechatpay-timestamp': TS,
    'wechatpay-nonce': 'c5ac7061fccab6bf3e254dcf98995b8c',
    'wechatpay-signature': referenceSign(`${TS}\nc5ac7061fccab6bf3e254dcf98995b8c\n${body}\n`, key),
    'wechatpay-serial': SERIAL,
    ...over,
  });
  const keys = new Map([[SERIAL, platform.publicKey]]);

  it('accepts a valid signature, header names in any case', () => {
    expect(checkWechatpaySignature(signed(), body, keys, NOW)).toEqual({ ok: true, serial: SERIAL });
    const upper = Object.fromEntries(Object.entries(signed()).map(([k, v]) => [k.toUpperCase(), v]));
    expect(checkWechatpaySignature(upper, body, keys, NOW).ok).toBe(true);
    expect(checkWechatpaySignature(new Headers(signed()), body, keys, NOW).ok).toBe(true);
  });

  it.each([
    ['a missing timestamp', { 'wechatpay-timestamp': undefined }, 'MISSING_HEADERS'],
    ['a missing nonce', { 'wechatpay-nonce': undefined }, 'MISSING_HEADERS'],
    ['a missing signature', { 'wechatpay-signature': undefined }, 'MISSING_HEADERS'],
    ['a missing serial', { 'wechatpay-serial': undefined }, 'MISSING_HEADERS'],
    ['a timestamp that is not a number', { 'wechatpay-timestamp': 'soon' }, 'TIMESTAMP_OUT_OF_WINDOW'],
    ['an unknown serial', { 'wechatpay-serial': 'PUB_KEY_ID_OTHER' }, 'UNKNOWN_SERIAL'],
    ['another nonce', { 'wechatpay-nonce': 'c5ac7061fccab6bf3e254dcf98995b8d' }, 'BAD_SIGNATURE'],
  ])('refuses %s', (_name, over, refusal) => {
    expect(checkWechatpaySignature(signed(over), body, keys, NOW)).toEqual({ ok: false, refusal });
  });

  it('refuses a signature by another key, and a body changed by a single space', () => {
    expect(checkWechatpaySignature(signed({}, merchant.privateKey), body, keys, NOW)).toEqual({
      ok: false,
      refusal: 'BAD_SIGNATURE',
    });
    expect(checkWechatpaySignature(signed(), body.replace(':', ': '), keys, NOW)).toEqual({
      ok: false,
      refusal: 'BAD_SIGNATURE',
    });
  });

  it('allows five minutes either way, not a second more', () => {
    const at = (deltaS: number) => checkWechatpaySignature(signed(), body, keys, NOW + deltaS * 1000);
    expect(at(300).ok).toBe(true);
    expect(at(-300).ok).toBe(true);
    expect(at(301)).toEqual({ ok: false, refusal: 'TIMESTAMP_OUT_OF_WINDOW' });
    expect(at(-301)).toEqual({ ok: false, refusal: 'TIMESTAMP_OUT_OF_WINDOW' });
  });

  it('takes a header repeated as missing (an array of two values)', () => {
    expect(headerValue({ 'Wechatpay-Serial': ['a', 'b'] }, 'wechatpay-serial')).toBeUndefined();
    expect(headerValue({ 'Wechatpay-Serial': ['a'] }, 'wechatpay-serial')).toBe('a');
  });
});

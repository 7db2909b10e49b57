import { generateKeyPairSync, sign, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

describe('config from the environment', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.databasePath).toBe(path.resolve(__dirname, '../../data/xinyuan.db'));
    expect(c.demo).toBe(true);
    expect(c.logLevel).toBe('info');
  });

  it('turns demo mode off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ DEMO: 'off' }).demo).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
  ])('refuses %o, naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(name);
  });

  it('sets server limits: no endless requests, small JSON bodies', () => {
    const { limits } = loadConfig({});
    expect(limits.requestTimeoutMs).toBeGreaterThan(0);
    expect(limits.connectionTimeoutMs).toBeGreaterThan(0);
    expect(limits.bodyLimitBytes).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('WeChat Pay config from the environment', () => {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchantPem = merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const platformPem = platform.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const full = {
    WECHATPAY_MCHID: '1900000109',
    WECHATPAY_APPID: 'wx1234567890abcdef',
    WECHATPAY_MERCHANT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    WECHATPAY_MERCHANT_KEY: merchantPem,
    WECHATPAY_API_V3_KEY: 'a'.repeat(16) + 'B'.repeat(16),
    WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000',
    WECHATPAY_PUBLIC_KEY: platformPem,
  };

  it('is off when none of its variables is set', () => {
    expect(loadConfig({}).wechatPay).toBeNull();
    expect(loadConfig({ WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' }).wechatPay).toBeNull();
  });

  it('reads a complete merchant account, keys given as PEM text', () => {
    const c = loadConfig(full).wechatPay;
    expect(c).toMatchObject({
      apiBase: 'https://api.mch.weixin.qq.com',
      mchId: '1900000109',
      appId: 'wx1234567890abcdef',
      merchantSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      apiV3Key: full.WECHATPAY_API_V3_KEY,
      notifyUrl: null,
    });
    expect(c?.merchantPrivateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect([...(c?.platformKeys.keys() ?? [])]).toEqual([full.WECHATPAY_PUBLIC_KEY_ID]);
    // The key given is the key used: a signature by the platform verifies with the stored PEM.
    const sig = sign('sha256', Buffer.from('m'), platform.privateKey);
    const pem = c?.platformKeys.get(full.WECHATPAY_PUBLIC_KEY_ID) ?? '';
    expect(verify('sha256', Buffer.from('m'), pem, sig)).toBe(true);
  });

  it('reads keys from files, takes the app id from WECHAT_APPID and derives the notify URL', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxpay-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'apiclient_key.pem'), merchantPem);
      fs.writeFileSync(path.join(dir, 'pub_key.pem'), platformPem);
      const { WECHATPAY_APPID: _appId, ...rest } = full;
      const c = loadConfig({
        ...rest,
        WECHAT_APPID: 'wxfromlogin',
        WECHATPAY_MERCHANT_KEY: path.join(dir, 'apiclient_key.pem'),
        WECHATPAY_PUBLIC_KEY: path.join(dir, 'pub_key.pem'),
        WECHATPAY_API_BASE: 'http://127.0.0.1:9999/',
        PUBLIC_BASE_URL: 'https://xinyuan.example.org/',
      }).wechatPay;
      expect(c?.appId).toBe('wxfromlogin');
      expect(c?.apiBase).toBe('http://127.0.0.1:9999');
      expect(c?.notifyUrl).toBe('https://xinyuan.example.org/api/v1/pay/notify');
      expect(c?.merchantPrivateKeyPem).toContain('BEGIN PRIVATE KEY');
      expect(
        loadConfig({ ...full, WECHATPAY_NOTIFY_URL: 'https://pay.example.org/api/v1/pay/notify' }).wechatPay
          ?.notifyUrl,
      ).toBe('https://pay.example.org/api/v1/pay/notify');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a partial account, naming every missing variable', () => {
    const partial = { WECHATPAY_MCHID: '1900000109', WECHATPAY_API_V3_KEY: full.WECHATPAY_API_V3_KEY };
    expect(() => loadConfig(partial)).toThrowError(ConfigError);
    let message = '';
    try {
      loadConfig(partial);
    } catch (err) {
      message = (err as Error).message;
    }
    for (const name of [
      'WECHATPAY_APPID',
      'WECHATPAY_MERCHANT_SERIAL',
      'WECHATPAY_MERCHANT_KEY',
      'WECHATPAY_PUBLIC_KEY_ID',
      'WECHATPAY_PUBLIC_KEY',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('WECHATPAY_MCHID');
    expect(() => loadConfig({ WECHATPAY_NOTIFY_URL: 'https://x.example.org/n' })).toThrowError(
      'WECHATPAY_MCHID',
    );
  });

  it.each([
    [{ WECHATPAY_API_V3_KEY: 'x'.repeat(31) }, 'WECHATPAY_API_V3_KEY'],
    [{ WECHATPAY_API_V3_KEY: 'x'.repeat(33) }, 'WECHATPAY_API_V3_KEY'],
    [{ WECHATPAY_MCHID: 'abc' }, 'WECHATPAY_MCHID'],
    [{ WECHATPAY_NOTIFY_URL: 'ftp://x.example.org/n' }, 'WECHATPAY_NOTIFY_URL'],
    [{ WECHATPAY_MERCHANT_KEY: '/no/such/apiclient_key.pem' }, 'WECHATPAY_MERCHANT_KEY'],
    [{ WECHATPAY_MERCHANT_KEY: platformPem }, 'WECHATPAY_MERCHANT_KEY'],
    [
      { WECHATPAY_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----' },
      'WECHATPAY_PUBLIC_KEY',
    ],
  ])('refuses %o, naming the variable', (bad, name) => {
    expect(() => loadConfig({ ...full, ...bad })).toThrowError(ConfigError);
    expect(() => loadConfig({ ...full, ...bad })).toThrowError(name);
  });
});

import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { TencentSmsAccount } from './integrations/sms/tencent-sms';
import type { WechatPayAccount } from './integrations/wechat-pay/types';

const ROOT = path.resolve(__dirname, '..');

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

/** Environment → typed config. The only place that reads process.env on the server. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/xinyuan.db'),
  DEMO: flag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  H5_DIR: z.string().min(1).default('dist/h5'),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_APPID: z.string().min(1).optional(),
  WECHAT_SECRET: z.string().min(1).optional(),
  SMS_PROVIDER: z.enum(['console', 'tencent', 'off']).optional(),
  TENCENT_SMS_BASE: z.url().default('https://sms.tencentcloudapi.com'),
  TENCENT_SECRET_ID: z.string().min(1).optional(),
  TENCENT_SECRET_KEY: z.string().min(1).optional(),
  TENCENT_SMS_REGION: z.string().min(1).default('ap-guangzhou'),
  TENCENT_SMS_SDK_APP_ID: z.string().min(1).optional(),
  TENCENT_SMS_SIGN_NAME: z.string().min(1).optional(),
  TENCENT_SMS_TEMPLATE_ID: z.string().min(1).optional(),
  TRUST_PROXY: flag.default(false),
  CLAIMS_MAX_ACTIVE: z.coerce.number().int().min(1).max(100).default(5),
  MEDIA_DIR: z.string().min(1).default('data/media'),
  MEDIA_URL_SECRET: z.string().min(32).optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  WECHAT_PUSH_TOKEN: z.string().min(3).max(32).optional(),
  WECHAT_TEMPLATE_CLAIM: z.string().min(1).optional(),
  WECHAT_TEMPLATE_PROGRESS: z.string().min(1).optional(),
  WECHAT_TEMPLATE_REMINDER: z.string().min(1).optional(),
  LEDGER_SIGNING_KEY: z.string().min(1).optional(),
  LEDGER_LOG_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, 'a name without spaces or +, e.g. example.org/ledger')
    .default('xinyuan.local/ledger'),
  REPORT_FONT_PATH: z.string().min(1).default('/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc'),
  WECHATPAY_API_BASE: z.url().default('https://api.mch.weixin.qq.com'),
  WECHATPAY_MCHID: z
    .string()
    .regex(/^\d{1,32}$/, 'digits only')
    .optional(),
  WECHATPAY_APPID: z.string().min(1).optional(),
  WECHATPAY_MERCHANT_SERIAL: z
    .string()
    .regex(/^[0-9A-Fa-f]{1,64}$/, 'hex digits')
    .optional(),
  WECHATPAY_MERCHANT_KEY: z.string().min(1).optional(),
  WECHATPAY_API_V3_KEY: z
    .string()
    .regex(/^[\x21-\x7e]{32}$/, 'exactly 32 ASCII characters (the APIv3 key)')
    .optional(),
  WECHATPAY_PUBLIC_KEY_ID: z.string().min(1).max(64).optional(),
  WECHATPAY_PUBLIC_KEY: z.string().min(1).optional(),
  WECHATPAY_NOTIFY_URL: z.url({ protocol: /^https?$/ }).optional(),
});

const TENCENT_KEYS = [
  'TENCENT_SECRET_ID',
  'TENCENT_SECRET_KEY',
  'TENCENT_SMS_SDK_APP_ID',
  'TENCENT_SMS_SIGN_NAME',
  'TENCENT_SMS_TEMPLATE_ID',
] as const;

/** Needed (all of them) for WeChat Pay; WECHATPAY_APPID falls back to WECHAT_APPID. */
const WECHATPAY_REQUIRED = [
  'WECHATPAY_MCHID',
  'WECHATPAY_APPID',
  'WECHATPAY_MERCHANT_SERIAL',
  'WECHATPAY_MERCHANT_KEY',
  'WECHATPAY_API_V3_KEY',
  'WECHATPAY_PUBLIC_KEY_ID',
  'WECHATPAY_PUBLIC_KEY',
] as const;
/** Any of these set turns WeChat Pay on (and then every required one must be set). */
const WECHATPAY_SWITCHES = [...WECHATPAY_REQUIRED, 'WECHATPAY_NOTIFY_URL'] as const;

/**
 * The merchant account from the environment. `notifyUrl` is WECHATPAY_NOTIFY_URL, else
 * PUBLIC_BASE_URL + `/api/v1/pay/notify`, else null (then the server must be given one when it
 * builds its services, see `createServices`).
 */
export type WechatPayConfig = Omit<WechatPayAccount, 'notifyUrl'> & { notifyUrl: string | null };

export type SmsConfig =
  { provider: 'console' } | ({ provider: 'tencent' } & TencentSmsAccount) | { provider: 'off' };

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Absolute path of the SQLite file. */
  databasePath: string;
  /** Demo mode: seed demo data into an empty database (later: demo logins). */
  demo: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Absolute path of the built H5 app served at `/`. */
  h5Dir: string;
  /** Phone login codes: printed to the console in development, Tencent Cloud SMS in production. */
  sms: SmsConfig;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (otherwise never). */
  trustProxy: boolean;
  /** Mini-program login; off unless both app id and secret are set. */
  wechat: { apiBase: string; appId: string; appSecret: string } | null;
  /** Anti-hoarding: how many active claims one donor may hold. */
  claims: { maxActive: number };
  /**
   * Uploaded photos: where they are stored, the key that signs their links (random per process
   * when not set), and the public address WeChat fetches them from for its photo check (no
   * check without it).
   */
  media: { dir: string; urlSecret: string; publicBaseUrl: string | null };
  /**
   * WeChat message push (the photo-check callback) is verified with this token; subscription
   * message templates by purpose (a notification is only pushed when its template is set).
   */
  wechatPush: {
    token: string | null;
    templates: { claim: string | null; progress: string | null; reminder: string | null };
  };
  /**
   * The public ledger log: its origin line, and the Ed25519 key that signs its checkpoints — Go's
   * `PRIVATE+KEY+…` text or a file holding it; when unset, a key generated into `keyFile` beside
   * the database, except in production (without demo mode), where a key must be configured.
   */
  ledgerLog: { origin: string; signingKey: string | null; keyFile: string; generateKey: boolean };
  /**
   * 公示 report PDFs embed this CJK font: a .ttc/.ttf holding the face `WenQuanYiZenHei`
   * (Debian's fonts-wqy-zenhei). When it is missing, PDF export answers 503 and says so.
   */
  reports: { fontPath: string };
  /**
   * WeChat Pay (APIv3, direct merchant): null when none of its variables is set (demo mode then
   * stands in a local fake); set but incomplete stops the start, naming what is missing.
   */
  wechatPay: WechatPayConfig | null;
  /** Server limits (not configurable from the environment: they are part of the design). */
  limits: {
    bodyLimitBytes: number;
    requestTimeoutMs: number;
    connectionTimeoutMs: number;
    keepAliveTimeoutMs: number;
  };
  version: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath: path.resolve(ROOT, e.DATABASE_PATH),
    demo: e.DEMO ?? e.NODE_ENV !== 'production',
    logLevel: e.LOG_LEVEL,
    h5Dir: path.resolve(ROOT, e.H5_DIR),
    wechat:
      e.WECHAT_APPID && e.WECHAT_SECRET
        ? { apiBase: e.WECHAT_API_BASE, appId: e.WECHAT_APPID, appSecret: e.WECHAT_SECRET }
        : null,
    sms: smsConfig(e),
    trustProxy: e.TRUST_PROXY,
    claims: { maxActive: e.CLAIMS_MAX_ACTIVE },
    media: {
      dir: path.resolve(ROOT, e.MEDIA_DIR),
      urlSecret: e.MEDIA_URL_SECRET ?? randomBytes(32).toString('base64url'),
      publicBaseUrl: e.PUBLIC_BASE_URL ?? null,
    },
    wechatPush: {
      token: e.WECHAT_PUSH_TOKEN ?? null,
      templates: {
        claim: e.WECHAT_TEMPLATE_CLAIM ?? null,
        progress: e.WECHAT_TEMPLATE_PROGRESS ?? null,
        reminder: e.WECHAT_TEMPLATE_REMINDER ?? null,
      },
    },
    ledgerLog: ledgerLogConfig(e, path.resolve(ROOT, e.DATABASE_PATH)),
    reports: { fontPath: path.resolve(ROOT, e.REPORT_FONT_PATH) },
    wechatPay: wechatPayConfig(e),
    limits: {
      bodyLimitBytes: 64 * 1024,
      requestTimeoutMs: 30_000,
      connectionTimeoutMs: 60_000,
      keepAliveTimeoutMs: 5_000,
    },
    version: packageVersion(),
  };
}

function ledgerLogConfig(e: z.infer<typeof envSchema>, databasePath: string): Config['ledgerLog'] {
  const demo = e.DEMO ?? e.NODE_ENV !== 'production';
  return {
    origin: e.LEDGER_LOG_ORIGIN,
    signingKey: e.LEDGER_SIGNING_KEY ?? null,
    keyFile: `${databasePath}.ledger-key`,
    generateKey: demo || e.NODE_ENV !== 'production',
  };
}

const NOTIFY_PATH = '/api/v1/pay/notify';

function wechatPayConfig(e: z.infer<typeof envSchema>): WechatPayConfig | null {
  if (!WECHATPAY_SWITCHES.some((k) => e[k] !== undefined)) return null;
  const appId = e.WECHATPAY_APPID ?? e.WECHAT_APPID;
  const missing = WECHATPAY_REQUIRED.filter((k) => (k === 'WECHATPAY_APPID' ? !appId : !e[k]));
  if (missing.length) throw new ConfigError(`WeChat Pay needs ${missing.join(', ')} as well`);
  const merchantKey = pemOf(e.WECHATPAY_MERCHANT_KEY ?? '', 'WECHATPAY_MERCHANT_KEY');
  const publicKey = pemOf(e.WECHATPAY_PUBLIC_KEY ?? '', 'WECHATPAY_PUBLIC_KEY');
  let merchantPrivateKeyPem: string;
  try {
    const key = createPrivateKey(merchantKey);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    merchantPrivateKeyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    throw new ConfigError('WECHATPAY_MERCHANT_KEY is not an RSA private key (apiclient_key.pem)');
  }
  let platformPem: string;
  try {
    // A public key (pub_key.pem) or a platform certificate: both give the verifying key.
    const key = createPublicKey(publicKey);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    platformPem = key.export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new ConfigError('WECHATPAY_PUBLIC_KEY is not an RSA public key or certificate');
  }
  const publicBase = e.PUBLIC_BASE_URL?.replace(/\/+$/, '');
  return {
    apiBase: e.WECHATPAY_API_BASE.replace(/\/+$/, ''),
    mchId: e.WECHATPAY_MCHID ?? '',
    appId: appId ?? '',
    merchantSerial: e.WECHATPAY_MERCHANT_SERIAL ?? '',
    merchantPrivateKeyPem,
    apiV3Key: e.WECHATPAY_API_V3_KEY ?? '',
    platformKeys: new Map([[e.WECHATPAY_PUBLIC_KEY_ID ?? '', platformPem]]),
    notifyUrl: e.WECHATPAY_NOTIFY_URL ?? (publicBase ? `${publicBase}${NOTIFY_PATH}` : null),
  };
}

/** PEM text as given, or the contents of the file it names. */
function pemOf(value: string, name: string): string {
  if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
  try {
    return fs.readFileSync(path.resolve(value), 'utf8');
  } catch {
    throw new ConfigError(`${name} is neither PEM text nor a readable file: ${value}`);
  }
}

function smsConfig(e: z.infer<typeof envSchema>): SmsConfig {
  const provider = e.SMS_PROVIDER ?? (e.NODE_ENV === 'production' ? 'off' : 'console');
  if (provider !== 'tencent') return { provider };
  const missing = TENCENT_KEYS.filter((k) => !e[k]);
  if (missing.length) throw new ConfigError(`SMS_PROVIDER=tencent needs ${missing.join(', ')}`);
  return {
    provider,
    baseUrl: e.TENCENT_SMS_BASE,
    secretId: e.TENCENT_SECRET_ID ?? '',
    secretKey: e.TENCENT_SECRET_KEY ?? '',
    region: e.TENCENT_SMS_REGION,
    sdkAppId: e.TENCENT_SMS_SDK_APP_ID ?? '',
    signName: e.TENCENT_SMS_SIGN_NAME ?? '',
    templateId: e.TENCENT_SMS_TEMPLATE_ID ?? '',
  };
}

function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(ROOT, 'package.json')) as { version: string }).version;
}

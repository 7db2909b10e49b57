import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type { TencentSmsAccount } from './integrations/sms/tencent-sms';

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
});

const TENCENT_KEYS = [
  'TENCENT_SECRET_ID',
  'TENCENT_SECRET_KEY',
  'TENCENT_SMS_SDK_APP_ID',
  'TENCENT_SMS_SIGN_NAME',
  'TENCENT_SMS_TEMPLATE_ID',
] as const;

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

import path from 'node:path';
import { z } from 'zod';

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
});

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
  /** Mini-program login; off unless both app id and secret are set. */
  wechat: { apiBase: string; appId: string; appSecret: string } | null;
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
    limits: {
      bodyLimitBytes: 64 * 1024,
      requestTimeoutMs: 30_000,
      connectionTimeoutMs: 60_000,
      keepAliveTimeoutMs: 5_000,
    },
    version: packageVersion(),
  };
}

function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(ROOT, 'package.json')) as { version: string }).version;
}

import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './config';
import type { DatabaseHandle } from './db/client';
import type { SmsProvider } from './integrations/sms/sms-provider';
import { authRoutes } from './modules/auth/routes';
import { healthRoutes } from './modules/health/routes';
import { beneficiaryRoutes } from './modules/beneficiaries/routes';
import { claimRoutes } from './modules/claims/routes';
import { dashboardRoutes } from './modules/dashboard/routes';
import { fulfilmentRoutes } from './modules/fulfilment/routes';
import { ledgerRoutes } from './modules/ledger/routes';
import { ledgerLogRoutes } from './modules/ledger-log/routes';
import { mediaRoutes } from './modules/media/routes';
import { notificationRoutes } from './modules/notifications/routes';
import { orgRoutes } from './modules/orgs/routes';
import type { DemoPayer } from './modules/payments/payment-deps';
import { paymentRoutes } from './modules/payments/routes';
import { reportRoutes } from './modules/reports/routes';
import { staffWishRoutes } from './modules/staff-wishes/routes';
import { wishRoutes } from './modules/wishes/routes';
import { registerAuth } from './plugins/auth';
import { registerErrorHandling } from './plugins/errors';
import { registerH5 } from './plugins/h5';
import { registerQueryStringCheck } from './plugins/query-string';
import { registerSecurityHeaders } from './plugins/security';
import { createServices, type Services } from './services';

export interface AppDeps extends DatabaseHandle {
  config: Config;
  /** Where log lines go (default: stdout). */
  logStream?: { write(line: string): void } | undefined;
  /** The SMS provider; by default the one the config names. */
  sms?: SmsProvider | undefined;
  /** Outside services; by default built from the config (main.ts shares them with the jobs). */
  services?: Services | undefined;
  /** Demo mode: the local fake WeChat Pay, which pays orders for the "simulate payment" step. */
  demoPayer?: DemoPayer | null | undefined;
}

// Validation messages reach people who read Chinese.
z.config(z.locales.zhCN());

/** Headers that must never reach a log line. */
const REDACTED_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-wx-openid', 'idempotency-key'];

/**
 * Builds the whole API + H5 server without listening: main.ts listens, tests use `inject`.
 * Order: compilers and error handling, security headers, auth, API routes, then the H5 app.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const services = deps.services ?? createServices(config);
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: {
        paths: REDACTED_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `res.headers["${h}"]`]),
        censor: '[redacted]',
      },
      ...(deps.logStream && { stream: deps.logStream }),
    },
    genReqId: () => randomUUID(),
    // A client-sent request id is not trusted (it would let anyone forge log correlation).
    requestIdHeader: false,
    bodyLimit: config.limits.bodyLimitBytes,
    requestTimeout: config.limits.requestTimeoutMs,
    // Also given to Node's server as it is made, so the headers timeout follows it: Fastify sets
    // requestTimeout only afterwards, which left Node's headers timeout at 60 s — and Node then
    // swaps the two, letting a slow body run for 60 s. And checked often enough that a slow
    // client is cut off near the limit, not up to 30 s (Node's default check interval) later.
    http: {
      requestTimeout: config.limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.floor(config.limits.requestTimeoutMs / 10)),
    },
    connectionTimeout: config.limits.connectionTimeoutMs,
    keepAliveTimeout: config.limits.keepAliveTimeoutMs,
    forceCloseConnections: 'idle',
    // Only behind a proxy we run may X-Forwarded-For name the client (rate limits, audit).
    trustProxy: config.trustProxy,
    return503OnClosing: true,
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app, deps.db);
  registerQueryStringCheck(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Once the server is closing (SIGTERM), each answer closes its connection: a kept-alive
  // connection would otherwise hold the shutdown open for the keep-alive timeout after its last
  // answer — past the shutdown grace, for a request that ended late.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  await registerSecurityHeaders(app, config.h5Dir);
  // Limits are per route (login and code floods), keyed by the client address.
  await app.register(rateLimit, { global: false });
  registerAuth(app, deps.db);

  healthRoutes(app, deps);
  authRoutes(app, deps);
  orgRoutes(app, deps);
  wishRoutes(app, deps);
  beneficiaryRoutes(app, deps);
  staffWishRoutes(app, deps, services.contentChecker);
  claimRoutes(app, deps, services);
  fulfilmentRoutes(app, deps, services);
  await mediaRoutes(app, deps, services);
  notificationRoutes(app, deps, services);
  ledgerRoutes(app, deps);
  ledgerLogRoutes(app, deps, services);
  dashboardRoutes(app, deps);
  reportRoutes(app, deps, services);
  paymentRoutes(app, deps, services);

  await registerH5(app, config.h5Dir);
  return app;
}

/**
 * The server process: read config, open the database (migrations applied), load demo data into
 * an empty database in demo mode, listen, and shut down gracefully on SIGTERM/SIGINT.
 */
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { seedDemoClaims } from './demo/seed-claims';
import { seedDemoData } from './demo/seed-demo';
import { seedDemoLedger } from './demo/seed-ledger';
import { startPushDispatcher } from './modules/notifications/dispatch-pushes';
import { startPayments } from './modules/payments/start-payments';
import { runSweeps } from './sweeps';
import { createServices } from './services';

const SHUTDOWN_GRACE_MS = 10_000;
/** How often the sweeper runs (ended campaigns, overdue claims, reminders). */
const SWEEP_INTERVAL_MS = 60_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const database = openDatabase(config.databasePath);
  // One set of services for the API and the jobs: one WeChat token source between them.
  // WeChat Pay: the configured merchant, or in demo mode a local fake standing in for it.
  const payments = await startPayments(config);
  const services = createServices(config, payments.serviceOptions);
  if (config.demo && seedDemoData(database.db, Date.now())) {
    seedDemoClaims(database.db, Date.now());
    seedDemoLedger(database.db, services.ledgerSigner, Date.now());
    console.log(`Demo data loaded into ${config.databasePath}`);
  }
  const app = await buildApp({ config, ...database, services, demoPayer: payments.demoPayer });
  const sweep = () => {
    try {
      const result = runSweeps(database.db, Date.now(), services.ledgerSigner);
      if (Object.values(result).some((n) => n > 0)) app.log.info(result, 'sweep');
    } catch (err) {
      app.log.error({ err }, 'sweeper failed');
    }
  };
  sweep();
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();
  // Inbox messages queued for WeChat subscription messages, sent after their commit.
  const pushes = startPushDispatcher(database.db, services, config, app.log);
  payments.startSweeper(database.db, services, app.log);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(sweeper);
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    Promise.all([app.close(), pushes.stop(), payments.stop()])
      .then(() => {
        database.sqlite.close();
        process.exit(0);
      })
      .catch((err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  payments.listening(`http://${shownHost}:${port}`);
  console.log(
    `心愿 Xinyuan is running at http://${shownHost}:${port}/  (API: /api/v1, demo mode: ${config.demo ? 'on' : 'off'})`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});

/**
 * The server the crash harness kills: the same start as server/main.ts (config from the
 * environment, the database opened with its durability asserted and migrations applied, payments,
 * the services, the app, the start-up sweep, the push dispatcher and payments sweeper, listening)
 * minus the demo seed, the minute timer and the signal handlers (it only ever dies by SIGKILL).
 *
 * Loading the server's modules takes seconds on a busy machine, opening the database
 * milliseconds, so the harness starts the next server while the current one is still taking
 * writes: this process loads everything, prints `loaded`, and waits for a line on stdin before it
 * touches the database, so no two servers ever have the file open. It prints
 * `listening <port>` once it answers, and exits when its stdin closes (the harness went away).
 */
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/client';
import { startPushDispatcher } from '../../server/modules/notifications/dispatch-pushes';
import { startPayments } from '../../server/modules/payments/start-payments';
import { createServices } from '../../server/services';
import { runSweeps } from '../../server/sweeps';

// What needs no database is made while waiting (the signing key's curve tables take a while).
const config = loadConfig();
const ready = startPayments(config).then((payments) => ({
  payments,
  services: createServices(config, payments.serviceOptions),
}));

async function start(): Promise<void> {
  const database = openDatabase(config.databasePath);
  const { payments, services } = await ready;
  const app = await buildApp({ config, ...database, services, demoPayer: payments.demoPayer });
  runSweeps(database.db, Date.now(), services.ledgerSigner);
  startPushDispatcher(database.db, services, config, app.log);
  payments.startSweeper(database.db, services, app.log);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  payments.listening(`http://${config.host}:${port}`);
  // crash-loader.ts saves its code cache now (when it has none yet), before the harness may kill it.
  (globalThis as { crashServerListening?: () => void }).crashServerListening?.();
  process.stdout.write(`listening ${port}\n`);
}

const fail = (err: unknown) => {
  console.error(err);
  process.exit(1);
};
process.stdin.once('data', () => start().catch(fail));
process.stdin.on('end', () => process.exit(0));
ready.then(() => process.stdout.write('loaded\n'), fail);

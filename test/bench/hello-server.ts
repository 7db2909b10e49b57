/**
 * The API benchmarks' baseline: a bare Fastify hello-world route in its own process (no logger,
 * no plugins), listening on a free port; prints its URL as server/main.ts does.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

app
  .listen({ port: 0, host: '127.0.0.1' })
  .then((address) => console.log(`hello-world is running at ${address}/`))
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});

/**
 * The load generator, run by the bench as its own process (never in the server's): autocannon
 * against one URL with 50 connections, a warm-up first, then the measured run, and its figures
 * as one JSON line on stdout. A claim run gives every request a wish of its own, a donor's
 * token and a fresh Idempotency-Key, from the plan file the bench wrote.
 *
 *   tsx test/bench/load.ts <plan.json>
 */
import fs from 'node:fs';
import autocannon, { type Request, type Result } from 'autocannon';

export interface LoadPlan {
  /** The server's origin, e.g. http://127.0.0.1:4321 */
  origin: string;
  connections: number;
  durationS: number;
  warmupS: number;
  target:
    { kind: 'get'; path: string } | { kind: 'claim'; wishIds: string[]; tokens: string[]; keyPrefix: string };
}

/** What a run measured: successful requests per second and latency percentiles in ms. */
export interface LoadFigures {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  reqPerS: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  /** A claim run that used up its wishes stops early (its rate is over the time it ran). */
  exhausted: boolean;
}

/** Answers with the status the target succeeds with (200 for a read, 201 for a claim). */
function okCount(result: Result, status: number): number {
  return result.statusCodeStats[String(status)]?.count ?? 0;
}

async function main(): Promise<void> {
  const planFile = process.argv[2];
  if (!planFile) throw new Error('usage: load.ts <plan.json>');
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as LoadPlan;
  const { target } = plan;

  let next = 0;
  let exhausted = false;
  let instance: ReturnType<typeof autocannon> | null = null;
  const requests: Request[] =
    target.kind === 'get'
      ? [{ method: 'GET', path: target.path }]
      : [
          {
            method: 'POST',
            setupRequest: (request): Request => {
              const i = next++;
              const wishId = target.wishIds[i];
              if (wishId === undefined) {
                // Every wish of the plan is claimed: stop rather than measure refusals.
                if (!exhausted) {
                  exhausted = true;
                  setImmediate(() => instance?.stop());
                }
                // The few requests still asked for until it stops read the health check (not counted).
                return { ...request, method: 'GET', path: '/api/v1/health', headers: {}, body: '' };
              }
              return {
                ...request,
                path: `/api/v1/wishes/${wishId}/claims`,
                headers: {
                  'content-type': 'application/json',
                  authorization: `Bearer ${target.tokens[i % target.tokens.length] ?? ''}`,
                  'idempotency-key': `${target.keyPrefix}-${i}`,
                },
                body: '{}',
              };
            },
          },
        ];

  const run = (durationS: number) => {
    instance = autocannon({
      url: plan.origin,
      connections: plan.connections,
      duration: durationS,
      timeout: 30,
      requests,
    });
    return instance;
  };
  if (plan.warmupS > 0) await run(plan.warmupS);
  if (exhausted) throw new Error('the warm-up used up every wish of the claim plan');
  const started = performance.now();
  const result = await run(plan.durationS);
  const durationS = exhausted ? (performance.now() - started) / 1000 : result.duration;
  const ok = okCount(result, target.kind === 'get' ? 200 : 201);
  const figures: LoadFigures = {
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS,
    reqPerS: ok / durationS,
    latencyMs: {
      mean: result.latency.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
    ),
    exhausted,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * `npm run bench` — speed as ratios measured in the same run (QUALITY.md, Benchmarks): absolute
 * numbers mean little on a shared machine. Prints a table (every figure beside its baseline and
 * goal, ✓/✗) and writes test/bench/results.json (git-ignored).
 *
 * - api:    a bare Fastify hello-world route is the baseline (measured before and after the
 *           others; their mean); the donor feed and the claim on the real server, 10 k wishes.
 * - scale:  the same feed and claim at 10 k and at 1 M wishes; the ratio 1 M / 10 k.
 * - ledger: Merkle tree and verify-ledger over 1 M transactions against SHA-256 of their leaves.
 * - client: weapp main package and whole package, H5 first-load JavaScript gzipped, against budgets.
 *
 * Environment: BENCH_ONLY=api,scale,ledger,client  BENCH_DURATION (s, default 10)
 * BENCH_WARMUP (s, default 3)  BENCH_CONNECTIONS (default 50)  BENCH_WISHES_LARGE (default
 * 1000000)  BENCH_LEDGER_N (default 1000000)  BENCH_PROFILE=1 (servers and verify-ledger with
 * --cpu-prof; the directory is printed)  BENCH_FRESH=1 (seed the large database again instead of
 * copying the cached one).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureClient, type ClientFigures } from './client-size';
import { benchLedger, type LedgerFigures } from './ledger';
import type { LoadFigures, LoadPlan } from './load';
import { ROOT, runLoad, startServer } from './processes';
import { fmtKb, fmtMs, fmtRate, ledgerRows, printTable, ratioRow, type Row } from './report';
import { seedBenchDb, touchSessions, type SeededDb } from './seed';

const env = process.env;
const SECTIONS = ['api', 'scale', 'ledger', 'client'] as const;
type Section = (typeof SECTIONS)[number];
const only = new Set(
  (env.BENCH_ONLY ?? SECTIONS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
for (const s of only) {
  if (!(SECTIONS as readonly string[]).includes(s))
    throw new Error(`BENCH_ONLY: no section "${s}" (${SECTIONS.join(', ')})`);
}
const wants = (s: Section) => only.has(s);
const num = (name: string, fallback: number) => {
  const v = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const DURATION_S = num('BENCH_DURATION', 10);
const WARMUP_S = num('BENCH_WARMUP', 3);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);
const WISHES_SMALL = 10_000;
const WISHES_LARGE = num('BENCH_WISHES_LARGE', 1_000_000);
const LEDGER_N = num('BENCH_LEDGER_N', 1_000_000);
const PROFILE = env.BENCH_PROFILE === '1';
/** Donors with a session each; claims go round them, so each holds few (the cap is raised anyway). */
const DONORS = 2_000;
const CLAIMS_MAX_ACTIVE = 100;
/** Goals (QUALITY.md / issue 9). */
const GOAL = { feed: 0.5, claim: 0.25, p99Ms: 50, scale: 1.3, ledger: 2, mainKb: 400, h5Kb: 150 };

const RESULTS = path.join(ROOT, 'test', 'bench', 'results.json');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyuan-bench-'));
const profileDir = PROFILE ? path.join(work, 'profiles') : undefined;
const log = (line: string) => console.log(line);

// ---------------------------------------------------------------------------------------------
// Databases

/** A seeded database for this run: small ones seeded fresh, large ones copied from a cache. */
function benchDb(wishes: number): SeededDb & { cached: boolean } {
  const opts = { wishes, donors: DONORS, claimable: Math.min(wishes, 50_000) };
  const file = path.join(work, `wishes-${wishes}.db`);
  if (wishes < 100_000) return { ...seedBenchDb(file, opts), cached: false };

  // Keyed by everything that shapes the file: the migrations, the seeder and its options.
  const key = createHash('sha256');
  const migrations = path.join(ROOT, 'server', 'db', 'migrations');
  for (const f of fs.readdirSync(migrations, { recursive: true }).map(String).sort()) {
    const full = path.join(migrations, f);
    if (fs.statSync(full).isFile()) key.update(f).update(fs.readFileSync(full));
  }
  key.update(fs.readFileSync(path.join(__dirname, 'seed.ts'))).update(JSON.stringify(opts));
  const cacheDir = path.join(os.tmpdir(), 'xinyuan-bench-cache');
  const cached = path.join(cacheDir, `wishes-${wishes}-${key.digest('hex').slice(0, 16)}`);
  let seedMs = 0;
  if (env.BENCH_FRESH === '1' || !fs.existsSync(`${cached}.json`)) {
    fs.mkdirSync(cacheDir, { recursive: true });
    for (const stale of fs.readdirSync(cacheDir).filter((f) => f.startsWith(`wishes-${wishes}-`)))
      fs.rmSync(path.join(cacheDir, stale), { force: true });
    log(`  seeding ${wishes.toLocaleString('en')} wishes (one transaction) …`);
    const seeded = seedBenchDb(`${cached}.db`, opts);
    seedMs = seeded.seedMs;
    log(`  seeded in ${fmtMs(seedMs)}; cached as ${cached}.db`);
    fs.writeFileSync(`${cached}.json`, JSON.stringify({ ...seeded, file: undefined }));
  }
  fs.copyFileSync(`${cached}.db`, file);
  const meta = JSON.parse(fs.readFileSync(`${cached}.json`, 'utf8')) as SeededDb;
  return { ...meta, file, seedMs: seedMs || meta.seedMs, cached: seedMs === 0 };
}

// ---------------------------------------------------------------------------------------------
// Load runs

const plan = (origin: string, target: LoadPlan['target']): LoadPlan => ({
  origin,
  connections: CONNECTIONS,
  durationS: DURATION_S,
  warmupS: WARMUP_S,
  target,
});

const describeLoad = (f: LoadFigures) =>
  `${fmtRate(f.reqPerS)}, p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms` +
  (f.non2xx || f.errors ? `, ${f.non2xx} non-2xx ${JSON.stringify(f.statusCodes)}, ${f.errors} errors` : '') +
  (f.exhausted ? ' (ran out of wishes: stopped early)' : '');

async function measureBaseline(label: string): Promise<LoadFigures> {
  const hello = await startServer('test/bench/hello-server.ts', {});
  try {
    log(`  baseline (${label}): bare Fastify hello-world, ${CONNECTIONS} connections, ${DURATION_S} s …`);
    const f = await runLoad(plan(hello.origin, { kind: 'get', path: '/' }), work);
    log(`    ${describeLoad(f)}`);
    return f;
  } finally {
    await hello.stop();
  }
}

interface ApiFigures {
  wishes: number;
  seedMs: number;
  seedCached: boolean;
  feed: LoadFigures;
  claim: LoadFigures;
}

/** The real server (server/main.ts) on `db`: the feed's first page, then claims. */
async function measureApi(db: SeededDb & { cached: boolean }): Promise<ApiFigures> {
  const n = db.wishes.toLocaleString('en');
  const server = await startServer(
    'server/main.ts',
    {
      NODE_ENV: 'development',
      DEMO: '0',
      DATABASE_PATH: db.file,
      LOG_LEVEL: 'warn',
      PORT: '0',
      HOST: '127.0.0.1',
      CLAIMS_MAX_ACTIVE: String(CLAIMS_MAX_ACTIVE),
    },
    { profileDir },
  );
  try {
    log(`  feed at ${n} wishes: GET /api/v1/wishes?limit=20 …`);
    const feed = await runLoad(plan(server.origin, { kind: 'get', path: '/api/v1/wishes?limit=20' }), work);
    log(`    ${describeLoad(feed)}`);
    touchSessions(db.file);
    log(`  claim at ${n} wishes: POST /api/v1/wishes/:id/claims, a fresh wish, donor and key each …`);
    const claim = await runLoad(
      plan(server.origin, {
        kind: 'claim',
        wishIds: db.claimable,
        tokens: db.tokens,
        keyPrefix: `bench-${Date.now().toString(36)}`,
      }),
      work,
    );
    log(`    ${describeLoad(claim)}`);
    const said = server
      .output()
      .split('\n')
      .filter((l) => l.trim() && !l.includes('is running at'))
      .join('\n');
    if (said) log(`    the server said:\n${said.slice(-2000)}`);
    return { wishes: db.wishes, seedMs: db.seedMs, seedCached: db.cached, feed, claim };
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Rows

const mean = (a: number, b: number) => (a + b) / 2;

function apiRows(section: string, label: string, base: { rps: number; p99: number }, f: ApiFigures): Row[] {
  const baseline = `${fmtRate(base.rps)} (hello-world)`;
  const p99 = (what: string, l: LoadFigures): Row => ({
    section,
    figure: `${what} p99 latency${label}`,
    value: `${l.latencyMs.p99} ms`,
    baseline: `${base.p99.toFixed(1)} ms`,
    ratio: `${(l.latencyMs.p99 / base.p99).toFixed(1)}×`,
    goal: `< ${GOAL.p99Ms} ms`,
    ok: l.latencyMs.p99 < GOAL.p99Ms,
  });
  const clean = (l: LoadFigures) => l.non2xx === 0 && l.errors === 0;
  const feed = ratioRow(
    section,
    `feed req/s${label}`,
    fmtRate(f.feed.reqPerS),
    baseline,
    f.feed.reqPerS / base.rps,
    {
      atLeast: GOAL.feed,
    },
  );
  const claim = ratioRow(
    section,
    `claim req/s${label}`,
    fmtRate(f.claim.reqPerS),
    baseline,
    f.claim.reqPerS / base.rps,
    { atLeast: GOAL.claim },
  );
  if (!clean(f.feed)) feed.ok = false;
  if (!clean(f.claim)) claim.ok = false;
  return [feed, p99('feed', f.feed), claim, p99('claim', f.claim)];
}

function scaleRows(small: ApiFigures, large: ApiFigures): Row[] {
  const s = `${(large.wishes / 1e6).toLocaleString('en')} M / ${(small.wishes / 1e3).toLocaleString('en')} k`;
  const rows: Row[] = [];
  for (const [what, a, b] of [
    ['feed', small.feed, large.feed],
    ['claim', small.claim, large.claim],
  ] as const) {
    rows.push(
      ratioRow(
        'scale',
        `${what} time per request, ${s}`,
        fmtRate(b.reqPerS),
        `${fmtRate(a.reqPerS)} (10 k)`,
        a.reqPerS / b.reqPerS,
        { atMost: GOAL.scale },
      ),
      ratioRow(
        'scale',
        `${what} p99, ${s}`,
        `${b.latencyMs.p99} ms`,
        `${a.latencyMs.p99} ms (10 k)`,
        b.latencyMs.p99 / a.latencyMs.p99,
        {
          atMost: GOAL.scale,
        },
      ),
    );
  }
  return rows;
}

function clientRows(c: ClientFigures): Row[] {
  return [
    ratioRow(
      'client',
      'weapp main package',
      fmtKb(c.weappMainBytes),
      `${GOAL.mainKb} KB budget`,
      c.weappMainBytes / (GOAL.mainKb * 1024),
      {
        atMost: 1,
      },
    ),
    ratioRow(
      'client',
      'weapp whole package',
      fmtKb(c.weappTotalBytes),
      '20 MB (WeChat limit)',
      c.weappTotalBytes / (20 * 1024 * 1024),
      {
        atMost: 1,
      },
    ),
    ratioRow(
      'client',
      `H5 first-load JS, gzip (${c.h5Scripts.length} scripts)`,
      fmtKb(c.h5FirstLoadGzipBytes),
      `${GOAL.h5Kb} KB budget`,
      c.h5FirstLoadGzipBytes / (GOAL.h5Kb * 1024),
      { atMost: 1 },
    ),
  ];
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  log(
    `npm run bench — ${only.size === SECTIONS.length ? 'all sections' : [...only].join(', ')}; ` +
      `${os.cpus().length} CPUs, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; node ${process.version}`,
  );
  const results: Record<string, unknown> = {
    startedAt: startedAt.toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadBefore },
    options: {
      DURATION_S,
      WARMUP_S,
      CONNECTIONS,
      WISHES_SMALL,
      WISHES_LARGE,
      LEDGER_N,
      DONORS,
      CLAIMS_MAX_ACTIVE,
    },
  };
  const rows: Row[] = [];

  if (wants('api') || wants('scale')) {
    log('\n[api] baseline, feed and claim');
    const before = await measureBaseline('first');
    const small = await measureApi(benchDb(WISHES_SMALL));
    let large: ApiFigures | null = null;
    if (wants('scale')) {
      log(`\n[scale] the same at ${WISHES_LARGE.toLocaleString('en')} wishes`);
      const db = benchDb(WISHES_LARGE);
      large = await measureApi(db);
    }
    const after = await measureBaseline('again, at the end');
    const base = {
      rps: mean(before.reqPerS, after.reqPerS),
      p99: mean(before.latencyMs.p99, after.latencyMs.p99),
    };
    rows.push({
      section: 'api',
      figure: 'baseline: bare Fastify hello-world (mean of first and last)',
      value: fmtRate(base.rps),
      baseline: `${fmtRate(before.reqPerS)} → ${fmtRate(after.reqPerS)}`,
      ratio: '1.00×',
      goal: '',
      ok: null,
    });
    rows.push(...apiRows('api', ` (${WISHES_SMALL.toLocaleString('en')} wishes)`, base, small));
    if (large) {
      rows.push(...apiRows('scale', ` (${WISHES_LARGE.toLocaleString('en')} wishes)`, base, large));
      rows.push(...scaleRows(small, large));
    }
    results.baseline = { before, after, mean: base };
    results.api = small;
    if (large) results.scale = { small, large };
  }

  if (wants('ledger')) {
    log(`\n[ledger] ${LEDGER_N.toLocaleString('en')} transactions`);
    const ledger: LedgerFigures = benchLedger(LEDGER_N, { profileDir, log });
    rows.push(...ledgerRows(ledger));
    results.ledger = ledger;
  }

  if (wants('client')) {
    log('\n[client] sizes');
    const client = measureClient(log);
    rows.push(...clientRows(client));
    results.client = client;
  }

  const loadAfter = os.loadavg();
  log(
    `\nload average at the end ${loadAfter.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} CPUs)\n`,
  );
  printTable(rows);
  results.loadAfter = loadAfter;
  results.finishedAt = new Date().toISOString();
  results.rows = rows;
  fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwrote ${path.relative(ROOT, RESULTS)}`);
  if (profileDir) log(`CPU profiles in ${profileDir}`);
  else fs.rmSync(work, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

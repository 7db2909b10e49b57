import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { safeParse } from 'zod/v4/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Endpoint } from '../../shared/contract';
import { buildApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { openDatabase, type DatabaseHandle } from '../../server/db/client';
import { seedDemoData } from '../../server/demo/seed-demo';
import { newPublicId } from '../../server/ids';
import { prepareCrashDatabase, type CrashFixture } from '../support/crash-fixture';
import { databaseState, flood, postJson, send, trickle, type RawAnswer } from '../support/crash-http';
import { donationBody } from '../support/ledger';
import { startServer, type ServerProcess } from '../support/server-process';
import { tempDir } from '../support/test-app';

/**
 * G14 — bounded resources, at the socket: what `inject` cannot show.
 *
 * Already proven elsewhere (not repeated here): a body over the limit → 413 and prototype
 * pollution / malformed JSON → 400 and an XML body → 415 (errors.test.ts, through inject); a
 * 100 000-character description, deeply nested and huge JSON on the wish and file routes → 413 /
 * 400 with nothing written (wishes-bad-input.test.ts); SMS-code sends per phone and per address,
 * code guessing per address, both with a spoofed X-Forwarded-For (auth-sms.test.ts); upload floods
 * per user whatever X-Forwarded-For says (media.test.ts); report export floods (reports-export).
 */

const randomHex = () => Math.random().toString(16).slice(2, 10);

describe('the request timeout Node enforces is the configured one', () => {
  it('headers and whole request are both bounded by config.limits.requestTimeoutMs', async () => {
    const dir = tempDir('xinyuan-limits-');
    const config = testConfig(dir);
    const database = openDatabase(config.databasePath);
    const app = await buildApp({ config, ...database });
    try {
      // Node swaps the two when headersTimeout > requestTimeout, and enforces the larger on the
      // whole request: a slow body then had 60 s, not 30.
      expect(app.server.requestTimeout).toBe(config.limits.requestTimeoutMs);
      expect(app.server.headersTimeout).toBeLessThanOrEqual(config.limits.requestTimeoutMs);
    } finally {
      await app.close();
      database.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('slow clients are cut off by the server (the request timeout set to 1 s)', () => {
  const dir = tempDir('xinyuan-limits-');
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let port: number;
  let token: string;
  const TIMEOUT_MS = 1000;
  beforeAll(async () => {
    const config = testConfig(dir);
    config.limits = { ...config.limits, requestTimeoutMs: TIMEOUT_MS };
    database = openDatabase(config.databasePath);
    seedDemoData(database.db, Date.now());
    app = await buildApp({ config, ...database });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as net.AddressInfo).port;
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/demo',
      payload: { persona: 'finance' },
    });
    token = (login.json() as { token: string }).token;
  });
  afterAll(async () => {
    await app.close();
    database.sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a donation whose body trickles in (a byte every 100 ms) → 408 and closed at the timeout, nothing written', async () => {
    const body = JSON.stringify(donationBody());
    const before = databaseState(path.join(dir, 'test.db'));
    const head = [
      'POST /api/v1/staff/donations HTTP/1.1',
      'Host: 127.0.0.1',
      `Authorization: Bearer ${token}`,
      `Idempotency-Key: slow-body-${randomHex()}`,
      'Content-Type: application/json',
      `Content-Length: ${body.length}`,
      '',
      body.slice(0, 10),
    ].join('\r\n');
    // Sent whole, the body would take body.length × 100 ms (over 15 s).
    const outcome = await trickle(port, head, ' ', 100, 15_000);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(outcome.closedAfterMs).toBeLessThan(TIMEOUT_MS * 2.5);
    expect(databaseState(path.join(dir, 'test.db'))).toEqual(before);
  });

  it('headers that never end, and a connection that sends nothing → closed at the timeout', async () => {
    const [slowHeaders, silent] = await Promise.all([
      trickle(port, 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n', 100, 15_000),
      trickle(port, '', '', 10_000, 15_000),
    ]);
    for (const outcome of [slowHeaders, silent]) {
      expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
      expect(outcome.closedAfterMs).toBeLessThan(TIMEOUT_MS * 2.5);
    }
    // The server itself is fine.
    const res = await send(`http://127.0.0.1:${port}`, { path: '/api/v1/health' });
    expect(res.status).toBe(200);
  });
});

describe('the server process (server/main.ts, production configuration) under abuse', () => {
  const dir = tempDir('xinyuan-limits-');
  let fixture: CrashFixture;
  let server: ServerProcess;
  let base: string;
  const state = () => databaseState(fixture.databasePath);

  beforeAll(async () => {
    fixture = prepareCrashDatabase(dir, { wishes: 300, donors: 10 });
    // Demo logins and console SMS codes on, so their floods can be tried.
    server = await startServer({ ...fixture.env, DEMO: '1', SMS_PROVIDER: 'console' });
    base = server.url.replace(/\/$/, '');
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const financeHeaders = () => ({
    authorization: `Bearer ${fixture.finance.token}`,
    'idempotency-key': `limits-${randomHex()}${randomHex()}`,
  });

  it('a donation over the body limit → 413 PAYLOAD_TOO_LARGE, with or without a Content-Length, nothing written', async () => {
    const before = state();
    const big = JSON.stringify(donationBody({ memo: 'x'.repeat(100_000) }));
    const declared = await send(base, {
      method: 'POST',
      path: '/api/v1/staff/donations',
      headers: { ...financeHeaders(), 'content-type': 'application/json' },
      body: big,
    });
    expectError(declared, 413, 'PAYLOAD_TOO_LARGE');

    // Chunked: the server cannot know the size up front; it must stop reading at the limit and
    // answer while 4 MB are still on their way.
    const port = Number(new URL(base).port);
    const head = [
      'POST /api/v1/staff/donations HTTP/1.1',
      'Host: 127.0.0.1',
      ...Object.entries(financeHeaders()).map(([k, v]) => `${k}: ${v}`),
      'Content-Type: application/json',
      'Transfer-Encoding: chunked',
      '',
      '9\r\n{"memo":"\r\n',
    ].join('\r\n');
    const piece = 'x'.repeat(16_384);
    const outcome = await flood(port, head, `4000\r\n${piece}\r\n`, 4_000_000);
    expect(outcome.received, outcome.received).toMatch(/^HTTP\/1\.1 413 [^]*\r\n\r\n[^]*PAYLOAD_TOO_LARGE/);
    expect(state()).toEqual(before);
  });

  it('every write route refuses oversized, deep, huge and mistyped bodies with a 4xx and writes nothing', async () => {
    const before = state();
    const deep = 10_000;
    const classes: { name: string; contentType: string | null; body: string; expect: [number, string][] }[] =
      [
        {
          name: 'a 100 000-character text',
          contentType: 'application/json',
          body: JSON.stringify({ text: '心'.repeat(100_000) }),
          expect: [[413, 'PAYLOAD_TOO_LARGE']],
        },
        {
          name: 'objects nested 10 000 deep',
          contentType: 'application/json',
          body: `{"a":${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}}`,
          expect: [[400, 'VALIDATION_FAILED']],
        },
        {
          name: 'arrays nested 20 000 deep',
          contentType: 'application/json',
          body: `${'['.repeat(2 * deep)}${']'.repeat(2 * deep)}`,
          expect: [[400, 'VALIDATION_FAILED']],
        },
        {
          name: 'deep nesting with __proto__ at the bottom',
          contentType: 'application/json',
          body: `{"a":${'{"a":'.repeat(deep)}{"__proto__":{"isAdmin":true}}${'}'.repeat(deep)}}`,
          expect: [[400, 'MALFORMED_JSON']],
        },
        {
          name: 'an array of 20 000 numbers',
          contentType: 'application/json',
          body: JSON.stringify(Array<number>(20_000).fill(1)),
          expect: [[400, 'VALIDATION_FAILED']],
        },
        {
          name: 'an object of 4 000 keys',
          contentType: 'application/json',
          body: JSON.stringify(Object.fromEntries(Array.from({ length: 4_000 }, (_, i) => [`k${i}`, 1]))),
          expect: [[400, 'VALIDATION_FAILED']],
        },
        {
          name: 'JSON sent as text/plain',
          contentType: 'text/plain',
          body: '{"persona":"donor"}',
          // Fastify reads text/plain as a string, which no body schema accepts.
          expect: [
            [415, 'UNSUPPORTED_MEDIA_TYPE'],
            [400, 'VALIDATION_FAILED'],
          ],
        },
        {
          name: 'a form',
          contentType: 'application/x-www-form-urlencoded',
          body: 'persona=donor',
          expect: [[415, 'UNSUPPORTED_MEDIA_TYPE']],
        },
        {
          name: 'multipart',
          contentType: 'multipart/form-data; boundary=x',
          body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
          expect: [[415, 'UNSUPPORTED_MEDIA_TYPE']],
        },
        {
          name: 'JSON without a Content-Type',
          contentType: null,
          body: '{"persona":"donor"}',
          expect: [[415, 'UNSUPPORTED_MEDIA_TYPE']],
        },
      ];
    for (const c of classes) {
      // Under the limit, except the class that is about the limit.
      if (c.expect[0]?.[0] !== 413) expect(Buffer.byteLength(c.body), c.name).toBeLessThan(64 * 1024);
    }

    // WeChat login exists only when the mini-program's app id and secret are configured.
    const routes = Object.entries(contract as Record<string, Endpoint>).filter(
      ([name, e]) => e.method !== 'GET' && e.body !== undefined && name !== 'wechatLogin',
    );
    expect(routes.length).toBeGreaterThan(30);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const seen: string[] = [];
    const jobs = routes.flatMap(([name, endpoint]) =>
      classes.map((c) => async () => {
        const token =
          endpoint.access === 'platform_admin'
            ? fixture.admin.token
            : endpoint.access === 'user'
              ? fixture.finance.token
              : null;
        const res = await send(base, {
          method: endpoint.method,
          path: pathFor(endpoint),
          headers: {
            ...(c.contentType && { 'content-type': c.contentType }),
            ...(token && { authorization: `Bearer ${token}` }),
            'idempotency-key': `sweep-${randomHex()}${randomHex()}`,
          },
          body: c.body,
          // A login route's own flood limit may answer first; it is keyed by address, so these
          // come from one the flood tests below do not use.
          localAddress: '127.0.0.9',
          agent,
        });
        const code = (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;
        const allowed = [...c.expect, [429, 'RATE_LIMITED']].some(([s, k]) => s === res.status && k === code);
        if (!allowed)
          seen.push(`${name} (${endpoint.method} ${endpoint.path}) × ${c.name}: ${res.status} ${code}`);
      }),
    );
    await runAll(jobs, 4);
    agent.destroy();
    expect(seen).toEqual([]);
    expect(state()).toEqual(before);
  }, 120_000);

  it('login and SMS-code floods → 429 per client address; a spoofed X-Forwarded-For does not dodge it', async () => {
    const login = (from: string, spoof: string) =>
      postJson(
        base,
        '/api/v1/auth/demo',
        null,
        { persona: 'donor' },
        {
          localAddress: from,
          headers: { 'x-forwarded-for': spoof },
        },
      );
    const statuses: number[] = [];
    for (let i = 0; i < 32; i += 1) statuses.push((await login('127.0.0.2', `203.0.113.${i}`)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(200));
    const refused = await login('127.0.0.2', '198.51.100.7');
    expectError(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The limit is the address's: another client still logs in.
    expect((await login('127.0.0.3', '203.0.113.1')).status).toBe(200);

    const sms = (from: string, i: number) =>
      postJson(
        base,
        '/api/v1/auth/sms/send',
        null,
        { phone: `1370000${String(1000 + i)}` },
        {
          localAddress: from,
          headers: { 'x-forwarded-for': `192.0.2.${i}` },
        },
      );
    const sent: number[] = [];
    for (let i = 0; i < 12; i += 1) sent.push((await sms('127.0.0.4', i)).status);
    expect(sent).toEqual([...Array(10).fill(200), 429, 429]);
    expect((await sms('127.0.0.5', 20)).status).toBe(200);
  });

  it('a 5-second mixed load (32 clients: feed, details, donations, claims, logins, bad bodies) sees no 5xx and loses no acknowledged write', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const acked: string[] = [];
    let nextWish = 0;
    const feed = await send(base, { path: '/api/v1/wishes?limit=20' });
    const wishIds = (JSON.parse(feed.body) as { items: { id: string }[] }).items.map((w) => w.id);
    const ops: (() => Promise<RawAnswer>)[] = [
      () => send(base, { path: '/api/v1/wishes?limit=20', agent }),
      () => send(base, { path: `/api/v1/wishes/${wishIds[nextWish % wishIds.length] ?? 'x'}`, agent }),
      () => send(base, { path: '/api/v1/health', agent }),
      async () => {
        const res = await postJson(base, '/api/v1/staff/donations', null, donationBody(), {
          agent,
          headers: financeHeaders(),
        });
        if (res.status === 201) acked.push((JSON.parse(res.body) as { id: string }).id);
        return res;
      },
      () => {
        const wish = fixture.wishes[nextWish++ % fixture.wishes.length] as string;
        const donor = fixture.donors[nextWish % fixture.donors.length];
        return postJson(
          base,
          `/api/v1/wishes/${wish}/claims`,
          donor?.token ?? null,
          {},
          {
            agent,
            headers: { 'idempotency-key': `load-${randomHex()}${randomHex()}` },
          },
        );
      },
      () => send(base, { path: '/api/v1/staff/ledger?limit=20', agent, headers: financeHeaders() }),
      () => postJson(base, '/api/v1/auth/demo', null, { persona: 'donor' }, { agent }),
      () => postJson(base, '/api/v1/staff/donations', fixture.finance.token, { amountFen: -1 }, { agent }),
    ];
    const until = performance.now() + 5_000;
    await Promise.all(
      Array.from({ length: 32 }, async (_, worker) => {
        for (let i = worker; performance.now() < until; i += 1) {
          try {
            const res = await (ops[i % ops.length] as () => Promise<RawAnswer>)();
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          } catch (err) {
            failures.push(String(err));
          }
        }
      }),
    );
    agent.destroy();
    const counts = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    console.log(`load run: ${JSON.stringify(counts)}, ${failures.length} connection failures`);
    expect(failures).toEqual([]);
    expect([...statuses.keys()].filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(50);
    expect(acked.length).toBeGreaterThan(5);
    expect(server.output()).not.toMatch(/request failed/);

    const sqlite = new Database(fixture.databasePath, { readonly: true });
    try {
      const found = sqlite
        .prepare(
          'SELECT count(*) FROM ledger_transactions WHERE public_id IN (SELECT value FROM json_each(?))',
        )
        .pluck()
        .get(JSON.stringify(acked));
      expect(found).toBe(acked.length);
    } finally {
      sqlite.close();
    }
  }, 60_000);
});

function testConfig(dir: string): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_PATH: path.join(dir, 'test.db'),
    H5_DIR: path.join(dir, 'no-h5'),
    MEDIA_DIR: path.join(dir, 'media'),
  });
}

function expectError(res: RawAnswer, status: number, code: string): void {
  expect({
    status: res.status,
    code: (JSON.parse(res.body) as { error?: { code?: string } }).error?.code,
  }).toEqual({
    status,
    code,
  });
}

/** The endpoint's path with each parameter filled by a value its schema accepts (a fresh public id, else 1). */
function pathFor(endpoint: Endpoint): string {
  const names = [...endpoint.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
  const params: Record<string, string> = {};
  for (const name of names) params[name] = newPublicId();
  if (endpoint.params && !safeParse(endpoint.params, params).success) {
    for (const name of names) params[name] = '1';
  }
  return endpoint.path.replace(/:(\w+)/g, (_, n: string) => params[n] ?? '');
}

/** Runs the jobs, `width` at a time. */
async function runAll(jobs: (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) await (jobs[next++] as () => Promise<void>)();
    }),
  );
}

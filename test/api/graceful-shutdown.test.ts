import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCrashedDatabase } from '../support/crash-check';
import { prepareCrashDatabase } from '../support/crash-fixture';
import { send, startRequest } from '../support/crash-http';
import { CrashWriter, type WriteRecord } from '../support/crash-writer';
import { donationBody } from '../support/ledger';
import { startServer, type ServerProcess } from '../support/server-process';
import { tempDir } from '../support/test-app';

/**
 * G14 — SIGTERM under load finishes what is in flight and loses nothing acknowledged. The real
 * server (server/main.ts, production configuration) takes durable writes from eight clients and
 * two requests whose bodies are still arriving when SIGTERM comes. Then: new connections are
 * refused; the two slow requests, finished afterwards, are answered 201; every write is either
 * answered or absent (nothing committed without its answer); the process exits 0, in time; the
 * database checks as after a crash (integrity, ledger audit, whole writes) and was closed cleanly
 * (its WAL checkpointed away).
 */
describe('G14: graceful shutdown', () => {
  const dir = tempDir('xinyuan-shutdown-');
  let server: ServerProcess | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM while durable writes are in flight: they finish with their answers, new connections are refused, exit 0, nothing acknowledged is lost', async () => {
    const fixture = prepareCrashDatabase(dir, { wishes: 600, donors: 20 });
    server = await startServer(fixture.env);
    const proc = server;
    const base = proc.url.replace(/\/$/, '');
    const port = Number(new URL(base).port);
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      proc.child.once('exit', (code) => resolve({ code, at: performance.now() })),
    );

    // Two writes whose heads and half their bodies are in before the signal.
    const slow: { record: WriteRecord; body: string; pending: ReturnType<typeof startRequest> }[] = [];
    const claimWish = fixture.wishes.at(-1) as string;
    const slowWrites: Omit<WriteRecord, 'n' | 'state'>[] = [
      {
        kind: 'donation',
        cycle: 0,
        key: `crash-shutdown-donation-${process.pid}`,
        actor: fixture.finance,
        path: '/api/v1/staff/donations',
        body: donationBody({ amountFen: 123_456, donorName: '慢慢捐' }),
        amountFen: 123_456,
      },
      {
        kind: 'claim',
        cycle: 0,
        key: `crash-shutdown-claim-${process.pid}`,
        actor: fixture.donors.at(-1) as WriteRecord['actor'],
        path: `/api/v1/wishes/${claimWish}/claims`,
        body: { shares: 1 },
        wishId: claimWish,
      },
    ];
    for (const [i, w] of slowWrites.entries()) {
      const body = JSON.stringify(w.body);
      const head = [
        `POST ${w.path} HTTP/1.1`,
        'Host: 127.0.0.1',
        `Authorization: Bearer ${w.actor.token}`,
        `Idempotency-Key: ${w.key}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        '',
        body.slice(0, Math.floor(body.length / 2)),
      ].join('\r\n');
      slow.push({ record: { ...w, n: -1 - i, state: 'in-flight' }, body, pending: startRequest(port, head) });
    }

    // The writer may claim any wish but the slow claim's.
    const writer = new CrashWriter({ ...fixture, wishes: fixture.wishes.slice(0, -1), concurrency: 8 });
    writer.start(base, 0);
    await writer.acked(30);

    const term = performance.now();
    proc.child.kill('SIGTERM');
    // No new connection once the listener is closed (it closes at once; the process stays).
    let refusedAfter = -1;
    while (performance.now() - term < 5_000) {
      const attempt = await send(base, { path: '/api/v1/health' }).then(
        () => null,
        (err: NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException }) => err.code ?? err.cause?.code,
      );
      if (attempt === 'ECONNREFUSED') {
        refusedAfter = performance.now() - term;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(refusedAfter, 'new connections refused after SIGTERM').toBeGreaterThanOrEqual(0);
    expect(proc.child.exitCode, 'still finishing the slow requests').toBeNull();

    for (const s of slow) s.pending.finish(s.body.slice(Math.floor(s.body.length / 2)));
    const answers = await Promise.all(slow.map((s) => s.pending.answer));
    const answered = performance.now();
    for (const [i, a] of answers.entries()) {
      expect(a.received, a.received).toMatch(/^HTTP\/1\.1 201 /);
      const record = (slow[i] as (typeof slow)[number]).record;
      const json = JSON.parse(a.received.slice(a.received.indexOf('\r\n\r\n') + 4)) as {
        id: string;
        donation?: { receiptId: string } | null;
      };
      record.state = 'acked';
      record.id = json.id;
      record.receipt = json.donation?.receiptId;
    }
    await writer.stop();
    const { code, at } = await exited;
    const records = [...writer.records, ...slow.map((s) => s.record)];
    const acked = records.filter((r) => r.state === 'acked').length;
    const refused = writer.records.filter((r) => r.state === 'refused');
    const lost = writer.records.filter((r) => r.state === 'lost');
    console.log(
      `graceful shutdown: ${records.length} writes, ${acked} answered 201, ${refused.length} refused while closing (${[...new Set(refused.map((r) => r.problem?.slice(0, 3)))].join(', ')}), ${lost.length} not sent or cut (${[...new Set(lost.map((r) => r.problem))].join('; ')}); listener closed ${Math.round(refusedAfter)} ms after SIGTERM, exit ${Math.round(at - term)} ms after it and ${Math.round(at - answered)} ms after the slow requests' answers`,
    );
    expect(code).toBe(0);
    // Out soon after the last answer: kept-alive connections do not hold it open.
    expect(at - answered).toBeLessThan(2_000);
    // Refusals while closing are 503s, nothing else.
    expect(refused.map((r) => r.problem?.slice(0, 3))).toEqual(refused.map(() => '503'));
    expect(proc.output()).not.toMatch(/shutdown took too long|shutdown failed|request failed/);

    // Closed cleanly: the last connection's close checkpointed the WAL into the database.
    const wal = `${fixture.databasePath}-wal`;
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);

    const sqlite = new Database(fixture.databasePath, { readonly: true });
    try {
      const result = checkCrashedDatabase(sqlite, records, [], fixture.vkey);
      expect(result.problems).toEqual([]);
      // Every write that happened was answered: none committed and then cut off.
      const unanswered = records.filter((r) => result.committed.has(r.n) && r.state !== 'acked');
      expect(unanswered.map((r) => `${r.kind} #${r.n}: ${r.state} ${r.problem}`)).toEqual([]);
    } finally {
      sqlite.close();
    }
  }, 90_000);
});

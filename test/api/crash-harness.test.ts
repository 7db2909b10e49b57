import fs from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { assertDurable, openDatabase } from '../../server/db/client';
import { checkCrashedDatabase } from '../support/crash-check';
import { prepareCrashDatabase, type CrashFixture } from '../support/crash-fixture';
import { bundleCrashServer, CrashServer } from '../support/crash-servers';
import { CrashWriter, type WriteRecord } from '../support/crash-writer';
import { donationBody } from '../support/ledger';
import { tempDir } from '../support/test-app';

/**
 * G8 — an acknowledged write survives a crash. The server runs in its own process on one SQLite
 * file (production configuration, synchronous=FULL asserted at its start); a writer in this
 * process keeps six durable writes in flight over HTTP — finance recording donations, donors
 * claiming wishes (claims arriving together share one commit) — and the server is killed with SIGKILL at a random moment: after a random
 * number of acknowledged writes plus a few random milliseconds (so the kill lands before, inside
 * and after commits), and in one cycle in ten while it is still opening the database. After each
 * restart on the same file, before anything else is written, crash-check.ts checks the file:
 * integrity_check, the ledger audit (G1, G2, G4), the log only grew, every acknowledged write
 * there as answered, every lost write whole or absent. Then the lost writes are retried with
 * their Idempotency-Keys (as a client would) and must happen exactly once.
 *
 * CRASH_CYCLES=N runs N kills (default 100).
 */
const CYCLES = Number(process.env.CRASH_CYCLES ?? 100);
const CONCURRENCY = 6;
/** How many writes a cycle acknowledges at most before its kill. */
const MAX_ACKS_BEFORE_KILL = 8;
/** Servers loading ahead, so that one is ready when the last one dies (loading is the slow part). */
const SPARES = 2;

const randomInt = (max: number) => Math.floor(Math.random() * (max + 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('G8: the kill -9 harness', () => {
  const dir = tempDir('xinyuan-crash-');
  const servers: CrashServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    `${CYCLES} kills while donations and claims are in flight lose no acknowledged write and leave nothing half-written`,
    { timeout: 120_000 + CYCLES * 6_000 },
    async () => {
      const began = performance.now();
      const [bundle, fixture] = await Promise.all([
        bundleCrashServer(dir),
        Promise.resolve().then(() => prepareCrashDatabase(dir, { wishes: CYCLES * 12, donors: CYCLES })),
      ]);
      const prepared = performance.now();
      const writer = new CrashWriter({ ...fixture, concurrency: CONCURRENCY });
      const spawn = () => {
        const s = new CrashServer(bundle, fixture.env);
        servers.push(s);
        return s;
      };
      const stats = {
        startupKills: 0,
        writeKills: 0,
        killsWithWritesInFlight: 0,
        lostWrites: 0,
        lostCommitted: 0,
        retries: 0,
        startMs: [] as number[],
        checkMs: [] as number[],
        waitForSpareMs: 0,
      };
      let leaves: string[] = [];
      const spares = Array.from({ length: SPARES }, spawn);

      for (let cycle = 0; ; cycle += 1) {
        const server = spares.shift() as CrashServer;
        let t = performance.now();
        await server.loaded;
        stats.waitForSpareMs += performance.now() - t;
        t = performance.now();
        if (cycle < CYCLES && Math.random() < 0.1) {
          // Killed while it opens the database (WAL recovery, migrations, start-up sweep).
          spares.push(spawn());
          server.begin();
          await sleep(randomInt(60));
          await server.kill();
          stats.startupKills += 1;
          continue;
        }
        const url = await server.start();
        stats.startMs.push(performance.now() - t);
        if (cycle < CYCLES) spares.push(spawn());

        t = performance.now();
        const result = check(fixture, writer, leaves);
        stats.checkMs.push(performance.now() - t);
        expect(result.problems, `after kill ${cycle}`).toEqual([]);
        leaves = result.leaves;
        const lost = writer.records.filter((r) => r.state === 'lost');
        stats.lostCommitted += lost.filter((r) => result.committed.has(r.n)).length;
        if (cycle === CYCLES) break;

        // A client retries what it got no answer for: each happens once, answered as stored.
        await Promise.all(
          lost.map((r) => {
            r.retried = true;
            stats.retries += 1;
            return writer.send(url, r);
          }),
        );
        const failed = writer.records.filter((r) => r.state === 'refused' || r.state === 'lost');
        expect(failed.map((r) => `${r.kind} #${r.n}: ${r.problem}`)).toEqual([]);

        writer.start(url, cycle);
        await writer.acked(randomInt(MAX_ACKS_BEFORE_KILL));
        await sleep(randomInt(8));
        const inFlight = writer.inFlight;
        const stopping = writer.stop(); // no new writes from here; those in flight meet the kill
        await server.kill();
        await stopping;
        stats.writeKills += 1;
        if (inFlight > 0) stats.killsWithWritesInFlight += 1;
        const refused = writer.records.filter((r) => r.state === 'refused');
        expect(refused.map((r) => `${r.kind} #${r.n}: ${r.problem}`)).toEqual([]);
        stats.lostWrites += writer.records.filter((r) => r.state === 'lost').length;
      }

      const total = performance.now() - began;
      const acked = writer.records.filter((r) => r.state === 'acked');
      const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
      console.log(
        [
          `crash harness: ${CYCLES} kills (${stats.writeKills} during writes, ${stats.writeKills - stats.killsWithWritesInFlight} of them with nothing in flight; ${stats.startupKills} during start-up)`,
          `  writes: ${writer.records.length} sent, ${acked.length} acknowledged (${acked.filter((r) => r.kind === 'donation').length} donations, ${acked.filter((r) => r.kind === 'claim').length} claims), ${stats.lostWrites} lost to a kill (${stats.lostCommitted} had committed), all retried once`,
          `  time: ${(total / 1000).toFixed(1)} s in all, ${((total - (prepared - began)) / CYCLES).toFixed(0)} ms a cycle; preparing ${Math.round(prepared - began)} ms, start ${avg(stats.startMs)} ms, check ${avg(stats.checkMs)} ms, waiting for the next server to load ${Math.round(stats.waitForSpareMs)} ms in all`,
        ].join('\n'),
      );
      // The kills must have hit writes in flight, or the harness proved little.
      expect(stats.killsWithWritesInFlight).toBeGreaterThanOrEqual(stats.writeKills * 0.8);
      expect(stats.lostWrites).toBeGreaterThan(0);
      expect(acked.length).toBeGreaterThan(CYCLES);
    },
  );
});

describe('G8: the start-up durability check', () => {
  it('refuses a connection that does not fsync every commit (synchronous below FULL) or lacks foreign keys', () => {
    const dir = tempDir('xinyuan-durable-');
    const sqlite = new Database(path.join(dir, 'x.db'));
    try {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('synchronous = NORMAL');
      expect(() => assertDurable(sqlite)).toThrow(/synchronous=1/);
      sqlite.pragma('synchronous = FULL');
      expect(() => assertDurable(sqlite)).not.toThrow();
      sqlite.pragma('foreign_keys = OFF');
      expect(() => assertDurable(sqlite)).toThrow(/foreign_keys=0/);
    } finally {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('G8: the crash checks find what they look for', () => {
  it('an acknowledged write that is missing, a donation without its audit event, a claim without its inbox message, a write nobody sent, a changed leaf', async () => {
    const dir = tempDir('xinyuan-crash-check-');
    const fixture = prepareCrashDatabase(dir, { wishes: 4, donors: 2 });
    const database = openDatabase(fixture.databasePath);
    const app = await buildApp({ config: loadConfig(fixture.env), ...database });
    try {
      const records: WriteRecord[] = [];
      for (const n of [0, 1, 2, 3]) {
        const claim = n % 2 === 1;
        const actor = claim ? (fixture.donors[0] as WriteRecord['actor']) : fixture.finance;
        const wishId = fixture.wishes[n] as string;
        const body = claim ? {} : donationBody({ amountFen: 1000 + n });
        const record: WriteRecord = {
          n,
          kind: claim ? 'claim' : 'donation',
          cycle: 0,
          key: `crash-check-${n}`,
          actor,
          path: claim ? `/api/v1/wishes/${wishId}/claims` : '/api/v1/staff/donations',
          body,
          ...(claim ? { wishId } : { amountFen: 1000 + n }),
          state: 'acked',
        };
        const res = await app.inject({
          method: 'POST',
          url: record.path,
          headers: { authorization: `Bearer ${actor.token}`, 'idempotency-key': record.key },
          payload: body,
        });
        expect(res.statusCode).toBe(201);
        const answer = res.json() as { id: string; donation?: { receiptId: string } | null };
        records.push({ ...record, id: answer.id, receipt: answer.donation?.receiptId });
      }
      const problems = (rs: WriteRecord[], leaves: string[] = []) =>
        checkCrashedDatabase(database.sqlite, rs, leaves, fixture.vkey).problems;
      const clean = checkCrashedDatabase(database.sqlite, records, [], fixture.vkey);
      expect(clean.problems).toEqual([]);
      expect(clean.committed).toEqual(new Set([0, 1, 2, 3]));

      const [donation, claim, , secondClaim] = records as [
        WriteRecord,
        WriteRecord,
        WriteRecord,
        WriteRecord,
      ];
      const neverSent: WriteRecord = { ...donation, n: 9, key: 'crash-check-9', id: 'x', state: 'acked' };
      expect(problems([...records, neverSent])).toEqual([
        expect.stringContaining(
          'acked donation #9 (cycle 0, key crash-check-9): acknowledged, but not in the database',
        ),
      ]);
      expect(problems(records.filter((r) => r !== secondClaim))).toEqual([
        "2 claims by the harness's donors, 1 committed claim writes",
        '4 idempotency records, 3 committed writes',
      ]);
      const changed = [...clean.leaves];
      changed[2] = '00';
      expect(problems(records, changed)).toEqual(['ledger leaf 2 changed or vanished since the last check']);

      // Half-written (the append-only triggers dropped to make it so).
      database.sqlite.exec('DROP TRIGGER audit_events_no_delete');
      database.sqlite
        .prepare("DELETE FROM audit_events WHERE action = 'ledger.donation' AND target_id = ?")
        .run(donation.id);
      database.sqlite
        .prepare('DELETE FROM notifications WHERE claim_id = (SELECT id FROM claims WHERE public_id = ?)')
        .run(claim.id);
      expect(problems(records)).toEqual([
        'acked donation #0 (cycle 0, key crash-check-0): half-written: without audit event',
        'acked claim #1 (cycle 0, key crash-check-1): half-written: without inbox message',
        "2 claims by the harness's donors, 1 committed claim writes",
        '2 harness transactions in the ledger, 1 committed donation writes',
        '4 idempotency records, 2 committed writes',
      ]);
    } finally {
      await app.close();
      database.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function check(fixture: CrashFixture, writer: CrashWriter, leaves: string[]) {
  const sqlite = new Database(fixture.databasePath, { readonly: true, fileMustExist: true });
  try {
    return checkCrashedDatabase(sqlite, writer.records, leaves, fixture.vkey);
  } finally {
    sqlite.close();
  }
}

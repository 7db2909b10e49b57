import { donationBody } from './ledger';

/**
 * The crash harness's client: durable writes over real HTTP (finance records donations, donors
 * claim wishes), each with its own Idempotency-Key, and a record of what became of each one.
 * A write is acknowledged only when its whole 201 answer has arrived and parsed; a write whose
 * connection died first is `lost` (it may or may not have committed — the checks find out).
 */

export interface Actor {
  userId: number;
  token: string;
}

export type WriteState = 'in-flight' | 'acked' | 'lost' | 'refused';

export interface WriteRecord {
  n: number;
  kind: 'donation' | 'claim';
  /** The cycle (server start) it was first sent in. */
  cycle: number;
  key: string;
  actor: Actor;
  path: string;
  body: object;
  /** Donations: the amount; claims: the wish. */
  amountFen?: number;
  wishId?: string;
  state: WriteState;
  /** From the 201 answer: the ledger transaction's or the claim's public id (and the receipt). */
  id?: string;
  receipt?: string;
  /** A refusal's status and body, or a lost write's network error. */
  problem?: string;
  /** Sent again with the same key after a restart (a client retrying). */
  retried?: boolean;
}

export interface WriterOptions {
  finance: Actor;
  donors: Actor[];
  /** Published one-share wishes nobody has claimed; each is claimed at most once. */
  wishes: string[];
  /** Requests kept in flight at once. */
  concurrency: number;
}

export class CrashWriter {
  readonly records: WriteRecord[] = [];
  private nextWish = 0;
  private nextDonor = 0;
  private stopped = true;
  private loops: Promise<void>[] = [];
  private ackWaiters: { count: number; resolve: () => void }[] = [];
  private acksThisRun = 0;

  constructor(private readonly options: WriterOptions) {}

  /** Starts `concurrency` loops writing to the server at `baseUrl` (until `stop` or the server dies). */
  start(baseUrl: string, cycle: number): void {
    this.stopped = false;
    this.acksThisRun = 0;
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop(baseUrl, cycle));
  }

  /** Resolves once `count` writes of this run have been acknowledged (or the run ended). */
  acked(count: number): Promise<void> {
    if (this.acksThisRun >= count || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.ackWaiters.push({ count, resolve }));
  }

  /** No new writes; resolves once every request in flight has its answer or its error. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    for (const w of this.ackWaiters.splice(0)) w.resolve();
  }

  get inFlight(): number {
    return this.records.filter((r) => r.state === 'in-flight').length;
  }

  private async loop(baseUrl: string, cycle: number): Promise<void> {
    while (!this.stopped) {
      const record = this.next(cycle);
      if (!record) return;
      this.records.push(record);
      await this.send(baseUrl, record);
      if (record.state === 'lost') return;
    }
  }

  private next(cycle: number): WriteRecord | null {
    const n = this.records.length;
    // Two claims to a donation: claims arriving together share a commit (group commit).
    const claim = n % 3 !== 0 && this.nextWish < this.options.wishes.length;
    const key = `crash-${process.pid}-${n}-${Math.random().toString(36).slice(2, 10)}`;
    if (claim) {
      const wishId = this.options.wishes[this.nextWish++] as string;
      const donors = this.options.donors;
      const actor = donors[this.nextDonor++ % donors.length] as Actor;
      return {
        n,
        kind: 'claim',
        cycle,
        key,
        actor,
        path: `/api/v1/wishes/${wishId}/claims`,
        body: {},
        wishId,
        state: 'in-flight',
      };
    }
    const amountFen = 1 + Math.floor(Math.random() * 5_000_000);
    return {
      n,
      kind: 'donation',
      cycle,
      key,
      actor: this.options.finance,
      path: '/api/v1/staff/donations',
      body: donationBody({ amountFen, donorName: `捐赠人${n}` }),
      amountFen,
      state: 'in-flight',
    };
  }

  /** Sends (or re-sends) a write and records what came back. */
  async send(baseUrl: string, record: WriteRecord): Promise<void> {
    record.state = 'in-flight';
    try {
      const res = await fetch(`${baseUrl}${record.path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${record.actor.token}`,
          'idempotency-key': record.key,
          'content-type': 'application/json',
        },
        body: JSON.stringify(record.body),
      });
      const text = await res.text();
      if (res.status !== 201) {
        record.state = 'refused';
        record.problem = `${res.status} ${text}`;
        return;
      }
      const answer = JSON.parse(text) as { id: string; donation?: { receiptId?: string } | null };
      if (record.id !== undefined && record.id !== answer.id) {
        // A retry answered with another object than the first answer: the write happened twice.
        record.state = 'refused';
        record.problem = `retry answered ${answer.id}, the first answer was ${record.id}`;
        return;
      }
      record.id = answer.id;
      record.receipt = answer.donation?.receiptId;
      record.state = 'acked';
      this.acksThisRun += 1;
      for (const w of this.ackWaiters.filter((x) => x.count <= this.acksThisRun)) {
        this.ackWaiters.splice(this.ackWaiters.indexOf(w), 1);
        w.resolve();
      }
    } catch (err) {
      record.state = 'lost';
      record.problem = String((err as { cause?: unknown }).cause ?? err);
    }
  }
}

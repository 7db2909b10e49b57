import http from 'node:http';
import net from 'node:net';
import Database from 'better-sqlite3';

// HTTP at the socket level, for the fault tests: which local address a request comes from,
// bodies sent in pieces or never finished, and what the database holds around it.

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent whole; `undefined` sends no body. */
  body?: string | Buffer;
  /** The loopback address the connection comes from (127.0.0.1 unless given). */
  localAddress?: string;
  agent?: http.Agent | false;
}

/** One request over a real socket; rejects on a connection error (refused, reset). */
export function send(base: string, req: RawRequest): Promise<RawAnswer> {
  const url = new URL(req.path, base);
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: req.method ?? 'GET',
        headers: {
          ...(req.body !== undefined && { 'content-length': String(Buffer.byteLength(req.body)) }),
          ...req.headers,
        },
        ...(req.localAddress && { localAddress: req.localAddress }),
        agent: req.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** A JSON POST as the bearer of `token` (null: anonymously). */
export function postJson(
  base: string,
  path: string,
  token: string | null,
  body: unknown,
  more: Omit<RawRequest, 'path' | 'body'> = {},
): Promise<RawAnswer> {
  return send(base, {
    ...more,
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
      ...more.headers,
    },
    body: JSON.stringify(body),
  });
}

/** What a raw socket saw: the bytes the server sent, and when it closed (ms after connecting). */
export interface SocketOutcome {
  received: string;
  closedAfterMs: number;
}

/**
 * Opens a connection, writes `head`, then `drip` every `everyMs` until the server closes the
 * connection (or `giveUpMs` passes, when the client closes it itself).
 */
export function trickle(
  port: number,
  head: string,
  drip: string,
  everyMs: number,
  giveUpMs: number,
): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => socket.write(drip), everyMs);
    });
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ received, closedAfterMs: performance.now() - started });
    });
  });
}

/**
 * Opens a connection, writes `head`, then `frame` over and over (as fast as the server reads)
 * until `total` bytes are sent or the server answers or closes; resolves with what it sent back
 * once the connection is closed (by the server, or by the client 3 s after its last byte).
 */
export function flood(
  port: number,
  head: string,
  frame: string,
  total: number,
): Promise<SocketOutcome & { sent: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let sent = 0;
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ received, sent, closedAfterMs: performance.now() - started }));
    const pump = () => {
      while (sent < total && received === '' && !socket.destroyed) {
        sent += frame.length;
        if (!socket.write(frame)) return void socket.once('drain', pump);
      }
      setTimeout(() => socket.destroy(), 3_000).unref();
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
  });
}

/** A request whose head (and part of its body) is sent; the rest waits for `finish`. */
export interface PendingRequest {
  finish(rest: string): void;
  /** Everything the server sent, once it closes the connection. */
  answer: Promise<SocketOutcome>;
}

export function startRequest(port: number, head: string): PendingRequest {
  const started = performance.now();
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString()));
  socket.on('error', () => undefined);
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  void connected.then(() => socket.write(head));
  return {
    finish: (rest) => void connected.then(() => socket.write(rest)),
    answer: new Promise((resolve) =>
      socket.on('close', () => resolve({ received, closedAfterMs: performance.now() - started })),
    ),
  };
}

/** Row counts of every table and the newest ledger leaf: what a refused request must leave as it was. */
export function databaseState(file: string): Record<string, number | string> {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    const state: Record<string, number | string> = {};
    for (const t of tables) {
      state[t] = sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number;
    }
    state.lastLeaf = String(
      sqlite
        .prepare('SELECT hex(leaf_hash) FROM ledger_transactions ORDER BY leaf_index DESC LIMIT 1')
        .pluck()
        .get(),
    );
    return state;
  } finally {
    sqlite.close();
  }
}

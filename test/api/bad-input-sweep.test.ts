import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Endpoint } from '../../shared/contract';
import { ERRORS } from '../../shared/errors';
import { newSessionToken } from '../../server/modules/auth/session-rules';
import { newKey } from '../support/donors';
import { multipartBody, testJpeg, type FormPart } from '../support/media';
import {
  allows,
  orgOf,
  ROUTES,
  type Call,
  type FieldKind,
  type RouteSpec,
  type TargetSpec,
} from '../support/route-inventory';
import {
  ACTORS,
  buildWorld,
  changedTables,
  dbSnapshot,
  guessedId,
  type ActorKey,
  type Sample,
  type World,
} from '../support/route-samples';

/**
 * The bad inputs of QUALITY.md against every write route of the route inventory, called as an
 * actor allowed to make it, with an otherwise valid request: each class that applies → a 4xx with
 * a stable code of shared/errors.ts and a message — never a 5xx — and the database as it was (row
 * counts, largest rowids, rows written per table, the ledger's Merkle root). Classes:
 * amounts (every integer field), Idempotency-Key (missing, empty, 10 KB, malformed, two values,
 * reused with another body, reused by another user), mass assignment (status, orgId, role,
 * verified, balance, openid, userId … at the top and inside nested objects), forged identity
 * (X-User-Id / openid headers, alg:none and expired tokens, a login code used twice), prototype
 * pollution, strings (NUL, CR/LF, U+202E, zero-width, BOM, lone surrogates, over-long; HTML/script
 * and SQL are text and are stored as such), ids, lists, enums, flags, formats, dates (impossible,
 * mis-shaped, far future, far past), and query strings of every list (huge, negative and repeated
 * limits, unknown offset and sort, a bad cursor, broken UTF-8).
 *
 * Proven elsewhere, not repeated: bodies over the limit, deep and huge JSON, text/plain, forms,
 * multipart and no Content-Type on every write route with a body (resource-limits.test.ts);
 * malformed JSON and XML (errors.test.ts); personal data typed into public text
 * (wishes-bad-input.test.ts); uploads (media.test.ts); 50 parallel claims (claims.test.ts).
 */

/** Values no positive integer field (fen, counts, years, versions) may take. */
const BAD_AMOUNTS: [string, string][] = [
  ['-1', '-1'],
  ['0', '0'],
  ['12.345', '12.345'],
  ['"100"', '"100"'],
  ['"1e3"', '"1e3"'],
  ['1e999', '1e999'],
  ['2^53 + 1', '9007199254740993'],
  ['full-width "１００"', '"１００"'],
  ['null', 'null'],
  ['true', 'true'],
  ['[100]', '[100]'],
];

/** Text that no line of text accepts. */
const BAD_LINES: [string, string][] = [
  ['NUL', JSON.stringify('书包\u0000')],
  ['CR/LF (log injection)', JSON.stringify('书包\r\nINFO forged line')],
  ['a line feed', JSON.stringify('书包\n第二行')],
  ['U+202E', JSON.stringify('书包\u202e元8.3')],
  ['a zero-width space', JSON.stringify('书\u200b包')],
  ['a byte-order mark', JSON.stringify('书\ufeff包')],
  ['a lone surrogate', '"书包\\ud800"'],
  ['2 001 characters', JSON.stringify('长'.repeat(2001))],
  ['a number', '42'],
];
/** Several lines are fine in a paragraph; the rest is not. */
const BAD_PARAGRAPHS = BAD_LINES.filter(
  ([name]) => name !== 'CR/LF (log injection)' && name !== 'a line feed',
);

/** Dates of the right shape out of any sensible range: refused, by the schema or by the use case (4xx). */
const FAR_DATES: [string, string][] = [
  ['far future (9999)', '"9999-12-31"'],
  ['far past (1000)', '"1000-01-01"'],
  ['before 1990', '"1989-12-31"'],
];

const BAD_DATES: [string, string][] = [
  ['30 February', '"2026-02-30"'],
  ['month 13', '"2026-13-01"'],
  ['no leading zeros', '"2026-1-1"'],
  ['a two-digit year', '"26-01-01"'],
  ['a date-time', '"2026-01-01T00:00:00Z"'],
  ['a number', '20260101'],
  ['year 0001', '"0001-01-01"'],
];

const BAD_IDS: [string, string][] = [
  ['not an id', '"not-an-id"'],
  ['empty', '""'],
  ['17 characters', `"${'A'.repeat(17)}"`],
  ['a path', '"../../etc/passwd"'],
  ['SQL', `"' OR 1=1 --"`],
  ['a number', '123'],
];

const BAD_ENUMS: [string, string][] = [
  ['unknown word', '"dragons"'],
  ['empty', '""'],
  ['a number', '1'],
  ['a list', '["x"]'],
];

const BAD_BOOLEANS: [string, string][] = [
  ['"true"', '"true"'],
  ['1', '1'],
];

const BAD_FORMATS: [string, string][] = [
  ['spaces', '"   "'],
  ['HTML', '"<script>alert(1)</script>"'],
  ['SQL', `"' OR 1=1 --"`],
  ['full-width digits', '"１３８００１３８０００"'],
  ['200 characters', `"${'9'.repeat(200)}"`],
  ['a number', '13800138000'],
];

const badIdLists = (): [string, string][] => [
  ['empty', '[]'],
  ['not ids', '["x"]'],
  ['101 ids', JSON.stringify(Array.from({ length: 101 }, () => guessedId()))],
  ['20 000 numbers', JSON.stringify(Array<number>(20_000).fill(1))],
  ['not a list', '"x"'],
];

/** Fields that would grant something if a server trusted them. */
const MASS_FIELDS = [
  'status',
  'orgId',
  'role',
  'verified',
  'balance',
  'openid',
  'userId',
  'isPlatformAdmin',
  'id',
  'createdBy',
];

/** A marker text: a value of this shape in a body is replaced by the raw JSON it carries. */
const RAW = '\u0001raw:';

function setPath(body: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.split('.');
  let at = copy;
  for (const k of keys.slice(0, -1)) {
    if (typeof at[k] !== 'object' || at[k] === null) at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys.at(-1) as string] = value;
  return copy;
}

/** JSON text of `body`, with every RAW marker string replaced by the raw JSON it carries. */
function rawJson(body: unknown): string {
  return JSON.stringify(body).replace(/"\\u0001raw:((?:[^"\\]|\\.)*)"/g, (_m, raw: string) =>
    JSON.parse(`"${raw}"`),
  );
}
const raw = (text: string) => `${RAW}${text}`;

interface Base {
  spec: RouteSpec;
  actor: ActorKey;
  target: TargetSpec | null;
  sample: Sample | null;
  call: Call;
}

interface Counts {
  refused: number;
  accepted: number;
}

describe('bad-input sweep', () => {
  let w: World;
  const counts: Counts = { refused: 0, accepted: 0 };
  const started = Date.now();

  beforeAll(async () => {
    w = await buildWorld();
  }, 120_000);
  afterAll(async () => {
    console.log(
      `bad-input sweep: ${counts.refused + counts.accepted} cases ` +
        `(${counts.refused} refused with the database unchanged, ${counts.accepted} accepted as harmless) ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await w?.close();
  });

  const writes = ROUTES.filter((r) => r.method !== 'GET' && (!r.variantOf || r.fields));
  const withFields = writes.filter((r) => r.fields && !r.body);

  /** The route's allowed caller and object: the bureau's, else the first it may call. */
  function pick(spec: RouteSpec): { actor: ActorKey; target: TargetSpec | null } {
    for (const target of spec.targets ?? [null]) {
      if (target?.missing || target?.hidden) continue;
      const actor = ACTORS.find((a) => allows(spec, a, target));
      if (actor) return { actor, target };
    }
    throw new Error(`nobody may call ${spec.name}`);
  }

  /** A valid call as its allowed caller on a fresh object (`other`: the second caller, on its own). */
  async function validCall(spec: RouteSpec, other = false, as?: ActorKey): Promise<Base> {
    let { actor, target } = pick(spec);
    if (as) actor = as;
    if (other) {
      const second = (spec.targets ?? [null])
        .flatMap((t) =>
          ACTORS.filter((a) => a !== actor && allows(spec, a, t)).map((a) => ({ actor: a, target: t })),
        )
        .find((c) => !c.target?.hidden);
      if (!second) throw new Error(`${spec.name} has one caller only`);
      ({ actor, target } = second);
    }
    const sample = target?.kind
      ? await w.make(target.kind, target.org ?? 'B', target.owner === 'self' ? actor : target.owner)
      : null;
    const call = await spec.call({
      w,
      actor,
      target: sample,
      variant: target,
      org: orgOf(actor, sample),
      allowed: true,
    });
    return { spec, actor, target, sample, call };
  }

  /** Base calls per route, made once: a refused request uses nothing up. */
  const bases = new Map<string, Promise<Base>>();
  const baseOf = (spec: RouteSpec) => {
    if (!bases.has(spec.name)) bases.set(spec.name, validCall(spec));
    return bases.get(spec.name) as Promise<Base>;
  };

  function send(
    base: Base,
    over: {
      body?: unknown;
      text?: string;
      headers?: Record<string, string | string[]>;
      token?: string | null;
      /** The Idempotency-Key to send (null: none); default a fresh one where the route needs it. */
      key?: string | string[] | null;
      url?: string;
    } = {},
  ): Promise<LightMyRequestResponse> {
    const { spec, actor, call } = base;
    const who =
      over.token !== undefined
        ? { token: over.token }
        : call.token !== undefined
          ? { token: call.token }
          : actor;
    const body =
      over.text ??
      (over.body !== undefined
        ? rawJson(over.body)
        : call.body !== undefined
          ? rawJson(call.body)
          : undefined);
    const key = over.key !== undefined ? over.key : spec.idempotencyKey ? newKey() : null;
    return w.inject(who, {
      method: spec.method,
      url: over.url ?? call.url,
      headers: {
        ...(key !== null && { 'idempotency-key': key }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...call.raw?.headers,
        ...call.headers,
        ...over.headers,
      },
      ...(body !== undefined ? { payload: body } : call.raw && { payload: call.raw.payload }),
    });
  }

  /** What is wrong with a refusal: its status and code, its message, the database. */
  async function refused(
    base: Base,
    name: string,
    request: () => Promise<LightMyRequestResponse>,
    expected: { status?: number[]; codes?: string[] } = {},
  ): Promise<string[]> {
    const before = dbSnapshot(w.t);
    const res = await request();
    counts.refused += 1;
    const problems: string[] = [];
    let code = '';
    let message = '';
    try {
      const body = res.json() as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? '';
      message = body.error?.message ?? '';
    } catch {
      // not JSON: reported below
    }
    const known = ERRORS[code as keyof typeof ERRORS];
    if (res.statusCode < 400 || res.statusCode >= 500) {
      problems.push(`${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    } else if (!known || known.status !== res.statusCode || !message) {
      problems.push(
        `${name}: ${res.statusCode} without a stable code and message: ${res.body.slice(0, 120)}`,
      );
    } else if (expected.codes && !expected.codes.includes(code)) {
      problems.push(`${name}: ${res.statusCode} ${code}, expected ${expected.codes.join(' or ')}`);
    } else if (expected.status && !expected.status.includes(res.statusCode)) {
      problems.push(`${name}: ${res.statusCode} ${code}, expected status ${expected.status.join(' or ')}`);
    }
    const changed = changedTables(before, dbSnapshot(w.t));
    if (changed.length) problems.push(`${name}: changed ${changed.join(', ')}`);
    if (({} as Record<string, unknown>).isAdmin !== undefined)
      problems.push(`${name}: Object.prototype polluted`);
    return problems;
  }

  /** Field-level refusals: 400 VALIDATION_FAILED naming the field (format fields: any stable 4xx). */
  async function fieldCases(spec: RouteSpec, path: string, values: [string, string][], validation = true) {
    const base = await baseOf(spec);
    const problems: string[] = [];
    const nullable = spec.nullable?.includes(path);
    for (const [name, value] of values) {
      // A nullable field's null, and blank text (which means "none"), are valid.
      if (nullable && (value === 'null' || value === '"   "')) continue;
      const body = setPath(base.call.body, path, raw(value));
      const why = spec.accepts?.[`${path} = ${name}`];
      if (why) {
        const res = await send(base, { body });
        counts.accepted += 1;
        if (res.statusCode < 200 || res.statusCode > 299)
          problems.push(`${path} = ${name} (${why}): ${res.statusCode}`);
        continue;
      }
      const found = await refused(
        base,
        `${path} = ${name}`,
        () => send(base, { body }),
        validation ? { codes: ['VALIDATION_FAILED'] } : {},
      );
      problems.push(...found);
    }
    return problems;
  }

  describe('the inventory describes every body', () => {
    it('names each field of each write route’s body schema (so the sweep reaches new fields)', () => {
      const missing: string[] = [];
      for (const spec of writes.filter((r) => r.contract)) {
        const endpoint = (contract as Record<string, Endpoint>)[spec.name];
        if (!endpoint?.body) continue;
        for (const key of shapeKeys(endpoint.body)) {
          if (!spec.fields?.[key] && !ROUTES.some((r) => r.variantOf === spec.name && r.fields?.[key])) {
            missing.push(`${spec.name}.${key}`);
          }
        }
      }
      expect(missing).toEqual([]);
    });
  });

  for (const spec of withFields) {
    describe(`${spec.method} ${spec.path} (${spec.name})`, () => {
      const fields = Object.entries(spec.fields ?? {});
      const byKind = (kinds: FieldKind[]) => fields.filter(([, k]) => kinds.includes(k)).map(([p]) => p);

      if (byKind(['positive', 'nonnegative']).length) {
        it('amounts and counts', async () => {
          const problems: string[] = [];
          for (const path of byKind(['positive', 'nonnegative'])) {
            const values = BAD_AMOUNTS.filter(([n]) => !(spec.fields?.[path] === 'nonnegative' && n === '0'));
            problems.push(...(await fieldCases(spec, path, values)));
          }
          expect(problems).toEqual([]);
        });
      }

      if (byKind(['line', 'paragraph']).length) {
        it('text: control, invisible and direction characters, lone surrogates, over-long', async () => {
          const problems: string[] = [];
          for (const path of byKind(['line'])) problems.push(...(await fieldCases(spec, path, BAD_LINES)));
          for (const path of byKind(['paragraph']))
            problems.push(...(await fieldCases(spec, path, BAD_PARAGRAPHS)));
          expect(problems).toEqual([]);
        });
      }

      const typed = byKind(['date', 'id', 'ids', 'enum', 'boolean', 'object']);
      if (typed.length) {
        it('dates, ids, lists, enums, flags and nested objects of the wrong shape', async () => {
          const problems: string[] = [];
          for (const path of byKind(['date'])) {
            problems.push(...(await fieldCases(spec, path, BAD_DATES)));
            problems.push(...(await fieldCases(spec, path, FAR_DATES, false)));
          }
          for (const path of byKind(['id'])) problems.push(...(await fieldCases(spec, path, BAD_IDS)));
          for (const path of byKind(['ids'])) problems.push(...(await fieldCases(spec, path, badIdLists())));
          for (const path of byKind(['enum'])) problems.push(...(await fieldCases(spec, path, BAD_ENUMS)));
          for (const path of byKind(['boolean']))
            problems.push(...(await fieldCases(spec, path, BAD_BOOLEANS)));
          for (const path of byKind(['object'])) {
            problems.push(
              ...(await fieldCases(spec, path, [
                ['a string', '"x"'],
                ['a list', '[]'],
                ['null', 'null'],
                ['with a mass-assignment field', JSON.stringify({ verified: true })],
              ])),
            );
          }
          expect(problems).toEqual([]);
        });
      }

      if (byKind(['format']).length) {
        it('fixed-format strings (phones, codes, numbers) with anything else in them', async () => {
          const problems: string[] = [];
          for (const path of byKind(['format']))
            problems.push(...(await fieldCases(spec, path, BAD_FORMATS, false)));
          expect(problems).toEqual([]);
        });
      }

      it('mass assignment: status, orgId, role, verified, balance, openid, userId … → 400', async () => {
        const base = await baseOf(spec);
        const problems: string[] = [];
        const values: Record<string, unknown> = {
          status: 'published',
          orgId: w.orgs.C.publicId,
          role: 'org_admin',
          verified: true,
          balance: 99_999_999,
          openid: 'o-forged',
          userId: guessedId(),
          isPlatformAdmin: true,
          id: guessedId(),
          createdBy: 1,
        };
        for (const field of MASS_FIELDS.filter((f) => !spec.fields?.[f])) {
          const body = { ...(base.call.body as object), [field]: values[field] };
          problems.push(
            ...(await refused(base, field, () => send(base, { body }), { codes: ['VALIDATION_FAILED'] })),
          );
        }
        expect(problems).toEqual([]);
      });

      it('prototype pollution: __proto__ and constructor.prototype → 400 MALFORMED_JSON', async () => {
        const base = await baseOf(spec);
        const valid = JSON.stringify(base.call.body).slice(1);
        const problems = [
          ...(await refused(
            base,
            '__proto__',
            () => send(base, { text: `{"__proto__":{"isAdmin":true},${valid}` }),
            {
              codes: ['MALFORMED_JSON'],
            },
          )),
          ...(await refused(
            base,
            'constructor.prototype',
            () => send(base, { text: `{"constructor":{"prototype":{"isAdmin":true}},${valid}` }),
            { codes: ['MALFORMED_JSON'] },
          )),
        ];
        expect(problems).toEqual([]);
      });
    });
  }

  describe('Idempotency-Key', () => {
    const keyed = writes.filter((r) => r.idempotencyKey && r.fields);
    for (const spec of keyed) {
      it(`${spec.name}: missing, empty, 10 KB, malformed or doubled → 400; reused with another body → 409; by another user → their own`, async () => {
        const base = await baseOf(spec);
        const problems: string[] = [];
        const cases: [string, string | string[] | null, string][] = [
          ['missing', null, 'IDEMPOTENCY_KEY_REQUIRED'],
          ['empty', '', 'IDEMPOTENCY_KEY_REQUIRED'],
          ['10 KB', 'k'.repeat(10 * 1024), 'IDEMPOTENCY_KEY_INVALID'],
          ['7 characters', 'abcdefg', 'IDEMPOTENCY_KEY_INVALID'],
          ['with spaces', 'my key 12345', 'IDEMPOTENCY_KEY_INVALID'],
          ['with HTML', '<script>alert(1)</script>', 'IDEMPOTENCY_KEY_INVALID'],
          ['sent twice', ['key-aaaaaaaa', 'key-bbbbbbbb'], 'IDEMPOTENCY_KEY_INVALID'],
        ];
        for (const [name, key, code] of cases) {
          problems.push(
            ...(await refused(base, `key ${name}`, () => send(base, { key }), { codes: [code] })),
          );
        }

        // A write with a key, its retry, the same key with another body, and another user's same key.
        const first = await validCall(spec);
        const key = newKey();
        const done = await send(first, { key });
        if (done.statusCode >= 300)
          problems.push(`first write: ${done.statusCode} ${done.body.slice(0, 160)}`);
        await spec.settle?.(w);
        const before = dbSnapshot(w.t);
        const retry = await send(first, { key });
        if (retry.statusCode !== done.statusCode || retry.json().id !== done.json().id) {
          problems.push(
            `retry answered ${retry.statusCode} ${retry.body.slice(0, 120)}, not the first answer`,
          );
        }
        const changed = changedTables(before, dbSnapshot(w.t));
        if (changed.length) problems.push(`retry changed ${changed.join(', ')}`);
        const varied = vary(spec, first.call.body);
        if (varied) {
          problems.push(
            ...(await refused(first, 'same key, another body', () => send(first, { key, body: varied }), {
              codes: ['IDEMPOTENCY_KEY_REUSED'],
            })),
          );
        }
        const second = await validCall(spec, true);
        const theirs = await send(second, { key });
        if (theirs.statusCode >= 300) {
          problems.push(`another user, same key: ${theirs.statusCode} ${theirs.body.slice(0, 160)}`);
        } else if (theirs.json().id === done.json().id) {
          problems.push('another user with the same key got the first user’s answer');
        }
        await spec.settle?.(w);
        expect(problems).toEqual([]);
      });
    }

    it('every route that needs a key is swept (directly or through another body shape of it)', () => {
      const swept = new Set(keyed.map((r) => r.path));
      expect(ROUTES.filter((r) => r.idempotencyKey && !swept.has(r.path)).map((r) => r.name)).toEqual([]);
    });
  });

  describe('forged identity', () => {
    /** An unsigned "token" claiming to be the platform admin (alg: none). */
    const algNone = () => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: String(w.userId('admin')), role: 'platform_admin' })}.`;
    };
    /** A session of the caller's that ended yesterday. */
    const expiredToken = (actor: ActorKey) => {
      const { token, hash } = newSessionToken();
      const day = 24 * 60 * 60 * 1000;
      w.t.sqlite
        .prepare(
          'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(hash, w.userId(actor), Date.now() - 3 * day, Date.now() - 2 * day, Date.now() - day);
      return token;
    };

    for (const spec of writes.filter((r) => r.access !== 'public' && !r.variantOf)) {
      it(`${spec.name}: identity headers without a session → 401; alg:none and expired tokens → 401`, async () => {
        const base = await baseOf(spec);
        const forged = {
          'x-user-id': String(w.userId('admin')),
          'x-wx-openid': 'o-admin-forged',
          'x-openid': 'o-admin-forged',
          'x-role': 'platform_admin',
          'x-forwarded-user': 'admin',
        };
        const expired = expiredToken(base.actor);
        const problems = [
          ...(await refused(base, 'forged headers', () => send(base, { token: null, headers: forged }), {
            codes: ['AUTH_REQUIRED'],
          })),
          ...(await refused(base, 'alg:none token', () => send(base, { token: algNone() }), {
            codes: ['SESSION_EXPIRED'],
          })),
          ...(await refused(base, 'expired session', () => send(base, { token: expired }), {
            codes: ['SESSION_EXPIRED'],
          })),
        ];
        if (spec.access === 'platform_admin') {
          problems.push(
            ...(await refused(
              base,
              'a caseworker claiming to be admin',
              () => send(base, { token: w.token('caseworker'), headers: forged }),
              { codes: ['FORBIDDEN'] },
            )),
          );
        }
        expect(problems).toEqual([]);
      });
    }

    it('a login code works once: the SMS code and the WeChat code used again → 400', async () => {
      const problems: string[] = [];
      for (const name of ['verifySmsCode', 'wechatLogin']) {
        const spec = ROUTES.find((r) => r.name === name) as RouteSpec;
        const base = await validCall(spec);
        const first = await send(base);
        if (first.statusCode !== 200) problems.push(`${name} first: ${first.statusCode}`);
        problems.push(
          ...(await refused(base, `${name} again`, () => send(base), {
            codes: name === 'wechatLogin' ? ['WECHAT_CODE_INVALID'] : ['SMS_CODE_EXPIRED'],
          })),
        );
      }
      expect(problems).toEqual([]);
    });
  });

  describe('writes without a body', () => {
    const bodiless = writes.filter((r) => !r.fields && !r.body && !r.variantOf);
    const privileges = () =>
      JSON.stringify([
        w.t.sqlite.prepare('SELECT id, is_platform_admin FROM users ORDER BY id').all(),
        w.t.sqlite.prepare('SELECT id, user_id, org_id, role, region_id FROM memberships ORDER BY id').all(),
        w.t.sqlite.prepare('SELECT id, org_id, beneficiary_id FROM wishes ORDER BY id').all(),
        w.t.sqlite.prepare('SELECT id, org_id FROM beneficiaries ORDER BY id').all(),
      ]);

    for (const spec of bodiless) {
      it(`${spec.name}: __proto__ and malformed JSON → 400; fields it does not read are ignored and grant nothing`, async () => {
        const base = await baseOf(spec);
        const problems = [
          ...(await refused(base, '__proto__', () => send(base, { text: '{"__proto__":{"isAdmin":true}}' }), {
            codes: ['MALFORMED_JSON'],
          })),
          ...(await refused(
            base,
            'constructor.prototype',
            () => send(base, { text: '{"constructor":{"prototype":{"isAdmin":true}}}' }),
            { codes: ['MALFORMED_JSON'] },
          )),
          ...(await refused(base, 'malformed JSON', () => send(base, { text: '{"status":' }), {
            codes: ['MALFORMED_JSON'],
          })),
        ];
        // Accepted, but harmless: the route reads no body, so nothing in it is trusted.
        const fresh = await validCall(spec);
        const before = privileges();
        const admin = w.t.sqlite
          .prepare('SELECT public_id FROM users WHERE is_platform_admin = 1')
          .pluck()
          .get();
        const res = await send(fresh, {
          body: {
            status: 'cancelled',
            orgId: w.orgs.C.publicId,
            role: 'org_admin',
            verified: true,
            balance: 99_999_999,
            openid: 'o-forged',
            userId: admin,
            isPlatformAdmin: true,
          },
        });
        counts.accepted += 1;
        if (res.statusCode < 200 || res.statusCode > 299) {
          problems.push(`with an unread body: ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
        if (privileges() !== before)
          problems.push('an unread body changed a role, an admin flag or an owner');
        if (res.body.includes('99999999') || res.body.includes('o-forged'))
          problems.push('echoes the unread body');
        await spec.settle?.(w);
        expect(problems).toEqual([]);
      });
    }
  });

  describe('HTML, script and SQL are text', () => {
    const VALUE = `<s>';--`;
    const texts = withFields.filter((r) =>
      Object.values(r.fields ?? {}).some((k) => k === 'line' || k === 'paragraph'),
    );

    /** Whether some text column of `table` holds `text` exactly as sent. */
    function storedIn(table: string, text: string): boolean {
      const columns = (
        w.t.sqlite.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as {
          name: string;
          type: string;
        }[]
      )
        .filter((c) => /text|json|^$/i.test(c.type))
        .map((c) => c.name);
      return columns.some(
        (c) =>
          w.t.sqlite.prepare(`SELECT 1 FROM "${table}" WHERE instr("${c}", ?) > 0 LIMIT 1`).get(text) !==
          undefined,
      );
    }

    for (const spec of texts) {
      it(`${spec.name}: stored verbatim in every text field`, async () => {
        const problems: string[] = [];
        for (const [path, kind] of Object.entries(spec.fields ?? {})) {
          if (kind !== 'line' && kind !== 'paragraph') continue;
          const fresh = await validCall(spec);
          const before = dbSnapshot(w.t);
          const res = await send(fresh, { body: setPath(fresh.call.body, path, VALUE) });
          counts.accepted += 1;
          if (res.statusCode < 200 || res.statusCode > 299) {
            problems.push(`${path}: ${res.statusCode} ${res.body.slice(0, 160)}`);
            continue;
          }
          const written = changedTables(before, dbSnapshot(w.t)).filter((t) => t !== 'ledger root');
          if (!written.some((table) => storedIn(table, VALUE))) {
            problems.push(`${path}: not stored verbatim (${written.join(', ')})`);
          }
          await spec.settle?.(w);
        }
        expect(problems).toEqual([]);
      });
    }
  });

  it('an amount written 1e3 is the number 1000 (JSON’s grammar): booked as 1000 fen', async () => {
    const spec = ROUTES.find((r) => r.name === 'recordDonation') as RouteSpec;
    const base = await validCall(spec);
    const res = await send(base, { body: { ...(base.call.body as object), amountFen: raw('1e3') } });
    counts.accepted += 1;
    expect(res.statusCode).toBe(201);
    expect(res.json().postings.map((p: { amountFen: number }) => Math.abs(p.amountFen))).toEqual([
      1000, 1000,
    ]);
  });

  describe('query strings', () => {
    const lists = ROUTES.filter(
      (r) =>
        r.method === 'GET' &&
        r.contract &&
        (contract as Record<string, Endpoint>)[r.name]?.query !== undefined,
    );

    for (const spec of lists) {
      it(`${spec.name}: huge, negative and repeated numbers, a forged cursor, broken UTF-8 → 400; unknown parameters as the schema says`, async () => {
        const endpoint = (contract as Record<string, Endpoint>)[spec.name] as Endpoint;
        const keys = shapeKeys(endpoint.query);
        const strict = isStrict(endpoint.query);
        const base = await baseOf(spec);
        const [path, query = ''] = base.call.url.split('?');
        const params = new URLSearchParams(query);
        /** The base query with `extra` put in (replacing a parameter of the same name, or adding). */
        const url = (extra: string, replace = true) => {
          const p = new URLSearchParams(params);
          const added = extra.split('&').map((kv) => kv.split('=') as [string, string]);
          if (replace) for (const [k] of added) p.delete(k);
          const rest = p.toString();
          return `${path}?${[rest, extra].filter(Boolean).join('&')}`;
        };
        const problems: string[] = [];
        const bad: [string, string][] = [
          ['broken UTF-8', 'x=%E0%A4%A'],
          ['an invalid byte', 'x=%FF'],
        ];
        if (keys.includes('limit')) {
          bad.push(
            ['limit 100000', 'limit=100000'],
            ['limit -1', 'limit=-1'],
            ['limit twice', 'limit=1&limit=2'],
            ['limit 1e3', 'limit=1e3'],
            ['limit abc', 'limit=abc'],
          );
        }
        if (keys.includes('cursor')) bad.push(['a forged cursor', 'cursor=garbage']);
        for (const k of keys.filter((k) =>
          ['start', 'end', 'index', 'size', 'first', 'second'].includes(k),
        )) {
          bad.push(
            [`${k} -1`, `${k}=-1`],
            [`${k} 1e3`, `${k}=1e3`],
            [`${k} huge`, `${k}=99999999999999999999`],
          );
          bad.push([`${k} twice`, `${k}=1&${k}=2`]);
        }
        for (const k of keys.filter((k) => ['from', 'to'].includes(k)))
          bad.push([`${k} in the year 1000`, `${k}=1000-01-01`]);
        if (keys.includes('sort')) bad.push(['an unknown sort', 'sort=zzz']);
        if (strict) bad.push(['an unknown parameter', 'offset=-1'], ['an unknown sort', 'sort=zzz']);
        for (const [name, extra] of bad) {
          problems.push(
            ...(await refused(base, name, () => send(base, { url: url(extra) }), { status: [400] })),
          );
        }
        if (!strict) {
          // A non-strict query schema drops parameters it does not name: the same answer as without them.
          const plain = await send(base);
          for (const extra of ['offset=-1', 'sort=zzz', 'a=1&a=2'].filter(
            (e) => !keys.includes(e.split('=')[0] ?? ''),
          )) {
            const res = await send(base, { url: url(extra, false) });
            counts.accepted += 1;
            if (res.statusCode !== 200)
              problems.push(`${extra}: ${res.statusCode} ${res.body.slice(0, 120)}`);
            else if (
              JSON.stringify(res.json().items ?? null) !== JSON.stringify(plain.json().items ?? null)
            ) {
              problems.push(`${extra}: changed the answer`);
            }
          }
        }
        expect(problems).toEqual([]);
      });
    }
  });

  describe('routes that read their own bodies', () => {
    let photo: FormPart;
    beforeAll(async () => {
      photo = { name: 'file', filename: 'receipt.jpg', type: 'image/jpeg', data: await testJpeg() };
    });
    const sendForm = (base: Base, parts: FormPart[]) => {
      const body = multipartBody(parts);
      return w.inject(base.actor, {
        method: 'POST',
        url: base.call.url,
        headers: body.headers,
        payload: body.payload,
      });
    };

    it('the WeChat message push: unsigned → 401 whatever the body; malformed → 400; a signed __proto__ is inert', async () => {
      const spec = ROUTES.find((r) => r.name === 'wechatPushEvent') as RouteSpec;
      const base = await validCall(spec);
      const unsigned = base.call.url.replace(/signature=[0-9a-f]+/, `signature=${'0'.repeat(40)}`);
      const problems = [
        ...(await refused(
          base,
          'unsigned',
          () => send(base, { url: unsigned, text: '{"__proto__":{"isAdmin":true}}' }),
          { codes: ['WECHAT_SIGNATURE_INVALID'] },
        )),
        ...(await refused(base, 'malformed', () => send(base, { text: '{"Event":' }), {
          codes: ['MALFORMED_JSON'],
        })),
      ];
      const polluted = await send(base, {
        text: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}',
      });
      counts.accepted += 1;
      expect(polluted.statusCode).toBe(200);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(problems).toEqual([]);
    });

    it('the photo upload: JSON instead of a form, no file, an unknown purpose → 4xx; extra fields grant nothing', async () => {
      const spec = ROUTES.find((r) => r.name === 'uploadMedia') as RouteSpec;
      const base = await validCall(spec, false, 'otherDonor');
      const problems = [
        ...(await refused(base, 'a JSON body', () => send(base, { text: '{"purpose":"receipt"}' }))),
        ...(await refused(base, 'no file', () => sendForm(base, [{ name: 'purpose', value: 'receipt' }]))),
        ...(await refused(base, 'an unknown purpose', () =>
          sendForm(base, [{ name: 'purpose', value: 'avatar' }, photo]),
        )),
        ...(await refused(base, 'a __proto__ field', () =>
          sendForm(base, [{ name: '__proto__', value: 'x' }, { name: 'purpose', value: 'receipt' }, photo]),
        )),
      ];
      const extra = await sendForm(base, [
        { name: 'purpose', value: 'receipt' },
        { name: 'userId', value: String(w.userId('admin')) },
        { name: 'orgId', value: w.orgs.C.publicId },
        photo,
      ]);
      if (extra.statusCode === 201) {
        counts.accepted += 1;
        const row = w.t.sqlite
          .prepare('SELECT uploader_user_id AS u, org_id AS o FROM media WHERE public_id = ?')
          .get(extra.json().id);
        expect(row).toEqual({ u: w.userId(base.actor), o: null });
      } else {
        problems.push(...(await refused(base, 'extra fields', async () => extra)));
      }
      expect(problems).toEqual([]);
    });
  });
});

/** The request with another value in it: a number one more, or text with more words. */
function vary(spec: RouteSpec, body: unknown): unknown {
  for (const [path, kind] of Object.entries(spec.fields ?? {})) {
    const value = path
      .split('.')
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], body);
    if (kind === 'positive' && typeof value === 'number') return setPath(body, path, value + 1);
    if ((kind === 'line' || kind === 'paragraph') && typeof value === 'string')
      return setPath(body, path, `${value}又`);
  }
  return null;
}

/** Whether an object schema refuses keys it does not name. */
function isStrict(schema: unknown): boolean {
  const def = (schema as { _zod?: { def?: { catchall?: { _zod?: { def?: { type?: string } } } } } })._zod
    ?.def;
  return def?.catchall?._zod?.def?.type === 'never';
}

/** The top-level and nested field paths of a (strict) object schema, unions included. */
function shapeKeys(schema: unknown, prefix = ''): string[] {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def ?? {};
  const type = def.type as string | undefined;
  if (type === 'object') {
    const shape = def.shape as Record<string, unknown>;
    return Object.entries(shape).flatMap(([k, v]) => [`${prefix}${k}`, ...nested(v, `${prefix}${k}.`)]);
  }
  if (type === 'union') return [...new Set((def.options as unknown[]).flatMap((o) => shapeKeys(o, prefix)))];
  if (type === 'pipe') return shapeKeys(def.in, prefix);
  return [];
}

/** Fields inside an object-valued field (through optional / nullable / default wrappers). */
function nested(schema: unknown, prefix: string): string[] {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def ?? {};
  const type = def.type as string | undefined;
  if (type === 'optional' || type === 'nullable' || type === 'default') return nested(def.innerType, prefix);
  if (type === 'object' || type === 'union') return shapeKeys(schema, prefix);
  return [];
}

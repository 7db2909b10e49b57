import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { ERRORS } from '../../shared/errors';
import { newKey } from '../support/donors';
import {
  allows,
  orgOf,
  ROUTES,
  type Call,
  type RouteSpec,
  type TargetSpec,
} from '../support/route-inventory';
import {
  ACTOR_INFO,
  ACTORS,
  buildWorld,
  guessedId,
  refusalsOf,
  rowWrites,
  type ActorKey,
  type Sample,
  type World,
} from '../support/route-samples';

/**
 * G11, the access matrix: every route of the inventory × every actor (anonymous, the donor,
 * another donor, caseworkers of the object's village, of another village and of another
 * organization, reviewers, finance clerks and administrators of both organizations, the platform
 * administrator) × every object the route can name (the bureau's, the charity's, another donor's,
 * a guessed id, a deleted one). The expectation comes from the route's declarative rule alone:
 * - allowed → 2xx;
 * - refused → 401/403/404 with a stable code of shared/errors.ts and its message, nothing of the
 *   object in the body, nothing in the database changed — and, when the object exists and is
 *   someone's, an `access.refused` audit event for the caller.
 * Refusals run first on each object; allowed calls that use an object up get a fresh one.
 */

/** Every route the app registered (method and URL pattern), read from Fastify's route tree. */
export function registeredRoutes(tree: string): { method: string; url: string }[] {
  const out: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    const url = `${stack.at(-1) ?? ''}${m[2] ?? ''}`;
    stack.push(url);
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD') out.push({ method, url });
    }
  }
  return out;
}

interface Counts {
  cases: number;
  allowed: number;
  refused: number;
  audited: number;
}

describe('access matrix (G11)', () => {
  let w: World;
  const counts: Counts = { cases: 0, allowed: 0, refused: 0, audited: 0 };
  const started = Date.now();
  /** Known gaps the inventory documents (refusals not audited yet), listed in the summary. */
  const gaps = new Set<string>();

  beforeAll(async () => {
    w = await buildWorld();
  }, 120_000);
  afterAll(async () => {
    console.log(
      `access matrix: ${ROUTES.length} inventory entries, ${counts.cases} calls ` +
        `(${counts.allowed} allowed, ${counts.refused} refused, ${counts.audited} refusals audited) ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const gap of gaps) console.log(`known gap — ${gap}`);
    await w?.close();
  });

  describe('the route inventory', () => {
    it('has exactly one entry for every endpoint of the contract, with its method, path and access', () => {
      for (const [name, endpoint] of Object.entries(contract)) {
        const entries = ROUTES.filter((r) => r.contract && r.name === name);
        expect(entries, `contract endpoint ${name} has no inventory entry`).toHaveLength(1);
        const [entry] = entries;
        expect({ method: entry?.method, path: entry?.path, access: entry?.access }, name).toEqual({
          method: endpoint.method,
          path: endpoint.path,
          access: endpoint.access,
        });
      }
      const names = new Set(Object.keys(contract));
      expect(ROUTES.filter((r) => r.contract && !names.has(r.name)).map((r) => r.name)).toEqual([]);
    });

    it('covers every route the app registers, and names none it does not', () => {
      const registered = registeredRoutes(w.t.app.printRoutes({ commonPrefix: false }));
      expect(registered.length).toBeGreaterThan(70);
      const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
      const inventory = new Set(ROUTES.map((r) => key({ method: r.method, url: r.path })));
      expect(registered.filter((r) => !inventory.has(key(r))).map(key)).toEqual([]);
      const known = new Set(registered.map(key));
      expect([...inventory].filter((k) => !known.has(k))).toEqual([]);
    });

    it('marks every write that needs an Idempotency-Key: without one its allowed caller gets 400', async () => {
      // Every write that needs one says so: without it, its allowed caller gets 400 IDEMPOTENCY_KEY_REQUIRED.
      for (const spec of ROUTES.filter((r) => r.idempotencyKey)) {
        const actor = ACTORS.find((a) => allows(spec, a, spec.targets?.[0] ?? null)) as ActorKey;
        const target = spec.targets?.[0];
        const sample = target?.kind ? await w.shared(target.kind, target.org ?? 'B') : null;
        const call = await spec.call({
          w,
          actor,
          target: sample,
          variant: target ?? null,
          org: orgOf(actor, sample),
          allowed: false,
        });
        const res = await w.inject(actor, {
          method: spec.method,
          url: call.url,
          payload: call.body as object,
        });
        expect(res.json().error?.code, spec.name).toBe('IDEMPOTENCY_KEY_REQUIRED');
      }
    });
  });

  /**
   * Who calls: everyone; on an id that names nothing, those who may call the route on a real
   * object (they must get its "not found"), a donor and anonymous.
   */
  function actorsFor(spec: RouteSpec, variant: TargetSpec | null): readonly ActorKey[] {
    if (!variant?.missing) return ACTORS;
    const real = spec.targets?.find((t) => !t.missing && !t.hidden) ?? null;
    return ACTORS.filter((a) => a === 'anonymous' || a === 'donor' || allows(spec, a, real));
  }

  /** The object a call names. */
  async function sampleFor(
    spec: RouteSpec,
    variant: TargetSpec | null,
    actor: ActorKey,
  ): Promise<Sample | null> {
    if (!variant) return null;
    if (variant.missing === 'guessed') return { id: guessedId(), org: null, secrets: [], more: {} };
    if (!variant.kind) return null;
    if (variant.owner === 'self') return w.make(variant.kind, 'B', actor);
    const owner = variant.owner === undefined ? undefined : variant.owner;
    // Reads share objects; each write gets objects of its own (and a fresh one per allowed call that uses one up).
    return spec.method === 'GET'
      ? w.shared(variant.kind, variant.org ?? 'B', owner)
      : w.make(variant.kind, variant.org ?? 'B', owner);
  }

  /** Builds a call (which may upload a photo, send an SMS code …): before anything is measured. */
  function build(
    spec: RouteSpec,
    actor: ActorKey,
    sample: Sample | null,
    variant: TargetSpec | null,
    allowed: boolean,
  ): Call | Promise<Call> {
    return spec.call({ w, actor, target: sample, variant, org: orgOf(actor, sample), allowed });
  }

  function send(spec: RouteSpec, actor: ActorKey, call: Call) {
    const who = call.token !== undefined ? { token: call.token } : actor;
    const headers: Record<string, string> = {
      ...(spec.idempotencyKey && { 'idempotency-key': newKey() }),
      ...call.raw?.headers,
      ...call.headers,
    };
    return w.inject(who, {
      method: spec.method,
      url: call.url,
      headers,
      ...(call.raw
        ? { payload: call.raw.payload }
        : call.body !== undefined && { payload: call.body as object }),
    });
  }

  /** What is wrong with a refusal (empty: nothing). */
  function refusalProblems(
    spec: RouteSpec,
    actor: ActorKey,
    variant: TargetSpec | null,
    sample: Sample | null,
    res: LightMyRequestResponse,
    changed: string[],
    audited: boolean,
  ): string[] {
    const problems: string[] = [];
    let body: { error?: { code?: string; message?: string } } & Record<string, unknown> = {};
    try {
      body = res.json();
    } catch {
      problems.push(`not JSON: ${res.body.slice(0, 80)}`);
    }
    if (spec.wechatPayAnswers) {
      const ok =
        [400, 401].includes(res.statusCode) && body.code === 'FAIL' && typeof body.message === 'string';
      if (!ok) problems.push(`answered ${res.statusCode} ${res.body.slice(0, 160)}`);
      if (changed.length) problems.push(`changed ${changed.join(', ')}`);
      return problems;
    }
    const code = body.error?.code ?? '';
    const known = ERRORS[code as keyof typeof ERRORS];
    if (![401, 403, 404].includes(res.statusCode) && !spec.denialCodes?.includes(code)) {
      problems.push(`answered ${res.statusCode} ${res.body.slice(0, 160)}`);
    } else if (!known || known.status !== res.statusCode) {
      problems.push(`code ${code} is not a stable code for ${res.statusCode}`);
    }
    if (!body.error?.message) problems.push('no message');
    const keys = Object.keys(body);
    if (keys.length !== 1 || keys[0] !== 'error') problems.push(`body has ${keys.join(', ')}`);
    if (!ACTOR_INFO[actor].signedIn && spec.access !== 'public' && code !== 'AUTH_REQUIRED') {
      problems.push(`anonymous got ${code}, not AUTH_REQUIRED`);
    }
    for (const secret of sample?.secrets ?? []) {
      if (res.body.includes(secret)) problems.push(`leaks ${secret}`);
    }
    if (changed.length) problems.push(`changed ${changed.join(', ')}`);
    const owned = variant && !variant.missing && !variant.unaudited && (variant.org || variant.owner);
    if (owned && ACTOR_INFO[actor].signedIn && !audited) {
      if (spec.auditGap) gaps.add(`${spec.name}: ${spec.auditGap}`);
      else problems.push(`refusal (${code}) not audited`);
    }
    return problems;
  }

  for (const spec of ROUTES) {
    for (const variant of spec.targets ?? [null]) {
      const title = `${spec.method} ${spec.path} (${spec.name}) on ${variant?.label ?? 'no object'}`;
      it(title, async () => {
        const problems: string[] = [];
        const actors = actorsFor(spec, variant);
        const refused = actors.filter((a) => !allows(spec, a, variant));
        const allowed = actors.filter((a) => allows(spec, a, variant));
        let shared = variant?.owner === 'self' ? null : await sampleFor(spec, variant, 'donor');

        for (const actor of refused) {
          const sample = variant?.owner === 'self' ? await sampleFor(spec, variant, actor) : shared;
          const userId = w.userId(actor);
          const call = await build(spec, actor, sample, variant, false);
          const writes = rowWrites(w.t);
          const refusals = refusalsOf(w.t, userId);
          const res = await send(spec, actor, call);
          const audited = refusalsOf(w.t, userId) > refusals;
          const wrote = rowWrites(w.t) - writes;
          const changed = wrote ? [`${wrote} rows`] : [];
          const found = refusalProblems(spec, actor, variant, sample, res, changed, audited);
          problems.push(...found.map((p) => `${actor} refused: ${p}`));
          counts.cases += 1;
          counts.refused += 1;
          if (audited) counts.audited += 1;
        }

        let used = false;
        for (const actor of allowed) {
          if (variant?.owner === 'self') shared = await sampleFor(spec, variant, actor);
          else if (used && spec.consumes) shared = await sampleFor(spec, variant, actor);
          const res = await send(spec, actor, await build(spec, actor, shared, variant, true));
          used = true;
          await spec.settle?.(w);
          if (res.statusCode < 200 || res.statusCode > 299) {
            problems.push(`${actor} allowed: answered ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
          counts.cases += 1;
          counts.allowed += 1;
        }
        expect(problems).toEqual([]);
      });
    }
  }

  it('marking another user’s messages read changes nothing and tells nothing', async () => {
    const theirs = await w.make('notification', 'B', 'otherDonor');
    const unread = () =>
      w.t.sqlite.prepare('SELECT read_at AS readAt FROM notifications WHERE public_id = ?').get(theirs.id);
    expect(unread()).toEqual({ readAt: null });
    const mine = (await w.ok('donor', 'GET', '/api/v1/me/notifications/unread')).unread as number;
    const res = await w.inject('donor', {
      method: 'POST',
      url: '/api/v1/me/notifications/read',
      payload: { ids: [theirs.id] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ unread: mine });
    expect(unread()).toEqual({ readAt: null });
    for (const secret of theirs.secrets) expect(res.body).not.toContain(secret);
  });
});

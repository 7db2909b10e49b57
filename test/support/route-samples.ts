import fs from 'node:fs';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { MemberRole } from '../../shared/constants';
import { newPublicId } from '../../server/ids';
import { newSessionToken, SESSION_MAX_MS } from '../../server/modules/auth/session-rules';
import { treeRoot } from '../../server/modules/ledger/tree-store';
import { startFakeWechat, type FakeWechat } from '../fakes/wechat-server';
import { addDonor, newKey } from './donors';
import { donationBody, today } from './ledger';
import { uploadPhoto } from './media';
import { addStaff, CONSENT, demoLogin, fileBody, publicIdOf, wishBody } from './staff';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db/client';
import { startFakeWechatPay, type FakeWechatPay } from '../../server/demo/fake-wechat-pay';
import { seedDemoData } from '../../server/demo/seed-demo';
import { seedDemoLedger } from '../../server/demo/seed-ledger';
import { loadLedgerSigner } from '../../server/modules/ledger-log/signing-key';
import { PAY_NOTIFY_PATH } from '../../server/modules/payments/routes';
import { createServices } from '../../server/services';
import { tempDir, type TestApp } from './test-app';

// The world the generated route suites (access matrix, bad-input sweep) call routes in: two
// organizations — the demo bureau (B) and the demo charity (C) — each with staff in every role,
// donors, and, made on demand through the real API, every kind of object a route can name: files,
// wishes and claims at each step, ledger entries, reports, members, users. Objects of both
// organizations live in the same village (上坑村), so only the organization tells them apart.

export const ORGS = { B: '云溪县民政局儿童福利股', C: '云溪县慈善总会' } as const;
export type OrgKey = keyof typeof ORGS;

/** Everyone a route is called as. */
export const ACTORS = [
  'anonymous',
  'donor',
  'otherDonor',
  'caseworker',
  'caseworkerOtherRegion',
  'caseworkerOtherOrg',
  'reviewer',
  'reviewerOtherOrg',
  'finance',
  'financeOtherOrg',
  'orgAdmin',
  'orgAdminOtherOrg',
  'admin',
] as const;
export type ActorKey = (typeof ACTORS)[number];

/**
 * Where an actor works. `region`: the subtree the role covers, seen from the objects' village
 * 上坑村 — the village itself, its town 石桥镇, a town elsewhere (城关镇's 东门社区), or the whole
 * organization (null).
 */
export interface ActorInfo {
  org: OrgKey | null;
  role: MemberRole | null;
  region: 'village' | 'town' | 'elsewhere' | null;
  admin: boolean;
  signedIn: boolean;
}

export const ACTOR_INFO: Record<ActorKey, ActorInfo> = {
  anonymous: { org: null, role: null, region: null, admin: false, signedIn: false },
  donor: { org: null, role: null, region: null, admin: false, signedIn: true },
  otherDonor: { org: null, role: null, region: null, admin: false, signedIn: true },
  caseworker: { org: 'B', role: 'caseworker', region: 'village', admin: false, signedIn: true },
  caseworkerOtherRegion: { org: 'B', role: 'caseworker', region: 'elsewhere', admin: false, signedIn: true },
  caseworkerOtherOrg: { org: 'C', role: 'caseworker', region: null, admin: false, signedIn: true },
  reviewer: { org: 'B', role: 'reviewer', region: 'town', admin: false, signedIn: true },
  reviewerOtherOrg: { org: 'C', role: 'reviewer', region: null, admin: false, signedIn: true },
  finance: { org: 'B', role: 'finance', region: null, admin: false, signedIn: true },
  financeOtherOrg: { org: 'C', role: 'finance', region: null, admin: false, signedIn: true },
  orgAdmin: { org: 'B', role: 'org_admin', region: null, admin: false, signedIn: true },
  orgAdminOtherOrg: { org: 'C', role: 'org_admin', region: null, admin: false, signedIn: true },
  admin: { org: null, role: null, region: null, admin: true, signedIn: true },
};

/** The member of staff of `org` in `role` who makes that organization's objects. */
export function staffOf(org: OrgKey, role: MemberRole): ActorKey {
  const found = ACTORS.find(
    (a) => ACTOR_INFO[a].org === org && ACTOR_INFO[a].role === role && ACTOR_INFO[a].region !== 'elsewhere',
  );
  if (!found) throw new Error(`no ${role} of ${org}`);
  return found;
}

/** An object a route names, and whose it is. */
export interface Sample {
  /** Its public id (for a session: the bearer token). */
  id: string;
  org: OrgKey | null;
  /** For claims and sessions: the user it belongs to. */
  owner?: ActorKey | 'helper';
  /** Text only someone allowed to see the object may get back: never in a refusal. */
  secrets: string[];
  /** More ids that go with it (a donation's receipt, a wish's claim, a photo …). */
  more: Record<string, string>;
}

export type SampleKind =
  | 'file'
  | 'draftWish'
  | 'inReviewWish'
  | 'publishedWish'
  | 'sharedWish'
  | 'claimedClaim'
  | 'shippedClaim'
  | 'handedOverClaim'
  | 'receivedWish'
  | 'deliveredWish'
  | 'donation'
  | 'inKindTx'
  | 'draftReport'
  | 'publishedReport'
  | 'deletedReport'
  | 'member'
  | 'user'
  | 'notification'
  | 'campaign'
  | 'org'
  | 'session'
  | 'payOrder'
  | 'onlineDonation';

export interface World {
  t: TestApp;
  wx: FakeWechat;
  /** The fake WeChat Pay (the app's merchant, and demo mode's payer). */
  pay: FakeWechatPay;
  /** The last SMS login code sent to each phone. */
  smsCodes: Map<string, string>;
  pushToken: string;
  token: (actor: ActorKey) => string | null;
  userId: (actor: ActorKey) => number | null;
  orgs: Record<OrgKey, { id: number; publicId: string }>;
  regions: { village: string; town: string; elsewhere: string; county: string };
  sites: Record<OrgKey, string>;
  /** Calls the API as `actor` (or a bearer token), from its own made-up client address. */
  inject(actor: ActorKey | { token: string | null }, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Like inject, but throws unless the answer is 2xx; returns the JSON. */
  ok(
    actor: ActorKey | { token: string },
    method: string,
    url: string,
    body?: unknown,
    key?: boolean,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of every shape, read field by field
  ): Promise<any>;
  /** A new object of this kind (always fresh). */
  make(kind: SampleKind, org: OrgKey, owner?: ActorKey): Promise<Sample>;
  /** One object of this kind per organization (and owner), made once and shared by read-only calls. */
  shared(kind: SampleKind, org: OrgKey, owner?: ActorKey): Promise<Sample>;
  /** A unique tag for text that must not leak (ASCII letters: no digits for the privacy linter to see). */
  tag(): string;
  close(): Promise<void>;
}

let addresses = 0;
/** A client address of its own for each request: per-address rate limits never interfere. */
export function nextAddress(): string {
  addresses += 1;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

const letters = (n: number): string => {
  let s = '';
  let k = n;
  do {
    s = String.fromCharCode(65 + (k % 26)) + s;
    k = Math.floor(k / 26);
  } while (k > 0);
  return s;
};

/**
 * Builds the world: a real app (demo data and books; WeChat, its message push and SMS pointed at
 * fakes, so every login route exists; a tiny H5 build) and every actor's session.
 */
export async function buildWorld(): Promise<World> {
  const wx = await startFakeWechat({ appId: 'wx-matrix', appSecret: 'matrix-secret' });
  const smsCodes = new Map<string, string>();
  const h5Dir = tempDir('xinyuan-h5-');
  fs.writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>心愿</title><div id="app"></div>');
  const pushToken = 'matrixpush';
  const pay = await startFakeWechatPay();
  const dir = tempDir();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_PATH: path.join(dir, 'test.db'),
    MEDIA_DIR: path.join(dir, 'media'),
    CLAIMS_MAX_ACTIVE: '100',
    WECHAT_API_BASE: wx.baseUrl,
    WECHAT_APPID: wx.appId,
    WECHAT_SECRET: wx.appSecret,
    WECHAT_PUSH_TOKEN: pushToken,
    H5_DIR: h5Dir,
  });
  const database = openDatabase(config.databasePath);
  seedDemoData(database.db, Date.now());
  seedDemoLedger(database.db, loadLedgerSigner(config), Date.now());
  // WeChat Pay is the fake, over real HTTP both ways: the app listens for its callbacks.
  let notifyUrl = '';
  const services = createServices(config, {
    wechatPayAccount: { ...pay.account, notifyUrl: () => notifyUrl },
  });
  const sms = {
    sendLoginCode: async (phone: string, code: string) => {
      smsCodes.set(phone, code);
    },
  };
  const app = await buildApp({ config, ...database, services, demoPayer: pay, sms });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  notifyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}${PAY_NOTIFY_PATH}`;
  const t: TestApp = {
    config,
    ...database,
    services,
    sms,
    app,
    dir,
    async close() {
      await app.close();
      database.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };

  const tokens = new Map<ActorKey, string>();
  const userIds = new Map<ActorKey, number>();
  const personaUser = (persona: string) =>
    (t.sqlite.prepare('SELECT id FROM users WHERE demo_persona = ?').get(persona) as { id: number }).id;
  for (const [actor, persona] of [
    ['donor', 'donor'],
    ['caseworker', 'caseworker'],
    ['reviewer', 'reviewer'],
    ['finance', 'finance'],
    ['orgAdminOtherOrg', 'org_admin'],
    ['admin', 'admin'],
  ] as const) {
    tokens.set(actor, await demoLogin(t, persona));
    userIds.set(actor, personaUser(persona));
  }
  const other = addDonor(t, '另一位爱心人士');
  tokens.set('otherDonor', other.token);
  userIds.set('otherDonor', other.userId);
  const added: [ActorKey, string, OrgKey, MemberRole, string?][] = [
    ['caseworkerOtherRegion', '东门社区儿童主任', 'B', 'caseworker', '东门社区'],
    ['caseworkerOtherOrg', '慈善总会社工', 'C', 'caseworker'],
    ['reviewerOtherOrg', '慈善总会督导', 'C', 'reviewer'],
    ['financeOtherOrg', '慈善总会会计', 'C', 'finance'],
    ['orgAdmin', '福利股管理员', 'B', 'org_admin'],
  ];
  for (const [actor, name, org, role, region] of added) {
    const staff = addStaff(t, { name, org: ORGS[org], role, ...(region && { region }) });
    tokens.set(actor, staff.token);
    userIds.set(actor, staff.userId);
  }
  const helper = addDonor(t, '帮忙的爱心人士');

  const orgRow = (name: string) =>
    t.sqlite.prepare('SELECT id, public_id AS publicId FROM organizations WHERE name = ?').get(name) as {
      id: number;
      publicId: string;
    };
  const orgs = { B: orgRow(ORGS.B), C: orgRow(ORGS.C) };
  const regions = {
    village: publicIdOf(t, 'regions', '上坑村'),
    town: publicIdOf(t, 'regions', '石桥镇'),
    elsewhere: publicIdOf(t, 'regions', '东门社区'),
    county: publicIdOf(t, 'regions', '云溪县'),
  };

  const tokenOf = (who: ActorKey | { token: string | null }): string | null =>
    typeof who === 'string' ? (tokens.get(who) ?? null) : who.token;
  const inject = (who: ActorKey | { token: string | null }, options: InjectOptions) => {
    const token = tokenOf(who);
    return t.app.inject({
      remoteAddress: nextAddress(),
      ...options,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...options.headers },
    });
  };
  const ok = async (
    who: ActorKey | { token: string },
    method: string,
    url: string,
    body?: unknown,
    key = false,
  ) => {
    const res = await inject(who, {
      method: method as InjectOptions['method'],
      url,
      ...(body !== undefined && { payload: body as InjectOptions['payload'] }),
      ...(key && { headers: { 'idempotency-key': newKey() } }),
    });
    if (res.statusCode >= 300) {
      throw new Error(
        `${typeof who === 'string' ? who : 'token'} ${method} ${url}: ${res.statusCode} ${res.body}`,
      );
    }
    return String(res.headers['content-type'] ?? '').includes('json') ? res.json() : res.body;
  };

  const bureauSite = (
    t.sqlite
      .prepare(
        `SELECT s.public_id AS id FROM handover_sites s JOIN regions r ON r.id = s.region_id WHERE r.name = '上坑村'`,
      )
      .get() as { id: string }
  ).id;
  const charitySite = (
    await ok('orgAdminOtherOrg', 'POST', '/api/v1/staff/sites', {
      name: '上坑村慈善服务点',
      regionId: regions.village,
      address: '上坑村村委会一楼',
    })
  ).id as string;
  const sites = { B: bureauSite, C: charitySite };
  // Each organization's running campaign: the demo's for the bureau, one made now for the charity.
  const campaigns = {
    B: (
      t.sqlite
        .prepare('SELECT public_id AS id FROM campaigns WHERE org_id = ? ORDER BY id LIMIT 1')
        .get(orgs.B.id) as {
        id: string;
      }
    ).id,
    C: (
      await ok('reviewerOtherOrg', 'POST', '/api/v1/staff/campaigns', {
        title: '慈善暖冬',
        startsOn: '2025-01-01',
        endsOn: '2099-12-31',
        targetWishCount: 10,
      })
    ).id as string,
  };

  let tags = 0;
  const tag = () => {
    tags += 1;
    return `MX${letters(tags)}`;
  };

  const cw = (org: OrgKey) => staffOf(org, 'caseworker');
  const fin = (org: OrgKey) => staffOf(org, 'finance');
  const sample = (id: string, org: OrgKey | null, secrets: string[], more: Record<string, string> = {}) => ({
    id,
    org,
    secrets,
    more,
  });
  const helperWho = { token: helper.token };
  const who = (owner: ActorKey | 'helper') => (owner === 'helper' ? helperWho : owner);
  let months = 0;

  const cache = new Map<string, Promise<Sample>>();
  const shared = (kind: SampleKind, org: OrgKey, owner?: ActorKey): Promise<Sample> => {
    const key = `${kind}:${org}:${owner ?? ''}`;
    let found = cache.get(key);
    if (!found) {
      found = make(kind, org, owner);
      cache.set(key, found);
    }
    return found;
  };

  async function claimOf(org: OrgKey, owner: ActorKey | 'helper', stage: 'claimed' | 'shipped' | 'received') {
    const wish = await make('publishedWish', org);
    const claim = await ok(who(owner), 'POST', `/api/v1/wishes/${wish.id}/claims`, {}, true);
    if (stage !== 'claimed') {
      await ok(who(owner), 'POST', `/api/v1/claims/${claim.id}/ship`, { mode: 'in_person' });
    }
    if (stage === 'received') {
      await ok(cw(org), 'POST', `/api/v1/staff/claims/${claim.id}/receive`, {
        quantity: 1,
        condition: 'good',
      });
    }
    return { wish, claimId: claim.id as string };
  }

  async function handOver(org: OrgKey, wishId: string) {
    const photo = await uploadPhoto(t, tokens.get(cw(org)) ?? '', 'handover');
    await ok(cw(org), 'POST', `/api/v1/staff/wishes/${wishId}/hand-over`, { photoIds: [photo.id] });
  }

  async function make(kind: SampleKind, org: OrgKey, owner?: ActorKey): Promise<Sample> {
    switch (kind) {
      case 'file': {
        const name = tag();
        const file = await ok(
          cw(org),
          'POST',
          '/api/v1/beneficiaries',
          fileBody(regions.village, {
            pseudonym: `小${name}`,
            consent: CONSENT,
            restricted: { ...fileBody(regions.village).restricted, realName: `郑${name}` },
          }),
        );
        return sample(file.id, org, [`小${name}`, `郑${name}`], { version: String(file.version) });
      }
      case 'draftWish':
      case 'inReviewWish':
      case 'publishedWish':
      case 'sharedWish': {
        const file = await shared('file', org);
        const title = `一套画笔${tag()}`;
        const shares = kind === 'sharedWish' ? 100 : 1;
        const wish = await ok(
          cw(org),
          'POST',
          `/api/v1/beneficiaries/${file.id}/wishes`,
          wishBody(sites[org], { title, shares, estimatedValueFen: shares * 10000 }),
        );
        if (kind !== 'draftWish') await ok(cw(org), 'POST', `/api/v1/staff/wishes/${wish.id}/submit`);
        if (kind === 'publishedWish' || kind === 'sharedWish') {
          await ok(staffOf(org, 'reviewer'), 'POST', `/api/v1/staff/wishes/${wish.id}/approve`);
        }
        return sample(wish.id, org, [title, ...file.secrets], {
          version: String(wish.version),
          file: file.id,
        });
      }
      case 'claimedClaim':
      case 'shippedClaim': {
        const by = owner ?? 'helper';
        const { wish, claimId } = await claimOf(org, by, kind === 'claimedClaim' ? 'claimed' : 'shipped');
        return { ...sample(claimId, org, wish.secrets, { wish: wish.id }), owner: by };
      }
      case 'receivedWish': {
        const { wish, claimId } = await claimOf(org, 'helper', 'received');
        return { ...wish, more: { ...wish.more, claim: claimId } };
      }
      case 'deliveredWish': {
        const wish = await make('receivedWish', org);
        await handOver(org, wish.id);
        return wish;
      }
      case 'handedOverClaim': {
        const by = owner ?? 'helper';
        const { wish, claimId } = await claimOf(org, by, 'received');
        await handOver(org, wish.id);
        return { ...sample(claimId, org, wish.secrets, { wish: wish.id }), owner: by };
      }
      case 'donation': {
        const donor = `捐赠人${tag()}`;
        const tx = await ok(
          fin(org),
          'POST',
          '/api/v1/staff/donations',
          donationBody({ donorName: donor }),
          true,
        );
        return sample(tx.id, org, [donor], { receipt: tx.donation.receiptId });
      }
      case 'inKindTx': {
        const wish = await make('deliveredWish', org);
        const row = t.sqlite
          .prepare(
            `SELECT t.public_id AS id FROM ledger_transactions t JOIN wishes w ON w.id = t.wish_id
             WHERE w.public_id = ? AND t.kind = 'inkind_donation'`,
          )
          .get(wish.id) as { id: string };
        return sample(row.id, org, wish.secrets, { wish: wish.id });
      }
      case 'draftReport':
      case 'deletedReport': {
        // Months of 2023 and earlier, one per draft: making a draft replaces one of the same month.
        months += 1;
        const when = new Date(Date.UTC(2023, 12 - months, 1));
        const month = `${when.getUTCFullYear()}-${String(when.getUTCMonth() + 1).padStart(2, '0')}`;
        const report = await ok(fin(org), 'POST', '/api/v1/staff/reports', { kind: 'month', month }, true);
        if (kind === 'deletedReport') await ok(fin(org), 'DELETE', `/api/v1/staff/reports/${report.id}`);
        return sample(report.id, org, [], { month });
      }
      case 'publishedReport': {
        const row = t.sqlite
          .prepare(`SELECT public_id AS id FROM reports WHERE org_id = ? AND status = 'published' LIMIT 1`)
          .get(orgs[org].id) as { id: string } | undefined;
        if (row) return sample(row.id, org, []);
        const draft = await make('draftReport', org);
        await ok(fin(org), 'POST', `/api/v1/staff/reports/${draft.id}/publish`);
        return draft;
      }
      case 'member': {
        const name = `候补${tag()}`;
        const { userId } = addStaff(t, { name, org: ORGS[org], role: 'caseworker' });
        const row = t.sqlite
          .prepare('SELECT public_id AS id FROM memberships WHERE user_id = ?')
          .get(userId) as { id: string };
        return sample(row.id, org, [name]);
      }
      case 'user': {
        const name = `用户${tag()}`;
        const { userId } = addDonor(t, name);
        const row = t.sqlite.prepare('SELECT public_id AS id FROM users WHERE id = ?').get(userId) as {
          id: string;
        };
        return sample(row.id, null, [name]);
      }
      case 'notification': {
        // A claim puts a message in its donor's inbox.
        const by = owner ?? 'donor';
        const claim = await make('claimedClaim', org, by);
        const row = t.sqlite
          .prepare(
            `SELECT n.public_id AS id FROM notifications n JOIN claims c ON c.id = n.claim_id
             WHERE c.public_id = ? ORDER BY n.id LIMIT 1`,
          )
          .get(claim.id) as { id: string };
        return { ...sample(row.id, null, claim.secrets, { claim: claim.id }), owner: by };
      }
      case 'campaign':
        return sample(campaigns[org], org, []);
      case 'org':
        return sample(orgs[org].publicId, org, []);
      case 'payOrder': {
        // A campaign gift of the owner's, not paid yet (H5 payment: no openid needed).
        const by = owner ?? 'donor';
        const name = `捐款人${tag()}`;
        const campaign = await shared('campaign', org);
        const order = await ok(
          who(by),
          'POST',
          '/api/v1/pay/orders',
          {
            target: { kind: 'campaign', campaignId: campaign.id },
            amountFen: 2000,
            donorDisplay: 'named',
            donorName: name,
            channel: 'h5',
          },
          true,
        );
        return { ...sample(order.id, org, [name]), owner: by };
      }
      case 'onlineDonation': {
        // A paid online gift: its ledger entry is what finance refunds through WeChat Pay.
        const order = await make('payOrder', org, 'otherDonor');
        await ok('otherDonor', 'POST', `/api/v1/demo/pay/orders/${order.id}/simulate`);
        const row = t.sqlite
          .prepare(
            `SELECT t.public_id AS id FROM pay_orders o JOIN ledger_transactions t ON t.id = o.ledger_tx_id
             WHERE o.public_id = ?`,
          )
          .get(order.id) as { id: string };
        return sample(row.id, org, order.secrets, { order: order.id });
      }
      case 'session': {
        // A second session of the owner's, to be ended without ending the one the suite uses.
        const userId = userIds.get(owner ?? 'donor');
        if (userId === undefined) return sample('', null, []);
        const now = Date.now();
        const { token, hash } = newSessionToken();
        t.sqlite
          .prepare(
            'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(hash, userId, now, now, now + SESSION_MAX_MS);
        return { ...sample(token, null, []), owner: owner ?? 'donor' };
      }
    }
  }

  // The charity's books get money of their own, so its finance clerk can buy something.
  await make('donation', 'C');

  return {
    t,
    wx,
    pay,
    smsCodes,
    pushToken,
    token: (actor) => tokens.get(actor) ?? null,
    userId: (actor) => userIds.get(actor) ?? null,
    orgs,
    regions,
    sites,
    inject,
    ok,
    make,
    shared,
    tag,
    async close() {
      await t.close();
      await wx.close();
      await pay.close();
      fs.rmSync(h5Dir, { recursive: true, force: true });
    },
  };
}

/** An id nobody was given. */
export const guessedId = (): string => newPublicId();

/** Today, as staff type dates. */
export { today };

/** Tables whose rows change by design on any request: the audit log (refusals are recorded) and sessions (touched). */
const VOLATILE = new Set(['audit_events', 'sessions']);

const watched = new WeakSet<object>();

/**
 * Counts every row written to every table of the database but the volatile ones: a temporary
 * trigger per table and statement kind (on this connection only, which is the app's) bumps a
 * counter in a temporary table. A write rolled back with its transaction rolls its count back too.
 */
function watchWrites(t: TestApp): void {
  if (watched.has(t.sqlite)) return;
  watched.add(t.sqlite);
  t.sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS row_writes (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  for (const { name } of tablesOf(t)) {
    if (VOLATILE.has(name)) continue;
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      t.sqlite.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS "watch_${name}_${op}" AFTER ${op} ON main."${name}" BEGIN
           INSERT INTO temp.row_writes (tbl, n) VALUES ('${name}', 1) ON CONFLICT (tbl) DO UPDATE SET n = n + 1;
         END`,
      );
    }
  }
}

const tablesOf = (t: TestApp) =>
  t.sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`,
    )
    .all() as { name: string }[];

/**
 * What a refused request must leave as it was: per table (all but the audit log) the row count,
 * the largest rowid and how many rows were ever written to it (sessions: count only), and the
 * ledger's Merkle root.
 */
export function dbSnapshot(t: TestApp): Record<string, string> {
  watchWrites(t);
  const writes = new Map(
    (t.sqlite.prepare('SELECT tbl, n FROM temp.row_writes').all() as { tbl: string; n: number }[]).map(
      (r) => [r.tbl, r.n],
    ),
  );
  const out: Record<string, string> = {};
  const tables = tablesOf(t).filter(({ name }) => name !== 'audit_events');
  const counts = t.sqlite
    .prepare(
      tables
        .map(({ name }) => `SELECT '${name}' AS name, count(*) AS n, max(rowid) AS top FROM "${name}"`)
        .join(' UNION ALL '),
    )
    .all() as { name: string; n: number; top: number | null }[];
  for (const { name, n, top } of counts) {
    out[name] = name === 'sessions' ? `${n} rows` : `${n} rows, top ${top}, ${writes.get(name) ?? 0} writes`;
  }
  const size = (
    t.sqlite.prepare('SELECT count(*) AS n FROM ledger_tree_nodes WHERE level = 0').get() as { n: number }
  ).n;
  out['ledger root'] = Buffer.from(treeRoot(t.db, size)).toString('base64');
  return out;
}

/** Rows written so far to any table but the audit log and sessions (a refused request must write none). */
export function rowWrites(t: TestApp): number {
  watchWrites(t);
  return (t.sqlite.prepare('SELECT coalesce(sum(n), 0) AS n FROM temp.row_writes').get() as { n: number }).n;
}

/** The tables whose state differs between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
}

/** Access refusals recorded for a user so far. */
export function refusalsOf(t: TestApp, userId: number | null): number {
  if (userId === null) return 0;
  return (
    t.sqlite
      .prepare(`SELECT count(*) AS n FROM audit_events WHERE action = 'access.refused' AND actor_user_id = ?`)
      .get(userId) as { n: number }
  ).n;
}

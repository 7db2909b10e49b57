import type { Access } from '../../shared/contract';
import type { MemberRole } from '../../shared/constants';
import { CONSENT, fileBody, wishBody } from './staff';
import { donationBody } from './ledger';
import { multipartBody, testJpeg } from './media';
import { pushSignature } from '../../server/integrations/wechat/media-check-async';
import { createMediaSigner } from '../../server/modules/media/media-signer';
import {
  ACTOR_INFO,
  guessedId,
  staffOf,
  today,
  type ActorKey,
  type OrgKey,
  type Sample,
  type SampleKind,
  type World,
} from './route-samples';

// The route inventory: every route the server answers — each endpoint of the contract and the
// routes outside it (report exports, signed photo links, the WeChat message push, the H5 app) —
// with a declarative rule of who may call it, the objects it can name (own, another
// organization's, another donor's, guessed, deleted), and how to call it validly. The access
// matrix and the bad-input sweep are generated from it; a route without an entry fails the
// inventory's own completeness test, so a new route cannot be forgotten.

/** Who may call a route (on an object the call names). */
export type Rule =
  /** Anybody, signed in or not. */
  | { kind: 'anyone' }
  /** Any signed-in user. */
  | { kind: 'signedIn' }
  /** A platform administrator. */
  | { kind: 'platformAdmin' }
  /**
   * Staff in one of `roles` in the object's organization (with no object: in their current
   * organization); `within: 'region'` also needs the role's region to cover the object's village.
   */
  | { kind: 'staff'; roles: readonly MemberRole[]; within: 'org' | 'region' }
  /** The user the object belongs to (a claim's donor, a session's user) — or staff as above. */
  | { kind: 'owner'; staff?: { roles: readonly MemberRole[]; within: 'org' | 'region' } }
  /** The object organization's administrators, and platform administrators. */
  | { kind: 'managers' }
  /** Members (any role) of the object organization. */
  | { kind: 'members' };

/** An object a route is called on. */
export interface TargetSpec {
  label: string;
  /** What the world makes for it; absent for ids that name nothing. */
  kind?: SampleKind;
  org?: OrgKey;
  /** Whose it is (claims, sessions); 'self': each caller's own. */
  owner?: ActorKey | 'self';
  /** An id that names nothing: a guessed one, or that of a deleted object. */
  missing?: 'guessed' | 'deleted';
  /** Exists but is not public (a draft on a public route): nobody may. */
  hidden?: boolean;
  /** Refusals need no audit event: a public route's 404, a signed link, a check of WeChat's signature. */
  unaudited?: boolean;
}

/** What the matrix knows when it builds one call. */
export interface CallContext {
  w: World;
  actor: ActorKey;
  /** The object named (null: the route names none, or names an id that does not exist). */
  target: Sample | null;
  /** Which of the route's targets this call is on (null: the route names none). */
  variant: TargetSpec | null;
  /** The organization the call is about: the target's, else the caller's, else B. */
  org: OrgKey;
  /** True when the call should succeed: it gets fresh photos, codes, names of its own. */
  allowed: boolean;
}

export interface Call {
  url: string;
  /** A JSON body. */
  body?: unknown;
  /** A raw body (multipart, text) with its headers. */
  raw?: { payload: string | Buffer; headers: Record<string, string> };
  headers?: Record<string, string>;
  /** Call with this bearer token instead of the caller's (null: none). */
  token?: string | null;
}

/** How a body field is checked: what the bad-input sweep throws at it. */
export type FieldKind =
  /** Integer fen or a count, at least 1. */
  | 'positive'
  /** A count that may be 0. */
  | 'nonnegative'
  /** One line of text (textChecks). */
  | 'line'
  /** Several lines of text (textChecks). */
  | 'paragraph'
  /** A China calendar date. */
  | 'date'
  /** A public id. */
  | 'id'
  /** A list of public ids. */
  | 'ids'
  /** One of a fixed set of words. */
  | 'enum'
  | 'boolean'
  /** A string of a fixed format (phone, code, receipt number, month …). */
  | 'format'
  /** A nested object (its fields are listed with dotted paths). */
  | 'object';

export interface RouteSpec {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  access: Access;
  /** An endpoint of shared/contract.ts (else a route registered outside it). */
  contract: boolean;
  /** Writes need an Idempotency-Key header. */
  idempotencyKey?: boolean;
  rule: Rule;
  /** The objects it is called on (none: it names no object). */
  targets?: TargetSpec[];
  /** An allowed call uses up its object (the next allowed caller gets a fresh one). */
  consumes?: boolean;
  /** Refusals this route may answer besides 401/403/404 (a region outside the caller's). */
  denialCodes?: string[];
  /** The request body's fields by dotted path (the sweep's map; checked against the schema). */
  fields?: Record<string, FieldKind>;
  /** Fields that may be null. */
  nullable?: string[];
  /**
   * A known gap: refusals of someone else's object are not audited yet (why, and whose to fix).
   * The matrix lists these in its summary instead of failing on them.
   */
  auditGap?: string;
  /** Waits for what an allowed call set going in the background (WeChat Pay's callbacks). */
  settle?(w: World): Promise<void>;
  /** Refusals in WeChat Pay's answer format (`{ code: 'FAIL', message }`), which its callbacks expect. */
  wechatPayAnswers?: boolean;
  /** How the body travels when it is not JSON. */
  body?: 'multipart' | 'text';
  /**
   * Bad inputs this route takes, by sweep case name (`field = class`), with why that is harmless;
   * the sweep asserts they are accepted (2xx) rather than refused.
   */
  accepts?: Record<string, string>;
  /** Another entry for a route listed already (other objects, another body shape). */
  variantOf?: string;
  /** A valid call. */
  call(ctx: CallContext): Call | Promise<Call>;
}

const STAFF_ROLES = ['caseworker', 'reviewer', 'finance', 'org_admin'] as const;
const staff = (roles: readonly MemberRole[], within: 'org' | 'region' = 'org'): Rule => ({
  kind: 'staff',
  roles,
  within,
});
const anyone: Rule = { kind: 'anyone' };
const signedIn: Rule = { kind: 'signedIn' };
const platformAdmin: Rule = { kind: 'platformAdmin' };

/** Own organization's object, another organization's, and an id that names nothing. */
function orgTargets(kind: SampleKind, extra: TargetSpec[] = []): TargetSpec[] {
  return [
    { label: `B ${kind}`, kind, org: 'B' },
    { label: `C ${kind}`, kind, org: 'C' },
    ...extra,
    { label: 'guessed id', missing: 'guessed' },
  ];
}

/** Claims: the donor's own (in B), another donor's (in C), and a guessed id. */
function claimTargets(kind: SampleKind): TargetSpec[] {
  return [
    { label: `donor's ${kind} (B)`, kind, org: 'B', owner: 'donor' },
    { label: `other donor's ${kind} (C)`, kind, org: 'C', owner: 'otherDonor' },
    { label: 'guessed id', missing: 'guessed' },
  ];
}

const id = (ctx: CallContext): string => ctx.target?.id ?? guessedId();
const version = (ctx: CallContext, table: 'wishes' | 'beneficiaries'): number =>
  (
    ctx.w.t.sqlite.prepare(`SELECT version FROM ${table} WHERE public_id = ?`).get(id(ctx)) as
      { version: number } | undefined
  )?.version ?? 1;

let phones = 0;
/** A mobile number nobody has used yet. */
export const freshPhone = (): string => {
  phones += 1;
  return `137${String(phones + Math.floor(Math.random() * 1e6) * 100).padStart(8, '0')}`;
};

/** A photo for a hand-over in the target's organization (uploaded by its caseworker). */
const photos = new Map<string, Promise<string>>();
async function handoverPhoto(ctx: CallContext): Promise<string> {
  const upload = async () => {
    const data = await testJpeg();
    const body = multipartBody([
      { name: 'purpose', value: 'handover' },
      { name: 'file', filename: 'photo.jpg', type: 'image/jpeg', data },
    ]);
    const res = await ctx.w.inject(staffOf(ctx.org, 'caseworker'), {
      method: 'POST',
      url: '/api/v1/media',
      headers: body.headers,
      payload: body.payload,
    });
    return res.json().id as string;
  };
  // A refused call uses nothing up: one photo per organization serves them all.
  if (ctx.allowed) return upload();
  const key = ctx.org;
  if (!photos.has(key)) photos.set(key, upload());
  return photos.get(key) as Promise<string>;
}

let months = 0;
/** A past month no draft has used (drafts of one month replace each other). */
const freshMonth = (): string => {
  months += 1;
  const when = new Date(Date.UTC(2019, 12 - months, 1));
  return `${when.getUTCFullYear()}-${String(when.getUTCMonth() + 1).padStart(2, '0')}`;
};

/** The latest checkpoint's size (the demo books publish one). */
export const logSize = (w: World): number =>
  (w.t.sqlite.prepare('SELECT max(size) AS n FROM ledger_checkpoints').get() as { n: number }).n;

/** A WeChat message-push query string, signed with the world's push token unless `signed` is false. */
export function pushQuery(w: World, signed = true, extra = ''): string {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = 'n0nce';
  const signature = signed ? pushSignature(w.pushToken, timestamp, nonce) : 'f'.repeat(40);
  return `?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}${extra}`;
}

const pushTargets: TargetSpec[] = [
  { label: 'signed with the push token' },
  { label: 'signed with another token', hidden: true, unaudited: true },
];

/** WeChat Pay finishes refunds by itself and calls back: waits until none is under way. */
export async function refundsSettled(w: World): Promise<void> {
  const open = () =>
    (
      w.t.sqlite.prepare(`SELECT count(*) AS n FROM pay_refunds WHERE status = 'processing'`).get() as {
        n: number;
      }
    ).n;
  for (let i = 0; i < 200 && open() > 0; i += 1) await new Promise((r) => setTimeout(r, 25));
}

const reportTargets = (kind: SampleKind): TargetSpec[] =>
  orgTargets(kind, [{ label: 'deleted draft', kind: 'deletedReport', org: 'B', missing: 'deleted' }]);

const publicReportTargets: TargetSpec[] = [
  { label: 'B published report', kind: 'publishedReport', org: 'B' },
  { label: 'C published report', kind: 'publishedReport', org: 'C' },
  { label: 'B draft (not public)', kind: 'draftReport', org: 'B', hidden: true, unaudited: true },
  { label: 'deleted draft', kind: 'deletedReport', org: 'B', missing: 'deleted' },
  { label: 'guessed id', missing: 'guessed' },
];

const exportSpecs = (['csv', 'xlsx', 'pdf'] as const).flatMap((format): RouteSpec[] => [
  {
    name: `exportReport.${format}`,
    method: 'GET',
    path: `/api/v1/reports/:reportId/export.${format}`,
    access: 'public',
    contract: false,
    rule: anyone,
    targets: publicReportTargets,
    call: (ctx) => ({ url: `/api/v1/reports/${id(ctx)}/export.${format}` }),
  },
  {
    name: `exportStaffReport.${format}`,
    method: 'GET',
    path: `/api/v1/staff/reports/:reportId/export.${format}`,
    access: 'user',
    contract: false,
    rule: staff(['finance', 'org_admin']),
    targets: reportTargets('draftReport'),
    call: (ctx) => ({ url: `/api/v1/staff/reports/${id(ctx)}/export.${format}` }),
  },
]);

export const ROUTES: RouteSpec[] = [
  // health, public reading
  {
    name: 'health',
    method: 'GET',
    path: '/api/v1/health',
    access: 'public',
    contract: true,
    rule: anyone,
    call: () => ({ url: '/api/v1/health' }),
  },
  {
    name: 'listWishes',
    method: 'GET',
    path: '/api/v1/wishes',
    access: 'public',
    contract: true,
    rule: anyone,
    call: () => ({ url: '/api/v1/wishes?limit=5' }),
  },
  {
    name: 'getWish',
    method: 'GET',
    path: '/api/v1/wishes/:wishId',
    access: 'public',
    contract: true,
    rule: anyone,
    targets: [
      { label: 'B published wish', kind: 'publishedWish', org: 'B' },
      { label: 'C published wish', kind: 'publishedWish', org: 'C' },
      { label: 'B draft (not public)', kind: 'draftWish', org: 'B', hidden: true, unaudited: true },
      { label: 'guessed id', missing: 'guessed' },
    ],
    call: (ctx) => ({ url: `/api/v1/wishes/${id(ctx)}` }),
  },
  {
    name: 'listWishTowns',
    method: 'GET',
    path: '/api/v1/towns',
    access: 'public',
    contract: true,
    rule: anyone,
    call: () => ({ url: '/api/v1/towns' }),
  },
  {
    name: 'listCampaigns',
    method: 'GET',
    path: '/api/v1/campaigns',
    access: 'public',
    contract: true,
    rule: anyone,
    call: () => ({ url: '/api/v1/campaigns' }),
  },

  // logging in and out
  {
    name: 'authOptions',
    method: 'GET',
    path: '/api/v1/auth/options',
    access: 'public',
    contract: true,
    rule: anyone,
    call: () => ({ url: '/api/v1/auth/options' }),
  },
  {
    name: 'demoLogin',
    method: 'POST',
    path: '/api/v1/auth/demo',
    access: 'public',
    contract: true,
    rule: anyone,
    fields: { persona: 'enum' },
    call: () => ({ url: '/api/v1/auth/demo', body: { persona: 'donor' } }),
  },
  {
    name: 'sendSmsCode',
    method: 'POST',
    path: '/api/v1/auth/sms/send',
    access: 'public',
    contract: true,
    rule: anyone,
    fields: { phone: 'format' },
    call: () => ({ url: '/api/v1/auth/sms/send', body: { phone: freshPhone() } }),
  },
  {
    name: 'verifySmsCode',
    method: 'POST',
    path: '/api/v1/auth/sms/verify',
    access: 'public',
    contract: true,
    rule: anyone,
    fields: { phone: 'format', code: 'format' },
    call: async ({ w }) => {
      const phone = freshPhone();
      await w.ok({ token: '' }, 'POST', '/api/v1/auth/sms/send', { phone });
      return { url: '/api/v1/auth/sms/verify', body: { phone, code: w.smsCodes.get(phone) } };
    },
  },
  {
    name: 'wechatLogin',
    method: 'POST',
    path: '/api/v1/auth/wechat',
    access: 'public',
    contract: true,
    rule: anyone,
    fields: { code: 'format' },
    call: ({ w }) => ({ url: '/api/v1/auth/wechat', body: { code: w.wx.issueCode(`o-${w.tag()}`) } }),
  },
  {
    name: 'logout',
    method: 'POST',
    path: '/api/v1/auth/logout',
    access: 'user',
    contract: true,
    rule: { kind: 'owner' },
    targets: [{ label: "the caller's own session", kind: 'session', owner: 'self' }],
    consumes: true,
    call: (ctx) => ({
      url: '/api/v1/auth/logout',
      token: ACTOR_INFO[ctx.actor].signedIn ? (ctx.target?.id ?? null) : null,
    }),
  },
  {
    name: 'me',
    method: 'GET',
    path: '/api/v1/me',
    access: 'user',
    contract: true,
    rule: signedIn,
    call: () => ({ url: '/api/v1/me' }),
  },
  {
    name: 'switchOrg',
    method: 'POST',
    path: '/api/v1/me/current-org',
    access: 'user',
    contract: true,
    rule: { kind: 'members' },
    targets: orgTargets('org'),
    fields: { orgId: 'id' },
    call: (ctx) => ({ url: '/api/v1/me/current-org', body: { orgId: id(ctx) } }),
  },

  // regions, organizations, members
  {
    name: 'listRegions',
    method: 'GET',
    path: '/api/v1/regions',
    access: 'user',
    contract: true,
    rule: signedIn,
    call: () => ({ url: '/api/v1/regions' }),
  },
  {
    name: 'createRegion',
    method: 'POST',
    path: '/api/v1/admin/regions',
    access: 'platform_admin',
    contract: true,
    rule: platformAdmin,
    fields: { parentId: 'id', name: 'line' },
    call: ({ w }) => ({
      url: '/api/v1/admin/regions',
      body: { parentId: w.regions.town, name: `新村${w.tag()}` },
    }),
  },
  {
    name: 'listOrganizations',
    method: 'GET',
    path: '/api/v1/admin/organizations',
    access: 'platform_admin',
    contract: true,
    rule: platformAdmin,
    call: () => ({ url: '/api/v1/admin/organizations' }),
  },
  {
    name: 'createOrganization',
    method: 'POST',
    path: '/api/v1/admin/organizations',
    access: 'platform_admin',
    contract: true,
    rule: platformAdmin,
    fields: { name: 'line', kind: 'enum', regionId: 'id' },
    call: ({ w }) => ({
      url: '/api/v1/admin/organizations',
      body: { name: `云溪县爱心社${w.tag()}`, kind: 'charity', regionId: w.regions.county },
    }),
  },
  {
    name: 'listMembers',
    method: 'GET',
    path: '/api/v1/orgs/:orgId/members',
    access: 'user',
    contract: true,
    rule: { kind: 'managers' },
    targets: orgTargets('org'),
    call: (ctx) => ({ url: `/api/v1/orgs/${id(ctx)}/members` }),
  },
  {
    name: 'addMember',
    method: 'POST',
    path: '/api/v1/orgs/:orgId/members',
    access: 'user',
    contract: true,
    rule: { kind: 'managers' },
    targets: orgTargets('org'),
    fields: { phone: 'format', role: 'enum', regionId: 'id' },
    call: (ctx) => ({
      url: `/api/v1/orgs/${id(ctx)}/members`,
      body: { phone: freshPhone(), role: 'caseworker', regionId: ctx.w.regions.village },
    }),
  },
  {
    name: 'disableMember',
    method: 'POST',
    path: '/api/v1/orgs/:orgId/members/:memberId/disable',
    access: 'user',
    contract: true,
    rule: { kind: 'managers' },
    targets: [
      { label: 'B member', kind: 'member', org: 'B' },
      { label: 'C member', kind: 'member', org: 'C' },
      { label: 'guessed id', missing: 'guessed' },
    ],
    consumes: true,
    call: (ctx) => ({
      url: `/api/v1/orgs/${ctx.w.orgs[ctx.target?.org ?? 'B'].publicId}/members/${id(ctx)}/disable`,
    }),
  },
  {
    name: 'disableMember (another organization’s member under one’s own)',
    variantOf: 'disableMember',
    method: 'POST',
    path: '/api/v1/orgs/:orgId/members/:memberId/disable',
    access: 'user',
    contract: false,
    rule: { kind: 'managers' },
    // C's member named under B's address: nobody may (it is not B's member).
    targets: [{ label: 'C member under B', kind: 'member', org: 'C', hidden: true }],
    call: (ctx) => ({ url: `/api/v1/orgs/${ctx.w.orgs.B.publicId}/members/${id(ctx)}/disable` }),
  },
  {
    name: 'disableUser',
    method: 'POST',
    path: '/api/v1/admin/users/:userId/disable',
    access: 'platform_admin',
    contract: true,
    rule: platformAdmin,
    targets: [
      { label: 'a user', kind: 'user' },
      { label: 'guessed id', missing: 'guessed' },
    ],
    consumes: true,
    call: (ctx) => ({ url: `/api/v1/admin/users/${id(ctx)}/disable` }),
  },

  // beneficiary files
  {
    name: 'listBeneficiaries',
    method: 'GET',
    path: '/api/v1/beneficiaries',
    access: 'user',
    contract: true,
    rule: staff(['caseworker', 'reviewer', 'org_admin']),
    call: () => ({ url: '/api/v1/beneficiaries?limit=5' }),
  },
  {
    name: 'createBeneficiary',
    method: 'POST',
    path: '/api/v1/beneficiaries',
    access: 'user',
    contract: true,
    // A file in 上坑村: its caseworkers (of either organization) may; one of another village may not.
    rule: staff(['caseworker'], 'region'),
    denialCodes: ['REGION_OUTSIDE_SCOPE'],
    fields: {
      regionId: 'id',
      pseudonym: 'line',
      birthYear: 'positive',
      gender: 'enum',
      category: 'enum',
      urgency: 'enum',
      story: 'paragraph',
      restricted: 'object',
      'restricted.realName': 'line',
      'restricted.idNumber': 'format',
      'restricted.birthDate': 'date',
      'restricted.address': 'line',
      'restricted.guardianName': 'line',
      'restricted.guardianRelation': 'line',
      'restricted.guardianPhone': 'format',
      'restricted.school': 'line',
      'restricted.schoolClass': 'line',
      'restricted.caseNotes': 'paragraph',
      consent: 'object',
      'consent.guardianName': 'line',
      'consent.relation': 'line',
      'consent.consentedOn': 'date',
      'consent.publishStory': 'boolean',
      'consent.publishPhotos': 'boolean',
    },
    nullable: [
      'story',
      'restricted.idNumber',
      'restricted.birthDate',
      'restricted.address',
      'restricted.guardianName',
      'restricted.guardianRelation',
      'restricted.guardianPhone',
      'restricted.school',
      'restricted.schoolClass',
      'restricted.caseNotes',
    ],
    call: ({ w }) => ({
      url: '/api/v1/beneficiaries',
      body: fileBody(w.regions.village, { pseudonym: `小${w.tag()}`, consent: CONSENT }),
    }),
  },
  {
    name: 'getBeneficiary',
    method: 'GET',
    path: '/api/v1/beneficiaries/:beneficiaryId',
    access: 'user',
    contract: true,
    rule: staff(['caseworker', 'reviewer'], 'region'),
    targets: orgTargets('file'),
    call: (ctx) => ({ url: `/api/v1/beneficiaries/${id(ctx)}` }),
  },
  {
    name: 'updateBeneficiary',
    method: 'PATCH',
    path: '/api/v1/beneficiaries/:beneficiaryId',
    access: 'user',
    contract: true,
    rule: staff(['caseworker'], 'region'),
    targets: orgTargets('file'),
    fields: {
      version: 'positive',
      regionId: 'id',
      pseudonym: 'line',
      birthYear: 'positive',
      gender: 'enum',
      category: 'enum',
      urgency: 'enum',
      story: 'paragraph',
      restricted: 'object',
      'restricted.realName': 'line',
      'restricted.idNumber': 'format',
      'restricted.birthDate': 'date',
      'restricted.address': 'line',
      'restricted.guardianName': 'line',
      'restricted.guardianRelation': 'line',
      'restricted.guardianPhone': 'format',
      'restricted.school': 'line',
      'restricted.schoolClass': 'line',
      'restricted.caseNotes': 'paragraph',
    },
    nullable: [
      'story',
      'restricted.idNumber',
      'restricted.birthDate',
      'restricted.address',
      'restricted.guardianName',
      'restricted.guardianRelation',
      'restricted.guardianPhone',
      'restricted.school',
      'restricted.schoolClass',
      'restricted.caseNotes',
    ],
    call: (ctx) => ({
      url: `/api/v1/beneficiaries/${id(ctx)}`,
      body: {
        version: version(ctx, 'beneficiaries'),
        regionId: ctx.w.regions.village,
        pseudonym: `小${ctx.w.tag()}`,
        birthYear: 2016,
        gender: 'female',
        category: 'left_behind',
        urgency: 'red',
        story: '喜欢唱歌。',
        restricted: {
          realName: '郑可欣',
          idNumber: null,
          birthDate: '2016-05-12',
          address: '上坑村5组8号',
          guardianName: '郑秀兰',
          guardianRelation: '奶奶',
          guardianPhone: '13900001111',
          school: '石桥镇中心小学',
          schoolClass: '三年级一班',
          caseNotes: '每月走访。',
        },
      },
    }),
  },
  {
    name: 'recordConsent',
    method: 'POST',
    path: '/api/v1/beneficiaries/:beneficiaryId/consents',
    access: 'user',
    contract: true,
    rule: staff(['caseworker'], 'region'),
    targets: orgTargets('file'),
    fields: {
      guardianName: 'line',
      relation: 'line',
      consentedOn: 'date',
      publishStory: 'boolean',
      publishPhotos: 'boolean',
    },
    call: (ctx) => ({ url: `/api/v1/beneficiaries/${id(ctx)}/consents`, body: CONSENT }),
  },
  {
    name: 'withdrawConsent',
    method: 'POST',
    path: '/api/v1/beneficiaries/:beneficiaryId/consents/withdraw',
    access: 'user',
    contract: true,
    rule: staff(['caseworker'], 'region'),
    targets: orgTargets('file'),
    consumes: true,
    call: (ctx) => ({ url: `/api/v1/beneficiaries/${id(ctx)}/consents/withdraw` }),
  },
  {
    name: 'createWish',
    method: 'POST',
    path: '/api/v1/beneficiaries/:beneficiaryId/wishes',
    access: 'user',
    contract: true,
    rule: staff(['caseworker'], 'region'),
    targets: orgTargets('file'),
    fields: {
      title: 'line',
      description: 'paragraph',
      kind: 'enum',
      quantity: 'positive',
      estimatedValueFen: 'positive',
      shares: 'positive',
      handoverSiteId: 'id',
      campaignId: 'id',
    },
    nullable: ['campaignId'],
    call: (ctx) => ({
      url: `/api/v1/beneficiaries/${id(ctx)}/wishes`,
      body: wishBody(ctx.w.sites[ctx.org], { campaignId: null }),
    }),
  },

  // claims
  {
    name: 'claimWish',
    method: 'POST',
    path: '/api/v1/wishes/:wishId/claims',
    access: 'user',
    contract: true,
    idempotencyKey: true,
    rule: signedIn,
    targets: [
      { label: 'B published wish (100 shares)', kind: 'sharedWish', org: 'B' },
      { label: 'C published wish (100 shares)', kind: 'sharedWish', org: 'C' },
      { label: 'B draft (not public)', kind: 'draftWish', org: 'B', hidden: true, unaudited: true },
      { label: 'guessed id', missing: 'guessed' },
    ],
    fields: { shares: 'positive' },
    call: (ctx) => ({ url: `/api/v1/wishes/${id(ctx)}/claims`, body: { shares: 1 } }),
  },
  {
    name: 'listMyClaims',
    method: 'GET',
    path: '/api/v1/me/claims',
    access: 'user',
    contract: true,
    rule: signedIn,
    call: () => ({ url: '/api/v1/me/claims' }),
  },
  {
    name: 'getClaim',
    method: 'GET',
    path: '/api/v1/claims/:claimId',
    access: 'user',
    contract: true,
    rule: { kind: 'owner', staff: { roles: STAFF_ROLES, within: 'region' } },
    targets: claimTargets('claimedClaim'),
    call: (ctx) => ({ url: `/api/v1/claims/${id(ctx)}` }),
  },
  {
    name: 'markPurchased',
    method: 'POST',
    path: '/api/v1/claims/:claimId/purchase',
    access: 'user',
    contract: true,
    rule: { kind: 'owner' },
    targets: claimTargets('claimedClaim'),
    consumes: true,
    fields: { receiptPhotoId: 'id', note: 'line' },
    nullable: ['receiptPhotoId', 'note'],
    call: (ctx) => ({
      url: `/api/v1/claims/${id(ctx)}/purchase`,
      body: { receiptPhotoId: null, note: '已在网上下单' },
    }),
  },
  {
    name: 'markShipped',
    method: 'POST',
    path: '/api/v1/claims/:claimId/ship',
    access: 'user',
    contract: true,
    rule: { kind: 'owner' },
    targets: claimTargets('claimedClaim'),
    consumes: true,
    fields: { mode: 'enum', carrier: 'line', trackingNumber: 'format', note: 'line' },
    nullable: ['carrier', 'trackingNumber', 'note'],
    call: (ctx) => ({
      url: `/api/v1/claims/${id(ctx)}/ship`,
      body: { mode: 'post', carrier: '顺丰', trackingNumber: 'SF1234567890', note: '周五到' },
    }),
  },
  {
    name: 'withdrawClaim',
    method: 'POST',
    path: '/api/v1/claims/:claimId/withdraw',
    access: 'user',
    contract: true,
    rule: { kind: 'owner' },
    targets: claimTargets('claimedClaim'),
    consumes: true,
    fields: { reason: 'line' },
    nullable: ['reason'],
    call: (ctx) => ({ url: `/api/v1/claims/${id(ctx)}/withdraw`, body: { reason: '临时有事' } }),
  },
  {
    name: 'confirmClaim',
    method: 'POST',
    path: '/api/v1/claims/:claimId/confirm',
    access: 'user',
    contract: true,
    rule: { kind: 'owner' },
    targets: claimTargets('handedOverClaim'),
    consumes: true,
    call: (ctx) => ({ url: `/api/v1/claims/${id(ctx)}/confirm` }),
  },

  // the caseworker's side of fulfilment
  {
    name: 'listStaffClaims',
    method: 'GET',
    path: '/api/v1/staff/claims',
    access: 'user',
    contract: true,
    rule: staff(STAFF_ROLES),
    call: () => ({ url: '/api/v1/staff/claims?stage=all' }),
  },
  {
    name: 'receiveClaim',
    method: 'POST',
    path: '/api/v1/staff/claims/:claimId/receive',
    access: 'user',
    contract: true,
    rule: staff(['caseworker'], 'region'),
    targets: orgTargets('shippedClaim'),
    consumes: true,
    fields: { quantity: 'nonnegative', condition: 'enum', note: 'paragraph' },
    nullable: ['note'],
    call: (ctx) => ({
      url: `/api/v1/staff/claims/${id(ctx)}/receive`,
      body: { quantity: 1, condition: 'good', note: '完好' },
    }),
  },
  {
    name: 'getWishFulfilment',
    method: 'GET',
    path: '/api/v1/staff/wishes/:wishId/fulfilment',
    access: 'user',
    contract: true,
    rule: staff(STAFF_ROLES, 'region'),
    targets: orgTargets('publishedWish'),
    call: (ctx) => ({ url: `/api/v1/staff/wishes/${id(ctx)}/fulfilment` }),
  },
  {
    name: 'handOverWish',
    method: 'POST',
    path: '/api/v1/staff/wishes/:wishId/hand-over',
    access: 'user',
    contract: true,
    rule: staff(['caseworker'], 'region'),
    targets: orgTargets('receivedWish'),
    consumes: true,
    fields: { photoIds: 'ids', note: 'paragraph' },
    nullable: ['note'],
    call: async (ctx) => ({
      url: `/api/v1/staff/wishes/${id(ctx)}/hand-over`,
      body: { photoIds: [await handoverPhoto(ctx)], note: '孩子很开心' },
    }),
  },
  {
    name: 'thankDonors',
    method: 'POST',
    path: '/api/v1/staff/wishes/:wishId/thank-you',
    access: 'user',
    contract: true,
    rule: staff(['caseworker'], 'region'),
    targets: orgTargets('deliveredWish'),
    consumes: true,
    fields: { text: 'paragraph', photoId: 'id' },
    nullable: ['photoId'],
    call: (ctx) => ({
      url: `/api/v1/staff/wishes/${id(ctx)}/thank-you`,
      body: { text: '谢谢您，我会好好画画！', photoId: null },
    }),
  },

  // notifications
  {
    name: 'listNotifications',
    method: 'GET',
    path: '/api/v1/me/notifications',
    access: 'user',
    contract: true,
    rule: signedIn,
    call: () => ({ url: '/api/v1/me/notifications' }),
  },
  {
    name: 'unreadNotifications',
    method: 'GET',
    path: '/api/v1/me/notifications/unread',
    access: 'user',
    contract: true,
    rule: signedIn,
    call: () => ({ url: '/api/v1/me/notifications/unread' }),
  },
  {
    name: 'markNotificationsRead',
    method: 'POST',
    path: '/api/v1/me/notifications/read',
    access: 'user',
    contract: true,
    // Another user's message ids change nothing and are not reported (the access matrix checks it).
    rule: signedIn,
    fields: { ids: 'ids' },
    call: () => ({ url: '/api/v1/me/notifications/read', body: { ids: [guessedId()] } }),
  },
  {
    name: 'markNotificationsRead (all)',
    variantOf: 'markNotificationsRead',
    method: 'POST',
    path: '/api/v1/me/notifications/read',
    access: 'user',
    contract: false,
    rule: signedIn,
    fields: { all: 'boolean' },
    call: () => ({ url: '/api/v1/me/notifications/read', body: { all: true } }),
  },
  {
    name: 'subscriptionTemplates',
    method: 'GET',
    path: '/api/v1/subscription-templates',
    access: 'public',
    contract: true,
    rule: anyone,
    call: () => ({ url: '/api/v1/subscription-templates' }),
  },

  // photos
  {
    name: 'uploadMedia',
    method: 'POST',
    path: '/api/v1/media',
    access: 'user',
    contract: true,
    rule: signedIn,
    body: 'multipart',
    call: async () => {
      const body = multipartBody([
        { name: 'purpose', value: 'receipt' },
        { name: 'file', filename: 'receipt.jpg', type: 'image/jpeg', data: await testJpeg() },
      ]);
      return { url: '/api/v1/media', raw: body };
    },
  },
  {
    name: 'mediaFile',
    method: 'GET',
    path: '/api/v1/media/:mediaId',
    access: 'public',
    contract: false,
    // The signed link is the permission: anyone holding it, nobody without.
    rule: anyone,
    targets: [
      { label: 'a signed link', kind: 'deliveredWish', org: 'B' },
      {
        label: 'the link with its signature changed',
        kind: 'deliveredWish',
        org: 'B',
        hidden: true,
        unaudited: true,
      },
      { label: 'a well-signed link to a guessed id', missing: 'guessed' },
    ],
    call: (ctx) => {
      const signer = createMediaSigner(ctx.w.t.config.media.urlSecret);
      const photo = !ctx.variant?.missing
        ? (ctx.w.t.sqlite
            .prepare(
              'SELECT m.public_id AS id FROM media m JOIN wishes w ON w.id = m.wish_id WHERE w.public_id = ?',
            )
            .get(ctx.target?.id) as { id: string })
        : { id: guessedId() };
      const url = signer.url(photo.id, 'thumb', Math.floor(Date.now() / 1000) + 3600);
      return { url: ctx.variant?.hidden ? url.replace(/sig=[A-Za-z0-9_-]/, 'sig=') : url };
    },
  },

  // the ledger
  {
    name: 'listLedger',
    method: 'GET',
    path: '/api/v1/staff/ledger',
    access: 'user',
    contract: true,
    rule: staff(['finance', 'org_admin']),
    call: () => ({ url: '/api/v1/staff/ledger?limit=5' }),
  },
  {
    name: 'getFunds',
    method: 'GET',
    path: '/api/v1/staff/funds',
    access: 'user',
    contract: true,
    rule: staff(['finance', 'org_admin']),
    call: () => ({ url: '/api/v1/staff/funds' }),
  },
  {
    name: 'recordDonation',
    method: 'POST',
    path: '/api/v1/staff/donations',
    access: 'user',
    contract: true,
    idempotencyKey: true,
    rule: staff(['finance']),
    targets: [
      { label: 'into B campaign fund', kind: 'campaign', org: 'B' },
      { label: 'into C campaign fund', kind: 'campaign', org: 'C' },
      { label: 'into a guessed campaign', missing: 'guessed' },
    ],
    fields: {
      amountFen: 'positive',
      campaignId: 'id',
      channel: 'enum',
      donorName: 'line',
      donorDisplay: 'enum',
      receiptNo: 'format',
      receivedOn: 'date',
      memo: 'line',
    },
    nullable: ['campaignId', 'donorName', 'receiptNo', 'memo'],
    call: (ctx) => ({
      url: '/api/v1/staff/donations',
      body: donationBody({ campaignId: id(ctx), amountFen: 1000, memo: '年终捐赠' }),
    }),
  },
  {
    name: 'recordPurchase',
    method: 'POST',
    path: '/api/v1/staff/purchases',
    access: 'user',
    contract: true,
    idempotencyKey: true,
    rule: staff(['finance']),
    targets: orgTargets('publishedWish'),
    fields: {
      wishId: 'id',
      amountFen: 'positive',
      campaignId: 'id',
      paidFrom: 'enum',
      paidOn: 'date',
      memo: 'line',
    },
    nullable: ['campaignId', 'memo'],
    call: (ctx) => ({
      url: '/api/v1/staff/purchases',
      body: {
        wishId: id(ctx),
        amountFen: 100,
        campaignId: null,
        paidFrom: 'bank',
        paidOn: today(),
        memo: '采购画笔',
      },
    }),
  },
  {
    name: 'refundDonation',
    method: 'POST',
    path: '/api/v1/staff/ledger/:txId/refund',
    access: 'user',
    contract: true,
    idempotencyKey: true,
    rule: staff(['finance']),
    targets: orgTargets('donation'),
    fields: { amountFen: 'positive', paidOn: 'date', reason: 'line' },
    call: (ctx) => ({
      url: `/api/v1/staff/ledger/${id(ctx)}/refund`,
      body: { amountFen: 100, paidOn: today(), reason: '捐赠人要求退回部分' },
    }),
  },
  {
    name: 'reverseLedgerTx',
    method: 'POST',
    path: '/api/v1/staff/ledger/:txId/reverse',
    access: 'user',
    contract: true,
    idempotencyKey: true,
    rule: staff(['finance']),
    targets: orgTargets('donation'),
    consumes: true,
    fields: { reason: 'line' },
    call: (ctx) => ({ url: `/api/v1/staff/ledger/${id(ctx)}/reverse`, body: { reason: '金额录入错误' } }),
  },
  {
    name: 'revalueInKind',
    method: 'POST',
    path: '/api/v1/staff/ledger/:txId/revalue',
    access: 'user',
    contract: true,
    idempotencyKey: true,
    rule: staff(['finance']),
    targets: orgTargets('inKindTx'),
    consumes: true,
    fields: { valueFen: 'positive', reason: 'line' },
    call: (ctx) => ({
      url: `/api/v1/staff/ledger/${id(ctx)}/revalue`,
      body: { valueFen: 8000, reason: '按发票核定' },
    }),
  },
  {
    name: 'getReceipt',
    method: 'GET',
    path: '/api/v1/receipts/:receiptId',
    access: 'public',
    contract: true,
    // The receipt's unguessable id is the permission: whoever holds it may read it.
    rule: anyone,
    targets: [
      { label: 'B receipt', kind: 'donation', org: 'B' },
      { label: 'C receipt', kind: 'donation', org: 'C' },
      { label: 'guessed id', missing: 'guessed' },
    ],
    call: (ctx) => ({ url: `/api/v1/receipts/${ctx.target?.more.receipt ?? guessedId()}` }),
  },
  {
    name: 'listMyReceipts',
    method: 'GET',
    path: '/api/v1/me/receipts',
    access: 'user',
    contract: true,
    rule: signedIn,
    call: () => ({ url: '/api/v1/me/receipts' }),
  },

  // the public ledger log
  {
    name: 'getLatestCheckpoint',
    method: 'GET',
    path: '/api/v1/ledger/checkpoint',
    access: 'public',
    contract: true,
    rule: anyone,
    call: () => ({ url: '/api/v1/ledger/checkpoint' }),
  },
  {
    name: 'getCheckpoint',
    method: 'GET',
    path: '/api/v1/ledger/checkpoints/:size',
    access: 'public',
    contract: true,
    rule: anyone,
    targets: [
      { label: 'the latest size' },
      { label: 'a size never checkpointed', hidden: true, unaudited: true },
    ],
    call: (ctx) => ({
      url: `/api/v1/ledger/checkpoints/${logSize(ctx.w) + (ctx.variant?.hidden ? 1000 : 0)}`,
    }),
  },
  {
    name: 'getLedgerLeaves',
    method: 'GET',
    path: '/api/v1/ledger/leaves',
    access: 'public',
    contract: true,
    rule: anyone,
    call: () => ({ url: '/api/v1/ledger/leaves?start=0&end=2' }),
  },
  {
    name: 'getInclusionProof',
    method: 'GET',
    path: '/api/v1/ledger/proofs/inclusion',
    access: 'public',
    contract: true,
    rule: anyone,
    call: ({ w }) => ({ url: `/api/v1/ledger/proofs/inclusion?index=0&size=${logSize(w)}` }),
  },
  {
    name: 'getConsistencyProof',
    method: 'GET',
    path: '/api/v1/ledger/proofs/consistency',
    access: 'public',
    contract: true,
    rule: anyone,
    call: ({ w }) => ({ url: `/api/v1/ledger/proofs/consistency?first=1&second=${logSize(w)}` }),
  },

  // dashboard
  {
    name: 'getDashboard',
    method: 'GET',
    path: '/api/v1/staff/dashboard',
    access: 'user',
    contract: true,
    rule: staff(STAFF_ROLES),
    call: () => ({ url: '/api/v1/staff/dashboard' }),
  },
  {
    name: 'listPurchasableWishes',
    method: 'GET',
    path: '/api/v1/staff/purchasable-wishes',
    access: 'user',
    contract: true,
    rule: staff(['finance']),
    call: () => ({ url: '/api/v1/staff/purchasable-wishes' }),
  },

  // 公示 reports
  {
    name: 'createReport',
    method: 'POST',
    path: '/api/v1/staff/reports',
    access: 'user',
    contract: true,
    idempotencyKey: true,
    rule: staff(['finance', 'org_admin']),
    targets: [
      { label: 'B campaign report', kind: 'campaign', org: 'B' },
      { label: 'C campaign report', kind: 'campaign', org: 'C' },
      { label: 'a guessed campaign', missing: 'guessed' },
    ],
    fields: { kind: 'enum', campaignId: 'id' },
    call: (ctx) => ({ url: '/api/v1/staff/reports', body: { kind: 'campaign', campaignId: id(ctx) } }),
  },
  {
    name: 'createReport (month)',
    variantOf: 'createReport',
    method: 'POST',
    path: '/api/v1/staff/reports',
    access: 'user',
    contract: false,
    idempotencyKey: true,
    rule: staff(['finance', 'org_admin']),
    fields: { kind: 'enum', month: 'format' },
    call: () => ({ url: '/api/v1/staff/reports', body: { kind: 'month', month: freshMonth() } }),
  },
  {
    name: 'createReport (quarter)',
    variantOf: 'createReport',
    method: 'POST',
    path: '/api/v1/staff/reports',
    access: 'user',
    contract: false,
    idempotencyKey: true,
    rule: staff(['finance', 'org_admin']),
    fields: { kind: 'enum', year: 'positive', quarter: 'positive' },
    call: () => ({ url: '/api/v1/staff/reports', body: { kind: 'quarter', year: 2018, quarter: 2 } }),
  },
  {
    name: 'listStaffReports',
    method: 'GET',
    path: '/api/v1/staff/reports',
    access: 'user',
    contract: true,
    rule: staff(['finance', 'org_admin']),
    call: () => ({ url: '/api/v1/staff/reports' }),
  },
  {
    name: 'getStaffReport',
    method: 'GET',
    path: '/api/v1/staff/reports/:reportId',
    access: 'user',
    contract: true,
    rule: staff(['finance', 'org_admin']),
    targets: reportTargets('draftReport'),
    call: (ctx) => ({ url: `/api/v1/staff/reports/${id(ctx)}` }),
  },
  {
    name: 'deleteReport',
    method: 'DELETE',
    path: '/api/v1/staff/reports/:reportId',
    access: 'user',
    contract: true,
    rule: staff(['finance', 'org_admin']),
    targets: reportTargets('draftReport'),
    consumes: true,
    call: (ctx) => ({ url: `/api/v1/staff/reports/${id(ctx)}` }),
  },
  {
    name: 'publishReport',
    method: 'POST',
    path: '/api/v1/staff/reports/:reportId/publish',
    access: 'user',
    contract: true,
    rule: staff(['finance', 'org_admin']),
    targets: reportTargets('draftReport'),
    consumes: true,
    call: (ctx) => ({ url: `/api/v1/staff/reports/${id(ctx)}/publish` }),
  },
  {
    name: 'listReports',
    method: 'GET',
    path: '/api/v1/reports',
    access: 'public',
    contract: true,
    rule: anyone,
    call: () => ({ url: '/api/v1/reports' }),
  },
  {
    name: 'getReport',
    method: 'GET',
    path: '/api/v1/reports/:reportId',
    access: 'public',
    contract: true,
    rule: anyone,
    targets: publicReportTargets,
    call: (ctx) => ({ url: `/api/v1/reports/${id(ctx)}` }),
  },
  ...exportSpecs,

  // wishes as staff handle them
  {
    name: 'listStaffWishes',
    method: 'GET',
    path: '/api/v1/staff/wishes',
    access: 'user',
    contract: true,
    rule: staff(['caseworker', 'reviewer', 'org_admin']),
    call: () => ({ url: '/api/v1/staff/wishes?limit=5' }),
  },
  {
    name: 'getStaffWish',
    method: 'GET',
    path: '/api/v1/staff/wishes/:wishId',
    access: 'user',
    contract: true,
    rule: staff(['caseworker', 'reviewer', 'org_admin'], 'region'),
    targets: orgTargets('draftWish'),
    call: (ctx) => ({ url: `/api/v1/staff/wishes/${id(ctx)}` }),
  },
  {
    name: 'updateWish',
    method: 'PATCH',
    path: '/api/v1/staff/wishes/:wishId',
    access: 'user',
    contract: true,
    rule: staff(['caseworker'], 'region'),
    targets: orgTargets('draftWish'),
    fields: {
      version: 'positive',
      title: 'line',
      description: 'paragraph',
      kind: 'enum',
      quantity: 'positive',
      estimatedValueFen: 'positive',
      shares: 'positive',
      handoverSiteId: 'id',
      campaignId: 'id',
    },
    nullable: ['campaignId'],
    call: (ctx) => ({
      url: `/api/v1/staff/wishes/${id(ctx)}`,
      body: {
        version: version(ctx, 'wishes'),
        title: '一套新的水彩笔',
        description: '想在美术课上用。',
        kind: 'item',
        quantity: 1,
        estimatedValueFen: 9000,
        shares: 1,
        handoverSiteId: ctx.w.sites[ctx.org],
        campaignId: null,
      },
    }),
  },
  {
    name: 'submitWish',
    method: 'POST',
    path: '/api/v1/staff/wishes/:wishId/submit',
    access: 'user',
    contract: true,
    rule: staff(['caseworker'], 'region'),
    targets: orgTargets('draftWish'),
    consumes: true,
    call: (ctx) => ({ url: `/api/v1/staff/wishes/${id(ctx)}/submit` }),
  },
  {
    name: 'cancelWish',
    method: 'POST',
    path: '/api/v1/staff/wishes/:wishId/cancel',
    access: 'user',
    contract: true,
    rule: staff(['caseworker'], 'region'),
    targets: orgTargets('draftWish'),
    consumes: true,
    fields: { reason: 'line' },
    call: (ctx) => ({ url: `/api/v1/staff/wishes/${id(ctx)}/cancel`, body: { reason: '孩子已经有了' } }),
  },
  {
    name: 'reviewQueue',
    method: 'GET',
    path: '/api/v1/staff/review-queue',
    access: 'user',
    contract: true,
    rule: staff(['reviewer']),
    call: () => ({ url: '/api/v1/staff/review-queue' }),
  },
  {
    name: 'approveWish',
    method: 'POST',
    path: '/api/v1/staff/wishes/:wishId/approve',
    access: 'user',
    contract: true,
    rule: staff(['reviewer'], 'region'),
    targets: orgTargets('inReviewWish'),
    consumes: true,
    call: (ctx) => ({ url: `/api/v1/staff/wishes/${id(ctx)}/approve` }),
  },
  {
    name: 'returnWish',
    method: 'POST',
    path: '/api/v1/staff/wishes/:wishId/return',
    access: 'user',
    contract: true,
    rule: staff(['reviewer'], 'region'),
    targets: orgTargets('inReviewWish'),
    consumes: true,
    fields: { reason: 'line' },
    call: (ctx) => ({ url: `/api/v1/staff/wishes/${id(ctx)}/return`, body: { reason: '请补充说明用途' } }),
  },
  {
    name: 'listHandoverSites',
    method: 'GET',
    path: '/api/v1/staff/sites',
    access: 'user',
    contract: true,
    rule: staff(['caseworker', 'reviewer', 'org_admin']),
    call: () => ({ url: '/api/v1/staff/sites' }),
  },
  {
    name: 'createHandoverSite',
    method: 'POST',
    path: '/api/v1/staff/sites',
    access: 'user',
    contract: true,
    rule: staff(['org_admin']),
    fields: { name: 'line', regionId: 'id', address: 'line', contactPhone: 'format' },
    nullable: ['address', 'contactPhone'],
    call: ({ w }) => ({
      url: '/api/v1/staff/sites',
      body: {
        name: `服务点${w.tag()}`,
        regionId: w.regions.village,
        address: '村委会一楼',
        contactPhone: '0599-6210001',
      },
    }),
  },
  {
    name: 'listStaffCampaigns',
    method: 'GET',
    path: '/api/v1/staff/campaigns',
    access: 'user',
    contract: true,
    rule: staff(STAFF_ROLES),
    call: () => ({ url: '/api/v1/staff/campaigns' }),
  },
  {
    name: 'createCampaign',
    method: 'POST',
    path: '/api/v1/staff/campaigns',
    access: 'user',
    contract: true,
    rule: staff(['reviewer', 'org_admin']),
    fields: {
      title: 'line',
      description: 'paragraph',
      startsOn: 'date',
      endsOn: 'date',
      targetWishCount: 'positive',
    },
    nullable: ['description'],
    accepts: {
      // No upper bound on a campaign's length: its wishes then simply do not expire with it.
      'endsOn = far future (9999)': 'a campaign ending in 9999 is stored as such',
    },
    call: ({ w }) => ({
      url: '/api/v1/staff/campaigns',
      body: {
        title: `六一${w.tag()}`,
        description: '节日礼物',
        startsOn: '2030-05-20',
        endsOn: '2030-06-01',
        targetWishCount: 20,
      },
    }),
  },

  // online donations (WeChat Pay)
  {
    name: 'createPayOrder',
    method: 'POST',
    path: '/api/v1/pay/orders',
    access: 'user',
    contract: true,
    idempotencyKey: true,
    rule: signedIn,
    targets: [
      { label: 'B campaign', kind: 'campaign', org: 'B' },
      { label: 'C campaign', kind: 'campaign', org: 'C' },
      { label: 'a guessed campaign', missing: 'guessed' },
    ],
    fields: {
      target: 'object',
      'target.kind': 'enum',
      'target.campaignId': 'id',
      amountFen: 'positive',
      donorDisplay: 'enum',
      donorName: 'line',
      channel: 'enum',
    },
    nullable: ['donorName'],
    call: (ctx) => ({
      url: '/api/v1/pay/orders',
      body: {
        target: { kind: 'campaign', campaignId: id(ctx) },
        amountFen: 1000,
        donorDisplay: 'masked',
        donorName: '陈女士',
        channel: 'h5',
      },
    }),
  },
  {
    name: 'createPayOrder (wish shares)',
    variantOf: 'createPayOrder',
    method: 'POST',
    path: '/api/v1/pay/orders',
    access: 'user',
    contract: false,
    idempotencyKey: true,
    rule: signedIn,
    targets: [{ label: 'B published wish (100 shares)', kind: 'sharedWish', org: 'B' }],
    fields: {
      target: 'object',
      'target.kind': 'enum',
      'target.wishId': 'id',
      'target.shares': 'positive',
      donorDisplay: 'enum',
      channel: 'enum',
    },
    call: (ctx) => ({
      url: '/api/v1/pay/orders',
      body: {
        target: { kind: 'wish', wishId: id(ctx), shares: 1 },
        donorDisplay: 'anonymous',
        channel: 'h5',
      },
    }),
  },
  {
    name: 'getPayOrder',
    method: 'GET',
    path: '/api/v1/pay/orders/:orderId',
    access: 'user',
    contract: true,
    rule: { kind: 'owner' },
    targets: claimTargets('payOrder'),
    call: (ctx) => ({ url: `/api/v1/pay/orders/${id(ctx)}` }),
  },
  {
    name: 'listMyPayOrders',
    method: 'GET',
    path: '/api/v1/me/pay-orders',
    access: 'user',
    contract: true,
    rule: signedIn,
    call: () => ({ url: '/api/v1/me/pay-orders' }),
  },
  {
    name: 'simulatePayment',
    method: 'POST',
    path: '/api/v1/demo/pay/orders/:orderId/simulate',
    access: 'user',
    contract: true,
    rule: { kind: 'owner' },
    targets: claimTargets('payOrder'),
    consumes: true,

    call: (ctx) => ({ url: `/api/v1/demo/pay/orders/${id(ctx)}/simulate` }),
  },
  {
    name: 'refundOnlineDonation',
    method: 'POST',
    path: '/api/v1/staff/ledger/:txId/online-refunds',
    access: 'user',
    contract: true,
    idempotencyKey: true,
    rule: staff(['finance']),
    targets: orgTargets('onlineDonation'),
    fields: { amountFen: 'positive', reason: 'line' },
    settle: refundsSettled,
    call: (ctx) => ({
      url: `/api/v1/staff/ledger/${id(ctx)}/online-refunds`,
      body: { amountFen: 100, reason: '捐赠人要求退回部分' },
    }),
  },
  {
    name: 'payNotify',
    method: 'POST',
    path: '/api/v1/pay/notify',
    access: 'public',
    contract: false,
    // WeChat Pay's signature is the permission; answers are in WeChat Pay's format.
    rule: anyone,
    wechatPayAnswers: true,
    targets: [
      { label: 'a signed payment callback', kind: 'onlineDonation', org: 'B' },
      {
        label: 'the callback with its signature spoiled',
        kind: 'onlineDonation',
        org: 'B',
        hidden: true,
        unaudited: true,
      },
    ],
    body: 'text',
    call: (ctx) => {
      const outTradeNo = (
        ctx.w.t.sqlite
          .prepare('SELECT out_trade_no AS no FROM pay_orders WHERE public_id = ?')
          .get(ctx.target?.more.order ?? '') as { no: string }
      ).no;
      const built = ctx.w.pay.buildNotification(
        { eventType: 'TRANSACTION.SUCCESS', resource: ctx.w.pay.transactionResource(outTradeNo) },
        ctx.variant?.hidden ? { tamper: 'signature' } : {},
      );
      return {
        url: '/api/v1/pay/notify',
        raw: { payload: built.body, headers: { ...built.headers, 'content-type': 'application/json' } },
      };
    },
  },

  // outside the contract: WeChat's message push and the H5 app
  {
    name: 'wechatPushCheck',
    method: 'GET',
    path: '/api/v1/wechat/events',
    access: 'public',
    contract: false,
    // WeChat's signature is the permission: anyone with it, nobody without.
    rule: anyone,
    targets: pushTargets,
    call: (ctx) => ({
      url: `/api/v1/wechat/events${pushQuery(ctx.w, !ctx.variant?.hidden, '&echostr=hello')}`,
    }),
  },
  {
    name: 'wechatPushEvent',
    method: 'POST',
    path: '/api/v1/wechat/events',
    access: 'public',
    contract: false,
    rule: anyone,
    targets: pushTargets,
    body: 'text',
    call: (ctx) => ({
      url: `/api/v1/wechat/events${pushQuery(ctx.w, !ctx.variant?.hidden)}`,
      raw: {
        payload: JSON.stringify({ ToUserName: 'gh_x', MsgType: 'event', Event: 'user_enter_tempsession' }),
        headers: { 'content-type': 'text/plain' },
      },
    }),
  },
  {
    name: 'h5',
    method: 'GET',
    path: '*',
    access: 'public',
    contract: false,
    rule: anyone,
    call: () => ({ url: '/wishes/list' }),
  },
];

/** The organization a call is about: the target's, else the caller's own, else the bureau. */
export function orgOf(actor: ActorKey, target: Sample | null): OrgKey {
  return target?.org ?? ACTOR_INFO[actor].org ?? 'B';
}

/** Whether `actor` may call the route on `target`, by the route's rule alone. */
export function allows(spec: RouteSpec, actor: ActorKey, target: TargetSpec | null): boolean {
  const a = ACTOR_INFO[actor];
  if (target?.missing || target?.hidden) return false;
  const covers = a.region !== 'elsewhere';
  const staffMay = (roles: readonly MemberRole[], within: 'org' | 'region') =>
    a.role !== null &&
    roles.includes(a.role) &&
    (target?.org === undefined || a.org === target.org) &&
    (within === 'org' || covers);
  const rule = spec.rule;
  switch (rule.kind) {
    case 'anyone':
      return true;
    case 'signedIn':
      return a.signedIn;
    case 'platformAdmin':
      return a.admin;
    case 'staff':
      return staffMay(rule.roles, rule.within);
    case 'owner':
      return (
        (a.signedIn && (target?.owner === actor || target?.owner === 'self')) ||
        (rule.staff !== undefined && staffMay(rule.staff.roles, rule.staff.within))
      );
    case 'managers':
      return a.admin || (a.role === 'org_admin' && a.org === target?.org);
    case 'members':
      return a.org !== null && a.org === target?.org;
  }
}

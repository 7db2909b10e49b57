import type { LightMyRequestResponse } from 'fastify';
import type { MemberRole } from '../../shared/constants';
import type { ConsentBody, CreateBeneficiaryBody } from '../../shared/schemas/beneficiaries';
import type { CreateWishBody } from '../../shared/schemas/staff-wishes';
import { newPublicId } from '../../server/ids';
import { newSessionToken, SESSION_MAX_MS } from '../../server/modules/auth/session-rules';
import type { TestApp } from './test-app';

// Helpers for API tests of staff work (files, wishes, review): who calls, and what the database holds.

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Calls the API as the bearer of `token` (null: anonymously). An object payload is sent as JSON;
 * a string payload is sent as raw JSON text, for inputs JSON.stringify cannot produce (`1e999`, `"\ud800"`).
 */
export function call(
  t: TestApp,
  token: string | null,
  method: Method,
  url: string,
  payload?: object | string,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(typeof payload === 'string' && { 'content-type': 'application/json' }),
    },
    ...(payload !== undefined && { payload }),
  });
}

/** Logs a demo persona in; returns the bearer token. */
export async function demoLogin(t: TestApp, persona: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { persona } });
  if (res.statusCode !== 200) throw new Error(`demo login as ${persona}: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

const idOf = (t: TestApp, table: 'organizations' | 'regions', name: string): number => {
  const row = t.sqlite.prepare(`SELECT id FROM ${table} WHERE name = ?`).get(name) as
    { id: number } | undefined;
  if (!row) throw new Error(`no row in ${table} named ${name}`);
  return row.id;
};

/**
 * A staff member the demo data lacks (another village's caseworker, another organization's
 * reviewer), written straight into the database: a user, one active membership, a session.
 * `org` and `region` are names; without a region the role covers the organization's whole region.
 */
export function addStaff(
  t: TestApp,
  who: { name: string; org: string; role: MemberRole; region?: string },
): { token: string; userId: number } {
  const now = Date.now();
  const user = t.sqlite
    .prepare('INSERT INTO users (public_id, display_name, created_at) VALUES (?, ?, ?) RETURNING id')
    .get(newPublicId(), who.name, now) as { id: number };
  t.sqlite
    .prepare(
      'INSERT INTO memberships (public_id, user_id, org_id, role, region_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(
      newPublicId(),
      user.id,
      idOf(t, 'organizations', who.org),
      who.role,
      who.region ? idOf(t, 'regions', who.region) : null,
      now,
    );
  const { token, hash } = newSessionToken();
  t.sqlite
    .prepare(
      'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(hash, user.id, now, now, now + SESSION_MAX_MS);
  return { token, userId: user.id };
}

/** The database id of a demo persona's user. */
export function personaUserId(t: TestApp, persona: string): number {
  const row = t.sqlite.prepare('SELECT id FROM users WHERE demo_persona = ?').get(persona) as
    { id: number } | undefined;
  if (!row) throw new Error(`no demo persona ${persona}`);
  return row.id;
}

/** Rows in a table, to prove a refused write wrote nothing. */
export function countRows(t: TestApp, table: string): number {
  return (t.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export interface AuditRow {
  actor_user_id: number | null;
  action: string;
  outcome: string;
  target_type: string | null;
  target_id: string | null;
  details: string | null;
}

/** Audit events of one action, oldest first. */
export function auditEvents(t: TestApp, action: string): AuditRow[] {
  return t.sqlite
    .prepare(
      'SELECT actor_user_id, action, outcome, target_type, target_id, details FROM audit_events WHERE action = ? ORDER BY id',
    )
    .all(action) as AuditRow[];
}

/** A region's or an organization's public id, by name. */
export function publicIdOf(t: TestApp, table: 'organizations' | 'regions', name: string): string {
  const row = t.sqlite.prepare(`SELECT public_id FROM ${table} WHERE name = ?`).get(name) as
    { public_id: string } | undefined;
  if (!row) throw new Error(`no row in ${table} named ${name}`);
  return row.public_id;
}

/** A guardian's consent as a caseworker records it. */
export const CONSENT: ConsentBody = {
  guardianName: '郑秀兰',
  relation: '奶奶',
  consentedOn: '2026-01-10',
  publishStory: true,
  publishPhotos: false,
};

/** A new file for a child born in 2016, in `regionId`, with a complete (fictional) restricted side. */
export function fileBody(regionId: string, over: Partial<CreateBeneficiaryBody> = {}): CreateBeneficiaryBody {
  return {
    regionId,
    pseudonym: '小树苗',
    birthYear: 2016,
    gender: 'female',
    category: 'left_behind',
    urgency: 'orange',
    story: '喜欢画画，也喜欢和小伙伴一起跳绳。',
    restricted: {
      realName: '郑可欣',
      idNumber: null,
      birthDate: '2016-05-12',
      address: '石桥镇上坑村5组8号',
      guardianName: '郑秀兰',
      guardianRelation: '奶奶',
      guardianPhone: '13900001111',
      school: '石桥镇中心小学',
      schoolClass: '三年级一班',
      caseNotes: '父母在外务工，每月走访一次。',
    },
    ...over,
  };
}

/** A new wish handed over at `handoverSiteId`, with clean public text. */
export function wishBody(handoverSiteId: string, over: Partial<CreateWishBody> = {}): CreateWishBody {
  return {
    title: '一套水彩画笔和画本',
    description: '孩子喜欢画画，想要一套水彩画笔和两本画本。',
    kind: 'item',
    quantity: 1,
    estimatedValueFen: 12000,
    shares: 1,
    handoverSiteId,
    ...over,
  };
}

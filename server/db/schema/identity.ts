import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { MEMBER_ROLES, ORGANIZATION_KINDS } from '../../../shared/constants';
import { oneOf } from './checks';
import { regions } from './regions';

/** Anyone who logs in. Identity comes only from WeChat (openid) or a verified phone. */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    displayName: text('display_name').notNull(),
    phone: text('phone').unique(),
    wechatOpenid: text('wechat_openid').unique(),
    wechatUnionid: text('wechat_unionid'),
    isPlatformAdmin: integer('is_platform_admin', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    /** Demo mode only: the persona this seeded user plays. */
    demoPersona: text('demo_persona').unique(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [check('users_status_check', sql`${t.status} IN ('active', 'disabled')`)],
);

/** Opaque bearer tokens, stored only as their SHA-256. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    currentOrgId: integer('current_org_id').references(() => organizations.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const organizations = sqliteTable(
  'organizations',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ORGANIZATION_KINDS }).notNull(),
    /** The region the organization serves; memberships may narrow it to a subtree. */
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [check('organizations_kind_check', oneOf(t.kind, ORGANIZATION_KINDS))],
);

/** A staff role of a user in one organization, optionally scoped to a region subtree. */
export const memberships = sqliteTable(
  'memberships',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    orgId: integer('org_id')
      .notNull()
      .references(() => organizations.id),
    role: text('role', { enum: MEMBER_ROLES }).notNull(),
    /** Null: the organization's whole region. */
    regionId: integer('region_id').references(() => regions.id),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('memberships_user_org_role_idx').on(t.userId, t.orgId, t.role),
    check('memberships_role_check', oneOf(t.role, MEMBER_ROLES)),
    check('memberships_status_check', sql`${t.status} IN ('active', 'disabled')`),
  ],
);

/** One-time login codes sent by SMS, stored hashed. */
export const smsCodes = sqliteTable(
  'sms_codes',
  {
    id: integer('id').primaryKey(),
    phone: text('phone').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: integer('consumed_at'),
  },
  (t) => [index('sms_codes_phone_idx').on(t.phone, t.createdAt)],
);

/**
 * Append-only audit log (triggers refuse UPDATE and DELETE): logins, refusals, role changes, and
 * later every read of a child's restricted file. Never carries a token or a code.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey(),
    at: integer('at').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['ok', 'refused', 'failed'] }).notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    requestId: text('request_id'),
    details: text('details', { mode: 'json' }),
  },
  (t) => [
    index('audit_events_actor_idx').on(t.actorUserId, t.at),
    check('audit_events_outcome_check', sql`${t.outcome} IN ('ok', 'refused', 'failed')`),
  ],
);

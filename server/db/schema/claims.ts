import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  ACTIVE_CLAIM_STAGES,
  CLAIM_STAGES,
  OVERDUE_CLAIM_STAGES,
  SHIPPING_MODES,
} from '../../../shared/constants';
import { oneOf } from './checks';
import { users } from './identity';
import { wishes } from './wishes';

/**
 * A donor's commitment to fulfil a wish (or some of its shares). How many shares a wish has left
 * is `wishes.shares_taken`, changed only by a conditional UPDATE whose CHECK keeps it within the
 * wish's shares: the database, not the code, makes over-claiming impossible.
 */
export const claims = sqliteTable(
  'claims',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    wishId: integer('wish_id')
      .notNull()
      .references(() => wishes.id),
    donorUserId: integer('donor_user_id')
      .notNull()
      .references(() => users.id),
    shares: integer('shares').notNull(),
    stage: text('stage', { enum: CLAIM_STAGES }).notNull(),
    shippingMode: text('shipping_mode', { enum: SHIPPING_MODES }),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    claimedAt: integer('claimed_at').notNull(),
    deadlineAt: integer('deadline_at').notNull(),
    /** Reminders sent (24 h and 2 h before the deadline), so each goes out once. */
    remindedAt24h: integer('reminded_at_24h'),
    remindedAt2h: integer('reminded_at_2h'),
    /** When the claim finished: confirmed by the donor, withdrawn, or released as overdue. */
    endedAt: integer('ended_at'),
    updatedAt: integer('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    // One active claim per donor per wish (a donor wanting two shares claims two at once).
    uniqueIndex('claims_one_active_per_donor')
      .on(t.wishId, t.donorUserId)
      .where(sql.raw(`stage IN (${ACTIVE_CLAIM_STAGES.map((s) => `'${s}'`).join(', ')})`)),
    index('claims_wish_idx').on(t.wishId, t.stage),
    index('claims_donor_idx').on(t.donorUserId, t.stage, t.claimedAt),
    /** The sweeper's scan: claims that can still go overdue, by deadline. */
    index('claims_deadline_idx')
      .on(t.deadlineAt)
      .where(sql.raw(`stage IN (${OVERDUE_CLAIM_STAGES.map((s) => `'${s}'`).join(', ')})`)),
    check('claims_stage_check', oneOf(t.stage, CLAIM_STAGES)),
    check(
      'claims_shipping_mode_check',
      sql`${t.shippingMode} IS NULL OR ${oneOf(t.shippingMode, SHIPPING_MODES)}`,
    ),
    check('claims_shares_check', sql`typeof(${t.shares}) = 'integer' AND ${t.shares} >= 1`),
  ],
);

/**
 * Every step of a wish's fulfilment, who took it and when: the timeline. Append-only (triggers).
 * Steps of one donor's claim name the claim; hand-over and thank-you concern the whole wish.
 */
export const fulfilmentEvents = sqliteTable(
  'fulfilment_events',
  {
    id: integer('id').primaryKey(),
    wishId: integer('wish_id')
      .notNull()
      .references(() => wishes.id),
    claimId: integer('claim_id').references(() => claims.id),
    kind: text('kind', { enum: CLAIM_STAGES }).notNull(),
    /** Null for the sweeper. */
    actorUserId: integer('actor_user_id').references(() => users.id),
    at: integer('at').notNull(),
    /** Step details: carrier and tracking number, quantity and condition, a note or reason. */
    details: text('details', { mode: 'json' }).$type<FulfilmentDetails>(),
  },
  (t) => [
    index('fulfilment_events_wish_idx').on(t.wishId, t.id),
    index('fulfilment_events_claim_idx').on(t.claimId, t.id),
    check('fulfilment_events_kind_check', oneOf(t.kind, CLAIM_STAGES)),
  ],
);

export interface FulfilmentDetails {
  shares?: number;
  shippingMode?: string;
  carrier?: string;
  trackingNumber?: string;
  quantity?: number;
  condition?: string;
  note?: string;
  reason?: string;
  text?: string;
}

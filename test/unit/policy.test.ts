import { describe, expect, it } from 'vitest';
import type { Actor } from '../../server/modules/access/actor';
import { can } from '../../server/modules/access/policy';
import {
  sessionState,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  bearerToken,
} from '../../server/modules/auth/session-rules';

const actor = (memberships: Actor['memberships'], isPlatformAdmin = false): Actor => ({
  userId: 1,
  publicId: 'Ab-_0123456789xy',
  sessionId: 1,
  isPlatformAdmin,
  currentOrgId: null,
  memberships,
});

const COUNTY = '/c/';
const TOWN = '/c/t1/';
const VILLAGE = '/c/t1/v1/';
const OTHER_VILLAGE = '/c/t2/v9/';

describe('can(actor, action, scope)', () => {
  const villageCaseworker = actor([{ orgId: 7, role: 'caseworker', regionPath: VILLAGE }]);
  const townReviewer = actor([{ orgId: 7, role: 'reviewer', regionPath: TOWN }]);
  const finance = actor([{ orgId: 8, role: 'finance', regionPath: COUNTY }]);

  it('lets a caseworker act on files in her own village', () => {
    expect(can(villageCaseworker, 'beneficiary.read_restricted', { orgId: 7, regionPath: VILLAGE })).toBe(
      true,
    );
    expect(can(villageCaseworker, 'wish.write', { orgId: 7, regionPath: `${VILLAGE}x/` })).toBe(true);
  });

  it('refuses her another village, the town above, and another organization', () => {
    expect(can(villageCaseworker, 'beneficiary.read', { orgId: 7, regionPath: OTHER_VILLAGE })).toBe(false);
    expect(can(villageCaseworker, 'beneficiary.read', { orgId: 7, regionPath: TOWN })).toBe(false);
    expect(can(villageCaseworker, 'beneficiary.read', { orgId: 8, regionPath: VILLAGE })).toBe(false);
  });

  it('lets a town reviewer review any village of the town, and nothing else', () => {
    expect(can(townReviewer, 'wish.review', { orgId: 7, regionPath: VILLAGE })).toBe(true);
    expect(can(townReviewer, 'wish.review', { orgId: 7, regionPath: OTHER_VILLAGE })).toBe(false);
    expect(can(townReviewer, 'wish.write', { orgId: 7, regionPath: VILLAGE })).toBe(false);
  });

  it('gives each role only its own actions', () => {
    expect(can(finance, 'ledger.write', { orgId: 8 })).toBe(true);
    expect(can(finance, 'beneficiary.read', { orgId: 8, regionPath: VILLAGE })).toBe(false);
    expect(can(villageCaseworker, 'ledger.write', { orgId: 7 })).toBe(false);
  });

  it('keeps the platform admin out of organizations’ data (least privilege)', () => {
    const admin = actor([], true);
    expect(can(admin, 'platform.manage')).toBe(true);
    expect(can(admin, 'beneficiary.read_restricted', { orgId: 7, regionPath: VILLAGE })).toBe(false);
    expect(can(finance, 'platform.manage')).toBe(false);
  });

  it('refuses anonymous callers and staff actions without a scope', () => {
    expect(can(null, 'beneficiary.read', { orgId: 7, regionPath: VILLAGE })).toBe(false);
    expect(can(finance, 'ledger.write')).toBe(false);
  });

  it('does not mistake a sibling path for a subtree (/c/t1/ is not inside /c/t10/)', () => {
    const t10 = actor([{ orgId: 7, role: 'reviewer', regionPath: '/c/t10/' }]);
    expect(can(t10, 'wish.review', { orgId: 7, regionPath: '/c/t1/v1/' })).toBe(false);
  });
});

describe('session rules', () => {
  const now = 1_800_000_000_000;
  it('is active until idle for a week or a month old', () => {
    expect(
      sessionState({ lastSeenAt: now - 1000, expiresAt: now + SESSION_MAX_MS, revokedAt: null }, now),
    ).toBe('active');
    expect(
      sessionState({ lastSeenAt: now - SESSION_IDLE_MS, expiresAt: now + 1, revokedAt: null }, now),
    ).toBe('expired');
    expect(sessionState({ lastSeenAt: now, expiresAt: now, revokedAt: null }, now)).toBe('expired');
    expect(sessionState({ lastSeenAt: now, expiresAt: now + 1, revokedAt: now - 1 }, now)).toBe('revoked');
  });

  it('accepts only bearer tokens of our shape', () => {
    const token = 'A'.repeat(43);
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    for (const bad of [
      undefined,
      '',
      token,
      `bearer ${token}`,
      `Bearer ${token}x`,
      'Bearer a.b.c',
      `Bearer ${token}\n`,
    ]) {
      expect(bearerToken(bad)).toBeUndefined();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { claimDeadline, timeLeft, timeLeftText } from '../../shared/claim-deadline';
import { claimRefusal, sharesValueFen } from '../../server/modules/claims/claim-rules';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-23T10:00:00+08:00');

describe('claim deadline by urgency', () => {
  it.each([
    ['red', 48],
    ['orange', 72],
    ['yellow', 168],
    ['blue', 336],
  ] as const)('%s: %i hours', (urgency, hours) => {
    expect(claimDeadline(urgency, T0) - T0).toBe(hours * HOUR);
  });

  it('counts down to the minute and turns pressing under 24 hours', () => {
    const deadline = claimDeadline('red', T0);
    expect(timeLeft(deadline, T0)).toEqual({
      overdue: false,
      days: 2,
      hours: 0,
      minutes: 0,
      pressing: false,
    });
    expect(timeLeft(deadline, deadline - 24 * HOUR)).toMatchObject({ days: 1, pressing: false });
    expect(timeLeft(deadline, deadline - 24 * HOUR + 1)).toMatchObject({
      days: 0,
      hours: 23,
      minutes: 59,
      pressing: true,
    });
    expect(timeLeft(deadline, deadline - 1)).toMatchObject({ overdue: false, minutes: 0 });
    expect(timeLeft(deadline, deadline)).toMatchObject({ overdue: true, pressing: true });
    expect(timeLeft(deadline, deadline + HOUR).overdue).toBe(true);
  });

  it('says it in words', () => {
    const d = claimDeadline('red', T0);
    expect(timeLeftText(timeLeft(d, T0 + HOUR))).toBe('剩 1 天 23 小时');
    expect(timeLeftText(timeLeft(d, d - 5 * HOUR - 12 * 60_000))).toBe('剩 5 小时 12 分');
    expect(timeLeftText(timeLeft(d, d - 8 * 60_000))).toBe('剩 8 分钟');
    expect(timeLeftText(timeLeft(d, d - 1000))).toBe('剩 1 分钟');
    expect(timeLeftText(timeLeft(d, d))).toBe('已超时');
  });
});

describe('who may claim', () => {
  const wish = { status: 'published' as const, shares: 1, sharesTaken: 0, expiresAt: null };
  const donor = { activeClaims: 0, maxActive: 5, holdsClaim: false };
  it('allows a published wish with shares left', () => {
    expect(claimRefusal(wish, 1, donor, T0)).toBeNull();
  });
  it('names the reason otherwise', () => {
    expect(claimRefusal({ ...wish, status: 'claimed', sharesTaken: 1 }, 1, donor, T0)).toBe(
      'WISH_ALREADY_CLAIMED',
    );
    expect(claimRefusal({ ...wish, status: 'claimed', shares: 3, sharesTaken: 3 }, 1, donor, T0)).toBe(
      'NO_SHARES_LEFT',
    );
    expect(claimRefusal({ ...wish, shares: 3, sharesTaken: 2 }, 2, donor, T0)).toBe('NO_SHARES_LEFT');
    expect(claimRefusal({ ...wish, status: 'in_review' }, 1, donor, T0)).toBe('WISH_NOT_CLAIMABLE');
    expect(claimRefusal({ ...wish, expiresAt: T0 }, 1, donor, T0)).toBe('WISH_NOT_CLAIMABLE');
    expect(claimRefusal({ ...wish, expiresAt: T0 + 1 }, 1, donor, T0)).toBeNull();
    expect(claimRefusal(wish, 1, { ...donor, holdsClaim: true }, T0)).toBe('ALREADY_CLAIMED_BY_YOU');
    // Tapping again on a wish one took in full says so, not "someone else took it".
    expect(
      claimRefusal({ ...wish, status: 'claimed', sharesTaken: 1 }, 1, { ...donor, holdsClaim: true }, T0),
    ).toBe('ALREADY_CLAIMED_BY_YOU');
    expect(claimRefusal(wish, 1, { ...donor, activeClaims: 5 }, T0)).toBe('CLAIM_LIMIT_REACHED');
    expect(claimRefusal(wish, 1, { ...donor, activeClaims: 4 }, T0)).toBeNull();
  });
  it('values shares in whole fen', () => {
    expect(sharesValueFen(30000, 3, 2)).toBe(20000);
  });
});

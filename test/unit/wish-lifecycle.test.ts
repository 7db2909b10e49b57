import { describe, expect, it } from 'vitest';
import { WISH_STATUSES, type WishStatus } from '../../shared/constants';
import {
  isWishEditable,
  nextWishStatus,
  WISH_TRANSITIONS,
  type WishEvent,
} from '../../shared/wish-lifecycle';

const EVENTS = Object.keys(WISH_TRANSITIONS) as WishEvent[];

describe('wish lifecycle', () => {
  it.each([
    ['draft', 'submit', 'in_review'],
    ['returned', 'submit', 'in_review'],
    ['in_review', 'approve', 'published'],
    ['in_review', 'return', 'returned'],
    ['draft', 'cancel', 'cancelled'],
    ['published', 'cancel', 'cancelled'],
    ['published', 'expire', 'expired'],
    ['published', 'claim', 'claimed'],
    ['claimed', 'release', 'published'],
    ['claimed', 'deliver', 'delivered'],
    ['delivered', 'confirm', 'confirmed'],
  ] as [WishStatus, WishEvent, WishStatus][])('%s --%s--> %s', (from, event, to) => {
    expect(nextWishStatus(from, event)).toBe(to);
  });

  // Every (status, event) pair not in the table is refused: 9 statuses × 9 events, minus the moves above.
  const allowed = new Set(
    EVENTS.flatMap((e) => (WISH_TRANSITIONS[e].from as readonly string[]).map((s) => `${s}/${e}`)),
  );
  const refused = WISH_STATUSES.flatMap((s) => EVENTS.map((e) => [s, e] as const)).filter(
    ([s, e]) => !allowed.has(`${s}/${e}`),
  );

  it('refuses every other move', () => {
    expect(refused.length).toBe(WISH_STATUSES.length * EVENTS.length - allowed.size);
    expect(refused.length).toBeGreaterThan(60);
  });

  it.each(refused)('refuses %s --%s-->', (status, event) => {
    expect(nextWishStatus(status, event)).toBeNull();
  });

  it('never lets a finished wish move again, and never publishes without review', () => {
    for (const done of ['confirmed', 'cancelled', 'expired'] as const) {
      for (const e of EVENTS) expect(nextWishStatus(done, e)).toBeNull();
    }
    for (const s of WISH_STATUSES.filter((x) => x !== 'in_review' && x !== 'claimed')) {
      expect(
        nextWishStatus(s, 'approve') === 'published' || nextWishStatus(s, 'release') === 'published',
      ).toBe(false);
    }
  });

  it('allows editing only drafts and returned wishes', () => {
    expect(WISH_STATUSES.filter(isWishEditable)).toEqual(['draft', 'returned']);
  });
});

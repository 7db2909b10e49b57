import { describe, expect, it } from 'vitest';
import { CLAIM_STAGES, type ClaimStage } from '../../shared/constants';
import {
  CLAIM_TRANSITIONS,
  donorSteps,
  isClaimActive,
  nextClaimStage,
  type ClaimEvent,
} from '../../shared/claim-lifecycle';
import { canThank, handOverRefusal } from '../../server/modules/fulfilment/fulfilment-rules';

const EVENTS = Object.keys(CLAIM_TRANSITIONS) as ClaimEvent[];

describe('claim lifecycle', () => {
  const ALLOWED: [ClaimStage, ClaimEvent, ClaimStage][] = [
    ['claimed', 'purchase', 'purchased'],
    ['claimed', 'ship', 'shipped'],
    ['purchased', 'ship', 'shipped'],
    ['problem', 'ship', 'shipped'],
    ['shipped', 'receive', 'received'],
    ['shipped', 'report_problem', 'problem'],
    ['received', 'hand_over', 'handed_over'],
    ['handed_over', 'thank', 'thanked'],
    ['handed_over', 'confirm', 'confirmed'],
    ['thanked', 'confirm', 'confirmed'],
    ['claimed', 'withdraw', 'withdrawn'],
    ['purchased', 'withdraw', 'withdrawn'],
    ['problem', 'withdraw', 'withdrawn'],
    ['claimed', 'expire', 'overdue'],
    ['purchased', 'expire', 'overdue'],
  ];
  it.each(ALLOWED)('%s --%s--> %s', (from, event, to) => {
    expect(nextClaimStage(from, event)).toBe(to);
  });

  it('refuses every other pair of the 10 stages × 9 steps', () => {
    const allowed = new Set(ALLOWED.map(([s, e]) => `${s}/${e}`));
    const pairs = CLAIM_STAGES.flatMap((s) => EVENTS.map((e) => [s, e] as const));
    const refused = pairs.filter(([s, e]) => !allowed.has(`${s}/${e}`));
    expect(refused.length).toBe(CLAIM_STAGES.length * EVENTS.length - ALLOWED.length);
    for (const [s, e] of refused) expect(nextClaimStage(s, e), `${s}/${e}`).toBeNull();
  });

  it('never releases a gift that is on its way or delivered, and never delivers a released claim', () => {
    for (const s of ['shipped', 'received', 'handed_over', 'thanked', 'confirmed'] as const) {
      expect(nextClaimStage(s, 'withdraw')).toBeNull();
      expect(nextClaimStage(s, 'expire')).toBeNull();
    }
    for (const s of ['withdrawn', 'overdue'] as const) {
      for (const e of EVENTS) expect(nextClaimStage(s, e)).toBeNull();
    }
    expect(nextClaimStage('handed_over', 'hand_over')).toBeNull();
  });

  it('counts a claim as active until the gift is handed over', () => {
    expect(CLAIM_STAGES.filter(isClaimActive)).toEqual([
      'claimed',
      'purchased',
      'shipped',
      'problem',
      'received',
    ]);
  });

  it('offers the donor only their own steps', () => {
    expect(donorSteps('claimed')).toEqual(['purchase', 'ship', 'withdraw']);
    expect(donorSteps('problem')).toEqual(['ship', 'withdraw']);
    expect(donorSteps('shipped')).toEqual([]);
    expect(donorSteps('handed_over')).toEqual(['confirm']);
    expect(donorSteps('overdue')).toEqual([]);
  });
});

describe('hand-over and thank-you rules', () => {
  it('hands over only a fully claimed wish whose gifts have all arrived', () => {
    expect(handOverRefusal({ status: 'claimed', sharesTaken: 1 }, ['received'])).toBeNull();
    expect(
      handOverRefusal({ status: 'claimed', sharesTaken: 3 }, ['received', 'received', 'received']),
    ).toBeNull();
    expect(handOverRefusal({ status: 'claimed', sharesTaken: 1 }, ['shipped'])).toBe('HANDOVER_NOT_READY');
    expect(handOverRefusal({ status: 'claimed', sharesTaken: 2 }, ['received', 'problem'])).toBe(
      'HANDOVER_NOT_READY',
    );
    expect(handOverRefusal({ status: 'published', sharesTaken: 2 }, ['received', 'received'])).toBe(
      'HANDOVER_NOT_READY',
    );
    // A share reserved by an online order is taken but not yet paid for: wait for it.
    expect(handOverRefusal({ status: 'claimed', sharesTaken: 3 }, ['received', 'received'], 1)).toBe(
      'HANDOVER_NOT_READY',
    );
  });

  it('refuses a hand-over without any claim, or a second one', () => {
    expect(handOverRefusal({ status: 'published', sharesTaken: 0 }, [])).toBe('WISH_TRANSITION_REFUSED');
    expect(handOverRefusal({ status: 'delivered', sharesTaken: 1 }, [])).toBe('WISH_TRANSITION_REFUSED');
    expect(handOverRefusal({ status: 'confirmed', sharesTaken: 1 }, [])).toBe('WISH_TRANSITION_REFUSED');
  });

  it('takes one thank-you, after the hand-over', () => {
    expect(canThank('delivered', false)).toBe(true);
    expect(canThank('confirmed', false)).toBe(true);
    expect(canThank('delivered', true)).toBe(false);
    expect(canThank('claimed', false)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { chinaDayStart } from '../../shared/china-date';
import {
  hoursOf,
  median,
  periodBounds,
  rate,
  urgencyTimings,
  type WishTimes,
} from '../../server/modules/dashboard/dashboard-figures';

const H = 3_600_000;

describe('median', () => {
  it('is null for nothing, the middle value for an odd count, the mean of the middle two for an even one', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 10, 1, 1000])).toBe(10);
  });

  it('does not reorder what it was given', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('rate and hours', () => {
  it('rate is part over whole to four places, null without a whole', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 5)).toBe(0);
    expect(rate(5, 5)).toBe(1);
    expect(rate(0, 0)).toBeNull();
  });

  it('hours keep one decimal', () => {
    expect(hoursOf(90 * 60_000)).toBe(1.5);
    expect(hoursOf(36 * H + 10 * 60_000)).toBe(36.2);
  });
});

describe('periodBounds (China dates, both days included)', () => {
  it('runs from the first day’s start to the end of the last day', () => {
    expect(periodBounds('2026-06-01', '2026-06-30')).toEqual({
      start: chinaDayStart('2026-06-01'),
      end: chinaDayStart('2026-07-01'),
    });
    // China midnight is 16:00 UTC the day before.
    expect(new Date(periodBounds('2026-06-01', undefined).start).toISOString()).toBe(
      '2026-05-31T16:00:00.000Z',
    );
  });

  it('leaves a missing end open', () => {
    expect(periodBounds(undefined, undefined)).toEqual({
      start: Number.NEGATIVE_INFINITY,
      end: Number.POSITIVE_INFINITY,
    });
  });
});

describe('urgencyTimings: time to claim and deliver since publication, and the promise', () => {
  const now = 1_000 * H;
  const wish = (over: Partial<WishTimes>): WishTimes => ({
    urgency: 'red',
    publishedAt: now - 500 * H,
    claimedAt: null,
    deliveredAt: null,
    open: true,
    ...over,
  });

  it('takes medians per urgency and counts who met the 48 h promise for red', () => {
    const p = now - 500 * H;
    const [red, orange] = urgencyTimings(
      [
        wish({ claimedAt: p + 2 * H, deliveredAt: p + 30 * H, open: false }), // met
        wish({ claimedAt: p + 10 * H, deliveredAt: p + 48 * H, open: false }), // met, exactly at 48 h
        wish({ claimedAt: p + 20 * H, deliveredAt: p + 60 * H, open: false }), // late
        wish({ claimedAt: p + 4 * H }), // claimed, not delivered, promise lapsed
        wish({ publishedAt: now - 10 * H }), // open, still within its 48 h
        wish({ open: false }), // expired unclaimed: no promise to keep
        wish({ urgency: 'orange', claimedAt: p + 1 * H }),
      ],
      now,
      ['red', 'orange'],
    );
    expect(red).toEqual({
      urgency: 'red',
      promiseHours: 48,
      claimed: 4,
      medianClaimHours: 7, // 2, 4, 10, 20
      delivered: 3,
      medianDeliverHours: 48, // 30, 48, 60
      promiseDue: 4,
      promiseMet: 2,
    });
    expect(orange).toMatchObject({
      urgency: 'orange',
      promiseHours: 72,
      claimed: 1,
      medianClaimHours: 1,
      delivered: 0,
      medianDeliverHours: null,
      promiseDue: 1,
      promiseMet: 0,
    });
  });

  it('gives empty figures, not errors, for a level with no wishes', () => {
    expect(urgencyTimings([], now, ['blue'])).toEqual([
      {
        urgency: 'blue',
        promiseHours: 336,
        claimed: 0,
        medianClaimHours: null,
        delivered: 0,
        medianDeliverHours: null,
        promiseDue: 0,
        promiseMet: 0,
      },
    ]);
  });
});

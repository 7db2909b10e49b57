import { describe, expect, it } from 'vitest';
import { chinaDate, chinaDayEnd, chinaDayStart, isCalendarDate } from '../../shared/china-date';

describe('China calendar dates', () => {
  it.each(['2026-02-28', '2028-02-29', '2026-12-31'])('accepts %s', (d) =>
    expect(isCalendarDate(d)).toBe(true),
  );
  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '26-01-01', '2026-01-01T00:00', ''])(
    'refuses %s',
    (d) => expect(isCalendarDate(d)).toBe(false),
  );

  it('starts and ends a day at China midnight', () => {
    expect(new Date(chinaDayStart('2026-06-01')).toISOString()).toBe('2026-05-31T16:00:00.000Z');
    expect(chinaDayEnd('2026-06-01') - chinaDayStart('2026-06-01')).toBe(24 * 60 * 60 * 1000);
    expect(chinaDate(chinaDayStart('2026-06-01'))).toBe('2026-06-01');
    expect(chinaDate(chinaDayEnd('2026-06-01') - 1)).toBe('2026-06-01');
  });
});

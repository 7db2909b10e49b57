import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharesPriceFen, yuanText } from '../../shared/payments';

describe('sharesPriceFen', () => {
  it('splits a wish exactly: shares priced one range at a time add up to its value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 100 }),
        (value, shares, takes) => {
          let from = 0;
          let total = 0;
          for (const want of takes) {
            const count = Math.min(want, shares - from);
            if (count === 0) break;
            const price = sharesPriceFen(value, shares, from, count);
            expect(Number.isSafeInteger(price)).toBe(true);
            // No share costs more than a fen over another.
            expect(Math.abs(price - (value * count) / shares)).toBeLessThan(1);
            total += price;
            from += count;
          }
          if (from === shares) expect(total).toBe(value);
        },
      ),
    );
  });

  it('prices known cases: even splits, a remainder spread over the shares, one share', () => {
    expect(sharesPriceFen(30000, 3, 0, 1)).toBe(10000);
    expect(sharesPriceFen(30000, 3, 1, 2)).toBe(20000);
    expect([0, 1, 2].map((a) => sharesPriceFen(100, 3, a, 1))).toEqual([33, 33, 34]);
    expect(sharesPriceFen(12345, 1, 0, 1)).toBe(12345);
    expect(sharesPriceFen(5, 10, 0, 1)).toBe(0);
  });

  it('stays exact where v·k passes 2^53', () => {
    const v = Number.MAX_SAFE_INTEGER;
    const parts = [0, 1, 2].map((a) => sharesPriceFen(v, 3, a, 1));
    expect(parts).toEqual([3002399751580330, 3002399751580330, 3002399751580331]);
    expect(BigInt(parts[0]!) + BigInt(parts[1]!) + BigInt(parts[2]!)).toBe(BigInt(v));
  });

  it('refuses shares that do not exist and amounts that are not whole fen', () => {
    expect(() => sharesPriceFen(100, 3, 2, 2)).toThrow(RangeError);
    expect(() => sharesPriceFen(100, 3, -1, 1)).toThrow(RangeError);
    expect(() => sharesPriceFen(12.5, 3, 0, 1)).toThrow(RangeError);
    expect(() => sharesPriceFen(100, 0, 0, 0)).toThrow(RangeError);
  });
});

describe('yuanText', () => {
  it('writes fen as yuan by integer arithmetic', () => {
    expect(yuanText(0)).toBe('¥0.00');
    expect(yuanText(5)).toBe('¥0.05');
    expect(yuanText(5000)).toBe('¥50.00');
    expect(yuanText(123456789)).toBe('¥1,234,567.89');
    expect(yuanText(-150)).toBe('-¥1.50');
    expect(() => yuanText(1.5)).toThrow(RangeError);
  });
});

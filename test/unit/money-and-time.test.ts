import { describe, expect, it } from 'vitest';
import { formatFen } from '../../client/utils/money';
import { waitingLabel } from '../../client/utils/time';

describe('formatFen', () => {
  it.each([
    [0, '¥0'],
    [1, '¥0.01'],
    [50, '¥0.50'],
    [1250, '¥12.50'],
    [15000, '¥150'],
    [128000, '¥1,280'],
    [123456789, '¥1,234,567.89'],
    [-1250, '-¥12.50'],
  ])('%i fen → %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it.each([12.5, Number.NaN, Infinity, 2 ** 53])('refuses %s (amounts are integer fen)', (fen) => {
    expect(() => formatFen(fen)).toThrow(RangeError);
  });
});

describe('waitingLabel', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it.each([
    ['2026-11-23T11:30:00Z', '刚刚发布'],
    ['2026-11-23T09:00:00Z', '已等待 3 小时'],
    ['2026-11-22T12:00:00Z', '已等待 1 天'],
    ['2026-11-03T12:00:00Z', '已等待 20 天'],
    ['2026-11-24T12:00:00Z', '刚刚发布'],
  ])('%s → %s', (since, label) => {
    expect(waitingLabel(since, now)).toBe(label);
  });
});

import { describe, expect, it } from 'vitest';
import { fenToYuanText, parseYuan, perShareFen } from '../../client/caseworker/lib/yuan';

describe('parseYuan: what a caseworker types in 元 → integer fen', () => {
  it.each([
    ['12.5', 1250],
    ['12.50', 1250],
    ['12', 1200],
    ['12.', 1200],
    ['0.01', 1],
    ['0.8', 80],
    ['007', 700],
    [' 35 ', 3500],
    ['¥98', 9800],
    ['￥98.5', 9850],
    ['98元', 9800],
    ['100000', 10_000_000],
    // Full-width digits and point from a Chinese keyboard are the same number.
    ['１００', 10_000],
    ['１２．５', 1250],
    // Floating point would make this 1004.9999…: the parser never goes through floats.
    ['10.05', 1005],
    ['0.29', 29],
  ])('%s → %i fen', (typed, fen) => {
    expect(parseYuan(typed)).toEqual({ ok: true, fen });
  });

  it.each([
    ['', '请填写预估金额'],
    ['   ', '请填写预估金额'],
    ['12.345', '金额最多精确到分（小数点后两位）'],
    ['-1', '金额不能是负数'],
    ['0', '预估金额必须大于 0'],
    ['0.00', '预估金额必须大于 0'],
    ['1,200', '请不要加逗号，直接写数字，如 1200'],
    ['1e3', '请只填数字，如 120 或 12.50'],
    ['abc', '请只填数字，如 120 或 12.50'],
    ['.5', '请只填数字，如 120 或 12.50'],
    ['12.5.1', '请只填数字，如 120 或 12.50'],
    ['100000.01', '单个心愿最多 10 万元'],
    ['99999999999999999999', '单个心愿最多 10 万元'],
  ])('refuses %j: %s', (typed, message) => {
    expect(parseYuan(typed)).toEqual({ ok: false, message });
  });
});

describe('fenToYuanText: fen back into the input', () => {
  it.each([
    [1250, '12.5'],
    [1200, '12'],
    [1205, '12.05'],
    [1, '0.01'],
    [10_000_000, '100000'],
  ])('%i → %s', (fen, text) => {
    expect(fenToYuanText(fen)).toBe(text);
    expect(parseYuan(text)).toEqual({ ok: true, fen });
  });
});

describe('perShareFen', () => {
  it('splits evenly into whole fen, or says it cannot', () => {
    expect(perShareFen(30000, 3)).toBe(10000);
    expect(perShareFen(1250, 1)).toBe(1250);
    expect(perShareFen(1000, 3)).toBeNull();
    expect(perShareFen(1000, 0)).toBeNull();
    expect(perShareFen(1000, Number.NaN)).toBeNull();
  });
});

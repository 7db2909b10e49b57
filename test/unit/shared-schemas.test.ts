import { describe, expect, it } from 'vitest';
import { pageQuerySchema, publicIdSchema } from '../../shared/schemas/common';
import { publicWishCardSchema } from '../../shared/schemas/wishes';

describe('page query', () => {
  it('defaults to 20 per page and reads numbers from query text', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(pageQuerySchema.parse({ limit: '5', cursor: 'abc' })).toEqual({ limit: 5, cursor: 'abc' });
  });

  it.each([['0'], ['51'], ['-3'], ['1.5'], ['1e999'], ['ten'], [['1', '2']], ['９']])(
    'refuses limit %o',
    (limit) => {
      expect(pageQuerySchema.safeParse({ limit }).success).toBe(false);
    },
  );

  it('refuses an empty or huge cursor', () => {
    expect(pageQuerySchema.safeParse({ cursor: '' }).success).toBe(false);
    expect(pageQuerySchema.safeParse({ cursor: 'x'.repeat(201) }).success).toBe(false);
  });
});

describe('public ids', () => {
  it('are 16 URL-safe characters', () => {
    expect(publicIdSchema.safeParse('Ab-_0123456789xy').success).toBe(true);
    for (const bad of ['1', '42', 'Ab-_0123456789x', 'Ab-_0123456789xyz', '../../etc/passwd']) {
      expect(publicIdSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('public wish card', () => {
  const card = {
    id: 'Ab-_0123456789xy',
    title: '书包',
    kind: 'item',
    pseudonym: '小棋',
    age: { min: 9, max: 9 },
    gender: 'female',
    category: 'education',
    urgency: 'blue',
    estimatedValueFen: 1500,
    shares: 1,
    sharesLeft: 1,
    town: '石桥镇',
    campaign: null,
    status: 'published',
    publishedAt: '2026-11-21T00:00:00.000Z',
  };

  it('strips fields it does not name (the allow-list)', () => {
    const parsed = publicWishCardSchema.parse({ ...card, realName: '张三', idNumber: '350521201001011234' });
    expect(parsed).not.toHaveProperty('realName');
    expect(parsed).not.toHaveProperty('idNumber');
  });

  it.each([12.5, -1, '100', null])('refuses a value of %o (integer fen only)', (estimatedValueFen) => {
    expect(publicWishCardSchema.safeParse({ ...card, estimatedValueFen }).success).toBe(false);
  });

  it('refuses an unknown urgency or category', () => {
    expect(publicWishCardSchema.safeParse({ ...card, urgency: 'purple' }).success).toBe(false);
    expect(publicWishCardSchema.safeParse({ ...card, category: 'other' }).success).toBe(false);
  });
});

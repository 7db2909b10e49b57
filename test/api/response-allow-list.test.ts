import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { route } from '../../server/route';
import { publicWishCardSchema } from '../../shared/schemas/wishes';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Public views are allow-lists: the response schema decides what leaves the server. A handler
 * that returns a restricted field by mistake must still not put it on the wire.
 */
describe('response schemas are the privacy allow-list', () => {
  let t: TestApp;
  const MARKERS = [
    'MARKER-REAL-NAME-张三丰',
    '350521201001011234',
    '13800138000',
    '石桥镇上坑村12号',
    '实验小学四年级二班',
  ];

  beforeAll(async () => {
    t = await createTestApp();
    route(
      t.app,
      { method: 'GET', path: '/api/v1/test/leaky-wish', access: 'public', response: publicWishCardSchema },
      () => ({
        id: 'AAAAAAAAAAAAAAAA',
        title: '一个新书包',
        kind: 'item' as const,
        pseudonym: '小棋',
        age: { min: 9, max: 9 },
        gender: 'female' as const,
        category: 'left_behind' as const,
        urgency: 'orange' as const,
        estimatedValueFen: 15000,
        shares: 1,
        sharesLeft: 1,
        town: '石桥镇',
        campaign: null,
        status: 'published' as const,
        createdAt: '2026-11-20T00:00:00.000Z',
        publishedAt: '2026-11-21T00:00:00.000Z',
        // Not in the schema: must never reach the wire.
        ...{
          realName: MARKERS[0],
          idNumber: MARKERS[1],
          phone: MARKERS[2],
          address: MARKERS[3],
          school: MARKERS[4],
        },
      }),
    );
  });
  afterAll(() => t.close());

  it('drops every field the schema does not name', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/test/leaky-wish' });
    expect(res.statusCode).toBe(200);
    for (const marker of MARKERS) expect(res.body).not.toContain(marker);
    expect(Object.keys(res.json()).sort()).toEqual(Object.keys(publicWishCardSchema.shape).sort());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { createTestApp, type TestApp } from '../support/test-app';

describe('GET /api/v1/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers ok with the package version and a live database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: pkg.version, db: 'ok' });
  });

  it('answers 503 SERVICE_UNAVAILABLE when the database is gone', async () => {
    const other = await createTestApp();
    other.sqlite.close();
    const res = await other.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('SERVICE_UNAVAILABLE');
    await other.app.close();
  });
});

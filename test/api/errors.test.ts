import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/errors';
import { createTestApp, type TestApp } from '../support/test-app';

describe('one error shape for every failure', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.app.get('/api/v1/test/boom', { config: { access: 'public' } }, () => {
      throw new Error('secret internals: /var/lib/xinyuan password=hunter2');
    });
    t.app.post('/api/v1/test/echo', { config: { access: 'public' } }, (request) => ({
      ok: true,
      body: request.body,
    }));
  });
  afterAll(() => t.close());

  it('unknown API routes → 404 ROUTE_NOT_FOUND as JSON', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(errorBodySchema.parse(res.json()).error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('a crash → 500 INTERNAL_ERROR with a generic message; internals never leave the server', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/test/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL_ERROR');
    expect(res.body).not.toMatch(/secret|hunter2|var\/lib|stack/);
  });

  const post = (payload: string, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      headers: { 'content-type': contentType },
      payload,
    });

  it.each([
    ['malformed JSON', '{"a":', 'application/json', 400, 'MALFORMED_JSON'],
    ['an empty JSON body', '', 'application/json', 400, 'MALFORMED_JSON'],
    ['prototype pollution', '{"__proto__":{"isAdmin":true}}', 'application/json', 400, 'MALFORMED_JSON'],
    [
      'constructor pollution',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
      'application/json',
      400,
      'MALFORMED_JSON',
    ],
    ['a body of an unsupported type', '<a/>', 'application/xml', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('%s → %i %s', async (_, payload, contentType, status, code) => {
    const res = await post(payload, contentType);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('a body over the limit → 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post(JSON.stringify({ text: 'x'.repeat(t.config.limits.bodyLimitBytes + 1) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('every response carries its own request id; a client-sent one is not trusted', async () => {
    const a = await t.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-request-id': 'forged\r\nid' },
    });
    const b = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    const uuid = /^[0-9a-f-]{36}$/;
    expect(a.headers['x-request-id']).toMatch(uuid);
    expect(b.headers['x-request-id']).toMatch(uuid);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});

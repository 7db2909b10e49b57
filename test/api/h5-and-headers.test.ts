import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, tempDir, type TestApp } from '../support/test-app';

const INLINE = 'window.__boot=1';

/** A stand-in for dist/h5: an index.html with one inline script and one hashed asset. */
function fakeH5(): string {
  const dir = tempDir('xinyuan-h5-');
  fs.mkdirSync(path.join(dir, 'js'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><html><head><script>${INLINE}</script><script src="/js/app.1a2b3c4d.js"></script></head><body><div id="app"></div></body></html>`,
  );
  fs.writeFileSync(path.join(dir, 'js', 'app.1a2b3c4d.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'js', 'app.1a2b3c4d.js.br'), zlib.brotliCompressSync('console.log(1)'));
  return dir;
}

describe('H5 app and security headers', () => {
  let t: TestApp;
  let h5: string;
  beforeAll(async () => {
    h5 = fakeH5();
    t = await createTestApp({ env: { H5_DIR: h5 } });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(h5, { recursive: true, force: true });
  });

  it('serves index.html at / uncached, so a new build shows at once', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('caches hashed assets for a year', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/js/app.1a2b3c4d.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends the precompressed asset to a browser that accepts brotli', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/js/app.1a2b3c4d.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(res.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe('console.log(1)');
  });

  it('answers unknown page paths with the app, unknown files and API paths with 404', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/pages/wishes/index' })).statusCode).toBe(200);
    const file = await t.app.inject({ method: 'GET', url: '/js/missing.js' });
    expect(file.statusCode).toBe(404);
    expect(file.json().error.code).toBe('ROUTE_NOT_FOUND');
    expect((await t.app.inject({ method: 'GET', url: '/api/v2/anything' })).json().error.code).toBe(
      'ROUTE_NOT_FOUND',
    );
  });

  it('sends a CSP that allows only our scripts, and the inline boot script by its hash', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    const csp = String(res.headers['content-security-policy']);
    const hash = createHash('sha256').update(INLINE).digest('base64');
    const scriptSrc = csp.split(';').find((d) => d.startsWith('script-src')) ?? '';
    expect(scriptSrc).toContain(`'sha256-${hash}'`);
    expect(scriptSrc).not.toContain('unsafe-eval');
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('logs', () => {
  it('never carry the Authorization header or other credentials', async () => {
    const lines: string[] = [];
    const t = await createTestApp({
      env: { LOG_LEVEL: 'trace' },
      logStream: { write: (l) => void lines.push(l) },
    });
    t.app.get('/api/v1/test/log-headers', { config: { access: 'public' } }, (request) => {
      request.log.info({ req: request }, 'handling');
      return { ok: true };
    });
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/test/log-headers',
      headers: { authorization: 'Bearer SECRET-TOKEN-123', cookie: 'sid=SECRET-COOKIE' },
    });
    await t.close();
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('');
    expect(all).not.toContain('SECRET-TOKEN-123');
    expect(all).not.toContain('SECRET-COOKIE');
  });
});

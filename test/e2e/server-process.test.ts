import { describe, expect, it } from 'vitest';
import { startServer } from '../support/server-process';

describe('the server process (as `npm start` runs it)', () => {
  it('answers health over real HTTP with a request id, and exits cleanly on SIGTERM', async () => {
    const server = await startServer({ DEMO: '0' });
    const res = await fetch(`${server.url}api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const exited = new Promise<number | null>((resolve) =>
      server.child.once('exit', (code) => resolve(code)),
    );
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start with a bad configuration, naming the variable', async () => {
    await expect(startServer({ PORT: 'eighty' })).rejects.toThrow(/PORT/);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

describe('config from the environment', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.databasePath).toBe(path.resolve(__dirname, '../../data/xinyuan.db'));
    expect(c.demo).toBe(true);
    expect(c.logLevel).toBe('info');
  });

  it('turns demo mode off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ DEMO: 'off' }).demo).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
  ])('refuses %o, naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(name);
  });

  it('sets server limits: no endless requests, small JSON bodies', () => {
    const { limits } = loadConfig({});
    expect(limits.requestTimeoutMs).toBeGreaterThan(0);
    expect(limits.connectionTimeoutMs).toBeGreaterThan(0);
    expect(limits.bodyLimitBytes).toBeLessThanOrEqual(1024 * 1024);
  });
});

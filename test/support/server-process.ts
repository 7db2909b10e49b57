import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { tempDir } from './test-app';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the real server (`server/main.ts`) as its own process on a free port with a fresh
 * SQLite file, exactly as `npm start` runs it, and resolves once it prints its URL.
 */
export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dir = tempDir('xinyuan-e2e-');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATABASE_PATH: path.join(dir, 'e2e.db'), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    child.stdout.on('data', () => {
      const m = /running at (http:\/\/[^\s/]+\/)/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before it started:\n${log}`)));
  });

  return {
    url,
    child,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

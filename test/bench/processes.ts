/**
 * The bench's processes: a server (the real one or the hello-world baseline) started with node
 * and tsx on a free port, and the load generator run in a process of its own.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { LoadFigures, LoadPlan } from './load';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Server {
  origin: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `script` (relative to the repository) as `node --import tsx`, optionally with
 * --cpu-prof into `profileDir`, and resolves once it prints "running at http://host:port/".
 */
export function startServer(
  script: string,
  env: Record<string, string>,
  opts: { profileDir?: string | undefined } = {},
): Promise<Server> {
  const profile = opts.profileDir ? ['--cpu-prof', '--cpu-prof-dir', opts.profileDir] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  return new Promise<Server>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${log}`)), 120_000);
    const onExit = (code: number | null) =>
      reject(new Error(`${script} exited (${code}) before it started:\n${log}`));
    child.on('exit', onExit);
    child.stdout.on('data', () => {
      const m = /running at (http:\/\/[^\s/]+)\//.exec(log);
      if (!m?.[1]) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({
        origin: m[1],
        output: () => log,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Runs the load generator (test/bench/load.ts) in its own process with `plan`. */
export function runLoad(plan: LoadPlan, workDir: string): Promise<LoadFigures> {
  const planFile = path.join(workDir, `plan-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(planFile, JSON.stringify(plan));
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/load.ts', planFile], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      fs.rmSync(planFile, { force: true });
      const last = out.trim().split('\n').at(-1);
      if (code !== 0 || !last)
        return reject(new Error(`the load generator failed (${code}):\n${out}\n${err}`));
      resolve(JSON.parse(last) as LoadFigures);
    });
  });
}

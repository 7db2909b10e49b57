/**
 * Client sizes: the mini-program's main package (everything outside the subpackage roots that
 * dist/weapp/app.json lists; project.config.json is a DevTools setting, not uploaded code) and
 * whole package, and the H5 app's first-load JavaScript (the scripts dist/h5/index.html names),
 * gzipped. A build older than its sources is rebuilt first; other engineers' builds share
 * dist/, so a build that trips over one (ENOENT) is tried again.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ensureH5Build } from '../../server/cli/ensure-h5-build';
import { ROOT } from './processes';

const WEAPP = path.join(ROOT, 'dist', 'weapp');
const H5 = path.join(ROOT, 'dist', 'h5');
/** What a weapp build is made from (as ensure-h5-build counts for H5). */
const INPUTS = ['client', 'shared', 'config', 'babel.config.js', 'package.json', 'project.config.json'];

export interface ClientFigures {
  weappMainBytes: number;
  weappTotalBytes: number;
  weappSubpackages: Record<string, number>;
  weappRebuilt: boolean;
  h5FirstLoadGzipBytes: number;
  h5FirstLoadBytes: number;
  h5Scripts: string[];
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

const newest = (files: string[]) => Math.max(0, ...files.map((f) => fs.statSync(f).mtimeMs));

/** dist/weapp is usable when it is a production build (no source maps) newer than every input. */
function weappIsFresh(): boolean {
  const appJson = path.join(WEAPP, 'app.json');
  if (!fs.existsSync(appJson)) return false;
  const built = filesUnder(WEAPP);
  if (built.some((f) => f.endsWith('.map'))) return false;
  const sources = INPUTS.flatMap((entry) => {
    const full = path.join(ROOT, entry);
    if (!fs.existsSync(full)) return [];
    return fs.statSync(full).isFile() ? [full] : filesUnder(full);
  });
  return newest(sources) < fs.statSync(appJson).mtimeMs;
}

/** Runs `build` until it succeeds, again when it failed on a file another build removed. */
function withRetry(what: string, build: () => void): void {
  for (let attempt = 1; ; attempt++) {
    try {
      build();
      return;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (attempt >= 3 || !/ENOENT|no such file/i.test(message)) throw err;
      console.log(`  ${what} collided with another build (ENOENT): trying again (${attempt + 1}/3)`);
    }
  }
}

function buildWeapp(): void {
  const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', 'weapp'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0 || !fs.existsSync(path.join(WEAPP, 'app.json')))
    throw new Error(`taro build --type weapp failed:\n${result.stdout}\n${result.stderr}`);
}

export function measureClient(log: (line: string) => void = console.log): ClientFigures {
  let weappRebuilt = false;
  if (!weappIsFresh()) {
    log('  dist/weapp is missing or older than its sources: building it (npm run build:weapp) …');
    withRetry('the weapp build', buildWeapp);
    weappRebuilt = true;
  }
  const appJson = JSON.parse(fs.readFileSync(path.join(WEAPP, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  let weappMainBytes = 0;
  let weappTotalBytes = 0;
  const weappSubpackages: Record<string, number> = {};
  for (const file of filesUnder(WEAPP)) {
    const rel = path.relative(WEAPP, file).split(path.sep).join('/');
    if (rel === 'project.config.json') continue;
    const size = fs.statSync(file).size;
    const root = roots.find((r) => rel.startsWith(`${r}/`));
    if (root) weappSubpackages[root] = (weappSubpackages[root] ?? 0) + size;
    else weappMainBytes += size;
    weappTotalBytes += size;
  }

  withRetry('the H5 build', () => ensureH5Build());
  const html = fs.readFileSync(path.join(H5, 'index.html'), 'utf8');
  const h5Scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1] as string);
  let h5FirstLoadGzipBytes = 0;
  let h5FirstLoadBytes = 0;
  for (const src of h5Scripts) {
    const data = fs.readFileSync(path.join(H5, src.replace(/^\//, '')));
    h5FirstLoadBytes += data.length;
    h5FirstLoadGzipBytes += zlib.gzipSync(data, { level: 9 }).length;
  }
  return {
    weappMainBytes,
    weappTotalBytes,
    weappSubpackages,
    weappRebuilt,
    h5FirstLoadGzipBytes,
    h5FirstLoadBytes,
    h5Scripts,
  };
}

/**
 * Builds the H5 app when dist/h5 is missing or stale (`--force`: always). "Stale" means the hash
 * of every build input (client/, shared/, config/, babel config, package.json) differs from the
 * hash stored with the last build — content, not timestamps, so a fresh clone and a touched file
 * behave right. After building, text assets are precompressed (brotli, gzip) for slow networks.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT_DIR = path.join(ROOT, 'dist', 'h5');
const STAMP = path.join(ROOT, 'dist', '.h5-source-hash');
const INPUTS = ['client', 'shared', 'config', 'babel.config.js', 'package.json'];

function filesUnder(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [entry];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)));
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder).sort()) {
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** Writes `x.br` and `x.gz` beside every text asset; the server picks one by Accept-Encoding. */
function precompress(dir: string): void {
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(js|css|html|json|svg)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const data = fs.readFileSync(file);
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
  }
}

export function ensureH5Build(options: { force?: boolean } = {}): void {
  const wanted = sourceHash();
  const built = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : null;
  if (!options.force && built === wanted && fs.existsSync(path.join(OUT_DIR, 'index.html'))) {
    console.log('H5 app is up to date (dist/h5).');
    return;
  }
  console.log(
    built ? 'Sources changed: rebuilding the H5 app…' : 'Building the H5 app (about half a minute)…',
  );
  const taro = path.join(ROOT, 'node_modules', '.bin', 'taro');
  // Taro keeps an inherited NODE_ENV (vitest sets "test"), which would give a development build.
  const env = { ...process.env, NODE_ENV: 'production' };
  const result = spawnSync(taro, ['build', '--type', 'h5'], { cwd: ROOT, stdio: 'inherit', env });
  if (result.status !== 0) {
    throw new Error(`H5 build failed (exit ${result.status ?? result.signal}); see the output above.`);
  }
  precompress(OUT_DIR);
  fs.writeFileSync(STAMP, `${wanted}\n`);
}

if (require.main === module) {
  try {
    ensureH5Build({ force: process.argv.includes('--force') });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}

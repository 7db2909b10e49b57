/**
 * Runs the bundled crash server (`node crash-loader.cjs crash-server.cjs`) through a V8 code
 * cache kept beside the bundle, so a restart skips compiling what the last start compiled — as
 * Node 22's module.enableCompileCache() would; Node 20 lacks it. The first server to listen
 * without a usable cache writes one (atomically: several servers may start at once).
 * Nothing here changes what the server does: the cache only holds compiled code.
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const bundle = path.resolve(process.argv[2] ?? '');
const cacheFile = `${bundle}.v8-cache`;
let cachedData: Buffer | undefined;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  // Called by crash-server.ts once it listens: by then the start's code is compiled too.
  (globalThis as { crashServerListening?: () => void }).crashServerListening = () => {
    const tmp = `${cacheFile}.${process.pid}`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile);
  };
}
const mod = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(
  mod.exports,
  mod.exports,
  createRequire(bundle),
  mod,
  bundle,
  path.dirname(bundle),
);

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Rewrites `__dirname` / `__filename` in every bundled file to that file's own place, so code
 * that finds files beside itself (the migrations folder, config's project root, a package's
 * data files) finds them as it does unbundled.
 */
const ownDirname: Plugin = {
  name: 'own-dirname',
  setup(b) {
    b.onLoad({ filter: /\.(ts|js|cjs)$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!/\b__(dir|file)name\b/.test(text)) return undefined;
      return {
        contents: text
          .replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path)))
          .replace(/\b__filename\b/g, JSON.stringify(args.path)),
        loader: args.path.endsWith('.ts') ? 'ts' : 'js',
      };
    });
  },
};

export interface CrashBundle {
  /** crash-loader.cjs, which runs `server` through its V8 code cache. */
  loader: string;
  /** crash-server.cjs: test/support/crash-server.ts and everything it imports. */
  server: string;
}

/**
 * test/support/crash-server.ts and everything it imports as one CommonJS file in `dir`, with
 * crash-loader.ts beside it: the same sources esbuild compiles for `tsx server/main.ts`, but
 * loaded in a third of the time (no per-file transform, no thousand-file module resolution, and
 * compiled code cached), which is what makes a hundred restarts affordable. Native addons
 * (better-sqlite3, sharp) and pdfkit (which finds its data through `import.meta.url`) stay
 * outside and load from node_modules as usual.
 */
export async function bundleCrashServer(dir: string): Promise<CrashBundle> {
  const support = path.join(ROOT, 'test', 'support');
  await build({
    entryPoints: [path.join(support, 'crash-server.ts'), path.join(support, 'crash-loader.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'sharp', 'pdfkit'],
    outdir: dir,
    outExtension: { '.js': '.cjs' },
    logLevel: 'error',
    plugins: [ownDirname],
  });
  return { loader: path.join(dir, 'crash-loader.cjs'), server: path.join(dir, 'crash-server.cjs') };
}

/** One server process: loading (`loaded`), then started on the database (`listening`), then killed. */
export class CrashServer {
  readonly child: ChildProcess;
  /** Resolves when the modules are loaded and it waits for `start()`. */
  readonly loaded: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private log = '';
  private waiters: (() => void)[] = [];

  constructor(bundle: CrashBundle, env: Record<string, string>) {
    this.child = spawn(process.execPath, [bundle.loader, bundle.server], {
      cwd: ROOT,
      // The bundle lives in a temporary folder: its external packages come from the project's.
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.wake();
        resolve({ code, signal });
      }),
    );
    const take = (d: Buffer) => {
      this.log += d.toString();
      this.wake();
    };
    this.child.stdout?.on('data', take);
    this.child.stderr?.on('data', take);
    this.loaded = this.waitFor(/^loaded$/m).then(() => undefined);
    // A spare killed before it loaded is no error (awaiting `loaded` still throws).
    this.loaded.catch(() => undefined);
  }

  output(): string {
    return this.log;
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  private async waitFor(pattern: RegExp): Promise<RegExpExecArray> {
    for (;;) {
      const m = pattern.exec(this.log);
      if (m) return m;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(
          `crash server exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.log}`,
        );
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Opens the database and listens; resolves with its base URL once it answers. */
  async start(): Promise<string> {
    await this.loaded;
    this.begin();
    const m = await this.waitFor(/^listening (\d+)$/m);
    return `http://127.0.0.1:${m[1]}`;
  }

  /** Tells it to open the database and listen, without waiting (to kill it while it starts). */
  begin(): void {
    this.child.stdin?.write('start\n');
  }

  /** SIGKILL: no handler runs, nothing is flushed; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'dist', 'weapp');
/** Our budget for the main package (WeChat's hard limit is 2 MB; the whole app 20 MB). */
const MAIN_PACKAGE_BUDGET = 400 * 1024;

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('mini-program build (weapp)', () => {
  let appJson: {
    pages: string[];
    subPackages: { root: string; pages: string[] }[];
    tabBar: { list: { pagePath: string; text: string; iconPath: string; selectedIconPath: string }[] };
  };
  const sizes = { main: 0, sub: {} as Record<string, number>, total: 0 };

  beforeAll(() => {
    fs.rmSync(OUT, { recursive: true, force: true });
    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', 'weapp'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    if (result.status !== 0)
      throw new Error(`taro build --type weapp failed:\n${result.stdout}\n${result.stderr}`);
    appJson = JSON.parse(fs.readFileSync(path.join(OUT, 'app.json'), 'utf8'));

    const roots = appJson.subPackages.map((s) => s.root);
    for (const file of filesUnder(OUT)) {
      const rel = path.relative(OUT, file);
      if (rel === 'project.config.json') continue; // a DevTools setting, not uploaded code
      const size = fs.statSync(file).size;
      const root = roots.find((r) => rel.startsWith(`${r}/`));
      if (root) sizes.sub[root] = (sizes.sub[root] ?? 0) + size;
      else sizes.main += size;
      sizes.total += size;
    }
    console.log(
      `[weapp] main package ${kb(sizes.main)} (budget ${kb(MAIN_PACKAGE_BUDGET)}), ` +
        Object.entries(sizes.sub)
          .map(([r, s]) => `${r} ${kb(s)}`)
          .join(', ') +
        `, total ${kb(sizes.total)}`,
    );
  });

  it('has the donor pages in the main package and the tab bar 心愿 / 公示 / 我的', () => {
    expect(appJson.pages).toEqual([
      'pages/wishes/index',
      'pages/reports/index',
      'pages/me/index',
      'pages/wish/index',
    ]);
    expect(appJson.tabBar.list.map((t) => t.text)).toEqual(['心愿', '公示', '我的']);
    for (const tab of appJson.tabBar.list) {
      expect(fs.existsSync(path.join(OUT, tab.iconPath)), tab.iconPath).toBe(true);
      expect(fs.existsSync(path.join(OUT, tab.selectedIconPath)), tab.selectedIconPath).toBe(true);
    }
  });

  it('puts the caseworker, charity, admin, donor (claims, inbox, receipts) and public (report, receipt) pages in subpackages', () => {
    expect(appJson.subPackages.map((s) => s.root)).toEqual([
      'caseworker',
      'charity',
      'admin',
      'donor',
      'public',
    ]);
    for (const sub of appJson.subPackages) {
      for (const page of sub.pages) {
        expect(fs.existsSync(path.join(OUT, sub.root, `${page}.js`)), `${sub.root}/${page}`).toBe(true);
      }
    }
  });

  it('keeps the main package within budget', () => {
    expect(sizes.main).toBeGreaterThan(0);
    expect(sizes.main).toBeLessThanOrEqual(MAIN_PACKAGE_BUDGET);
    expect(sizes.total).toBeLessThanOrEqual(20 * 1024 * 1024);
  });

  it('keeps the ledger verifier (Ed25519, SHA-256 proofs) and the QR code out of the main package', () => {
    const main = filesUnder(OUT)
      .filter(
        (f) =>
          f.endsWith('.js') &&
          !appJson.subPackages.some((s) => path.relative(OUT, f).startsWith(`${s.root}/`)),
      )
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    // Messages that only shared/ledger-verify.ts, @noble/ed25519 and qrcode-generator carry.
    expect(main).not.toContain('账本快照的签名与公布的公钥不符');
    expect(main).not.toContain('bad point: y not sqrt');
    expect(main).not.toContain('code length overflow');
  });

  it('contains no eval or new Function (WeChat refuses them)', () => {
    for (const file of filesUnder(OUT).filter((f) => f.endsWith('.js'))) {
      const code = fs.readFileSync(file, 'utf8');
      expect(code, path.relative(OUT, file)).not.toMatch(/\beval\(/);
    }
  });
});

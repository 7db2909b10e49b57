import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** On Debian/Ubuntu as root, apt can fetch what a test needs; anywhere else we only say what to install. */
export function canApt(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
}

export function aptInstall(packages: string[]): void {
  console.log(
    `[test] Installing ${packages.join(' ')} with apt-get (first run on this machine; about a minute)…`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env,
  });
}

/** Whether a command is on the PATH. */
export function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

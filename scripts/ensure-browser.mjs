#!/usr/bin/env node
// The browser tests (test/browser/) drive Debian's Chromium at /usr/bin/chromium, never a test
// tool's own download (none is reachable from CI machines). On a fresh machine `npm test` must not
// end in 8 cancelled tests: scripts/run-tests.mjs calls ensureBrowser() when browser tests are
// selected. As root with apt-get it installs the package; otherwise it stops with the one command
// to run. Standalone: node scripts/ensure-browser.mjs [--path /usr/bin/chromium]
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
export const INSTALL_COMMAND = "sudo sh -c 'apt-get update && apt-get install -y chromium'";

function version(path) {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function hasAptGet() {
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function apt(args) {
  console.error(`== apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/**
 * Makes sure `path` is a working Chromium, installing Debian's package when this process may.
 * Returns `{ ok: true, version }`, or `{ ok: false, message }` saying what to run.
 */
export function ensureBrowser(path = CHROMIUM) {
  const found = existsSync(path) && version(path);
  if (found) return { ok: true, version: found };
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const why = `the browser tests (test/browser/) need Chromium at ${path}`;
  if (root && hasAptGet()) {
    console.error(`== ${why}; installing Debian's chromium (a minute or two)`);
    if (apt(['update', '-qq']) && apt(['install', '-y', '-qq', 'chromium'])) {
      const installed = existsSync(path) && version(path);
      if (installed) return { ok: true, version: installed };
    }
    return { ok: false, message: `${why}, and installing it failed (see apt-get's output above). Run:\n  apt-get update && apt-get install -y chromium` };
  }
  return { ok: false, message: `${why}. Install it with:\n  ${INSTALL_COMMAND}` };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--path');
  const result = ensureBrowser(at === -1 ? CHROMIUM : process.argv[at + 1]);
  if (result.ok) console.log(result.version);
  else console.error(result.message);
  process.exitCode = result.ok ? 0 : 1;
}

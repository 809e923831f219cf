import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { test } from 'node:test';

// audit fresh machine: `npm test` makes sure the browser its browser tests drive is there
// (scripts/run-tests.mjs → scripts/ensure-browser.mjs) instead of ending in cancelled tests.
const root = new URL('..', import.meta.url).pathname;
const SCRIPT = 'scripts/ensure-browser.mjs';
const isRoot = process.getuid?.() === 0;

function ensure(args: string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: root, encoding: 'utf8', timeout: 600_000, ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

test('audit fresh machine: without the browser and without root, it stops with the one command to run', () => {
  // A real unprivileged process (nobody) when the tests run as root; the browser path is one that cannot exist.
  const user = isRoot ? { uid: 65534, gid: 65534 } : {};
  const result = ensure(['--path', '/nonexistent/chromium'], user);
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.match(result.stderr, /the browser tests \(test\/browser\/\) need Chromium at \/nonexistent\/chromium/);
  assert.ok(result.stderr.includes("sudo sh -c 'apt-get update && apt-get install -y chromium'"), result.stderr);
  assert.doesNotMatch(result.stderr, /== apt-get/, 'an unprivileged run never calls apt-get');
});

test('audit fresh machine: Debian\'s Chromium ends up at /usr/bin/chromium (installed with apt-get when missing and root)', () => {
  const result = ensure([]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Chromium \d+/);
});

#!/usr/bin/env node
// Node 20's test runner takes no globs, so the file list is gathered here.
// Usage: node scripts/run-tests.mjs [substring filters...]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureBrowser } from './ensure-browser.mjs';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.test\.(ts|mts|cts|js|mjs|cjs)$/.test(name)) files.push(relative(root, path));
  }
}
walk(join(root, 'src'));
walk(join(root, 'test'));
const selected = files.sort().filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (selected.length === 0) {
  console.error('no test files matched', filters);
  process.exit(1);
}
// A fresh machine has no Chromium: install it (or say how) before the browser tests would be cancelled.
if (selected.some((f) => f.startsWith('test/browser/'))) {
  const browser = ensureBrowser();
  if (!browser.ok) {
    console.error(`run-tests: ${browser.message}`);
    process.exit(1);
  }
  console.error(`run-tests: ${browser.version}`);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...selected],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'test' } },
);
process.exit(result.status ?? 1);

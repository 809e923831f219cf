import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// A child process: the warning is once per process, and NODE_ENV is read at construction.
function run(script: string, nodeEnv: string): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: nodeEnv },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stderr;
}

const SCRIPT = (explicit: boolean) => `
  import { session, MemoryStore } from './src/index.ts';
  const secret = 'k3y-0f-at-least-32-random-chars-AbCdEfGh';
  ${explicit ? 'session({ secret, store: new MemoryStore() });' : 'session({ secret }); session({ secret });'}
`;

test('audit MemoryStore in production: session() without a store warns once at startup, naming the durable stores', () => {
  const stderr = run(SCRIPT(false), 'production');
  assert.equal(stderr.match(/SATCHEL_MEMORY_STORE/g)?.length, 1, stderr);
  for (const name of ['satchel/sqlite', 'satchel/redis', 'satchel/postgres', 'satchel/mysql', 'satchel/mongodb']) assert.ok(stderr.includes(name), name);
});

test('audit MemoryStore in production: no warning for an explicit MemoryStore, nor outside production', () => {
  assert.doesNotMatch(run(SCRIPT(true), 'production'), /SATCHEL_MEMORY_STORE/);
  assert.doesNotMatch(run(SCRIPT(false), 'development'), /SATCHEL_MEMORY_STORE/);
});

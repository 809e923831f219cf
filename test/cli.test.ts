import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSealKeyRing } from '../src/crypto/seal-keyring.js';

// The `satchel` bin as npm runs it, from a copy with no dist/ and no node_modules beside it: a
// fresh clone has no build yet (audit packaging: no install-time script builds one any more).
const BIN = new URL('../bin/satchel.mjs', import.meta.url).pathname;

function run(args: string[]): { status: number | null; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'satchel-bin-'));
  try {
    mkdirSync(join(dir, 'bin'));
    copyFileSync(BIN, join(dir, 'bin/satchel.mjs'));
    const result = spawnSync(process.execPath, [join(dir, 'bin/satchel.mjs'), ...args], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.stderr, '', result.stderr);
    return { status: result.status, stdout: result.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('ST-09, audit packaging: `satchel keygen` runs without a build and prints a key the key ring accepts', () => {
  const { status, stdout } = run(['keygen']);
  assert.equal(status, 0);
  const key = stdout.trim();
  assert.match(key, /^[A-Za-z0-9_-]{43}$/);
  const ring = createSealKeyRing([key]);
  assert.equal(ring.get(ring.primaryId)?.length, 32);
});

test('`satchel keygen --count 3` prints three distinct keys; bad usage exits 2, no command prints the usage', () => {
  const three = run(['keygen', '--count', '3']);
  assert.equal(three.status, 0);
  assert.equal(new Set(three.stdout.trim().split('\n')).size, 3);
  for (const bad of [['keygen', '--count', 'x'], ['keygen', '--count', '0'], ['keygen', 'extra'], ['nope']]) {
    assert.equal(run(bad).status, 2, bad.join(' '));
  }
  const usage = run([]);
  assert.equal(usage.status, 0);
  assert.match(usage.stdout, /^usage: satchel keygen/);
});

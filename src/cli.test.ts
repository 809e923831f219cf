import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from './cli.js';
import { createSealKeyRing } from './cookie/seal-keyring.js';

test('ST-09: `satchel keygen` prints a key the key ring accepts', () => {
  let out = '';
  assert.equal(main(['keygen'], (t) => (out += t)), 0);
  const key = out.trim();
  assert.match(key, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(createSealKeyRing([key]).get(createSealKeyRing([key]).primaryId)?.length, 32);
});

test('`satchel keygen --count 3` prints three distinct keys; bad usage exits 2', () => {
  let out = '';
  assert.equal(main(['keygen', '--count', '3'], (t) => (out += t)), 0);
  assert.equal(new Set(out.trim().split('\n')).size, 3);
  assert.equal(main(['keygen', '--count', 'x'], () => {}), 2);
  assert.equal(main(['nope'], () => {}), 2);
  assert.equal(main([], () => {}), 0);
});

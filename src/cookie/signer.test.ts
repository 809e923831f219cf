import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { sign, unsign } from './signer.js';

const require = createRequire(import.meta.url);
const cookieSignature = require('cookie-signature') as { sign(v: string, s: string): string; unsign(v: string, s: string): string | false };

const SECRET = 'k3y-0f-at-least-32-random-chars-AbCdEfGh';
const ID = 'q0FzxtL3UWwMc3Ux7UR1vFHQW_s1xTSlvyTnDmZExnA';
// Frozen vector: changing it breaks every issued cookie.
const VECTOR = 'q0FzxtL3UWwMc3Ux7UR1vFHQW_s1xTSlvyTnDmZExnA.Y/HtX7LVpN3kCT2iyHgwCVdYbPzoA3QOUXqtgTaUPPY';

describe('signer', () => {
  test('SID-07: frozen vector, byte-identical with cookie-signature', () => {
    assert.equal(sign(ID, SECRET), VECTOR);
    assert.equal(cookieSignature.sign(ID, SECRET), VECTOR);
    assert.equal(cookieSignature.unsign(VECTOR, SECRET), ID);
  });

  test('KR-02: first secret signs, every secret verifies, the matching index is reported', () => {
    const old = 'an-0ld-secret-that-is-long-enough-xyz123';
    assert.deepEqual(unsign(sign(ID, old), [SECRET, old]), { value: ID, index: 1 });
    assert.deepEqual(unsign(sign(ID, SECRET), [SECRET, old]), { value: ID, index: 0 });
    assert.equal(unsign(sign(ID, old), [SECRET]), null);
  });

  test('SID-07: trailing garbage, truncation and tampering never verify', () => {
    assert.equal(unsign(`${VECTOR}x`, [SECRET]), null);
    assert.equal(unsign(VECTOR.slice(0, -1), [SECRET]), null);
    assert.equal(unsign(`a${VECTOR.slice(1)}`, [SECRET]), null);
    assert.equal(unsign('no-dot', [SECRET]), null);
    assert.equal(unsign('.sig', [SECRET]), null);
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { createCookieSigner } from './signer.js';

const require = createRequire(import.meta.url);
const cookieSignature = require('cookie-signature') as {
  sign(v: string, s: string | Buffer): string;
  unsign(v: string, s: string | Buffer): string | false;
};

const SECRET = 'k3y-0f-at-least-32-random-chars-AbCdEfGh';
const OLD = 'an-0ld-secret-that-is-long-enough-xyz123';
const ID = 'q0FzxtL3UWwMc3Ux7UR1vFHQW_s1xTSlvyTnDmZExnA';
// Frozen vector: changing it breaks every issued cookie.
const VECTOR = 'q0FzxtL3UWwMc3Ux7UR1vFHQW_s1xTSlvyTnDmZExnA.Y/HtX7LVpN3kCT2iyHgwCVdYbPzoA3QOUXqtgTaUPPY';

/** cookie-signature over a list of secrets, the reference every answer is checked against. */
function referenceUnsign(signed: string, secrets: readonly (string | Buffer)[]) {
  for (let index = 0; index < secrets.length; index++) {
    const value = cookieSignature.unsign(signed, secrets[index]!);
    if (value !== false) return { value, index };
  }
  return null;
}

describe('createCookieSigner', () => {
  test('SID-07: frozen vector, byte-identical with cookie-signature', () => {
    const signer = createCookieSigner([SECRET]);
    assert.equal(signer.sign(ID), VECTOR);
    assert.equal(cookieSignature.sign(ID, SECRET), VECTOR);
    assert.equal(cookieSignature.unsign(VECTOR, SECRET), ID);
    assert.deepEqual(signer.unsign(VECTOR), { value: ID, index: 0 });
  });

  test('SID-07: signs what cookie-signature signs, for many values and a Buffer secret', () => {
    const bytes = Buffer.from('second secret, as bytes, long enough');
    for (const secret of [SECRET, bytes]) {
      const signer = createCookieSigner([secret]);
      for (let i = 0; i < 100; i++) {
        const value = randomBytes(1 + (i % 40)).toString('base64url');
        assert.equal(signer.sign(value), cookieSignature.sign(value, secret));
      }
    }
  });

  test('KR-02: first secret signs, every secret verifies, the matching index is reported', () => {
    const signer = createCookieSigner([SECRET, OLD]);
    assert.deepEqual(signer.unsign(cookieSignature.sign(ID, OLD)), { value: ID, index: 1 });
    assert.deepEqual(signer.unsign(cookieSignature.sign(ID, SECRET)), { value: ID, index: 0 });
    assert.equal(signer.sign(ID), VECTOR);
    assert.equal(createCookieSigner([SECRET]).unsign(cookieSignature.sign(ID, OLD)), null);
  });

  test('SID-07: every tampered or non-canonical spelling is refused, as cookie-signature refuses it', () => {
    const secrets = [SECRET, OLD];
    const signer = createCookieSigner(secrets);
    const mac = VECTOR.slice(VECTOR.lastIndexOf('.') + 1);
    const last = mac.at(-1)!;
    const variants = [
      `${VECTOR}=`,
      `${VECTOR}x`,
      VECTOR.slice(0, -1),
      `a${VECTOR.slice(1)}`,
      `${ID}.${mac.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`,
      `${ID}.${mac.replace(/\+/g, '-').replace(/\//g, '_')}`,
      `.${mac}`,
      mac,
      'no-dot',
      '.sig',
      '',
      '.',
      `${ID}.${mac.slice(0, -1)}${String.fromCharCode(last.charCodeAt(0) + 1)}`,
    ];
    for (const variant of variants) {
      assert.equal(signer.unsign(variant), null, variant);
      assert.equal(referenceUnsign(variant, secrets), null, variant);
    }
  });

  test('an empty secret still signs like createHmac does', () => {
    const signer = createCookieSigner(['']);
    assert.equal(signer.sign('x'), cookieSignature.sign('x', ''));
    assert.deepEqual(signer.unsign(cookieSignature.sign('x', '')), { value: 'x', index: 0 });
  });
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sign, unsign } from '../cookie/signer.js';
import { createCookieSigner } from './signing.js';

const secrets = ['first secret that is long enough!!', Buffer.from('second secret, as bytes, long enough')];

describe('createCookieSigner (same bytes as cookie/signer.ts)', () => {
  test('SID-07: sign matches signer.sign for many values', () => {
    const signer = createCookieSigner(secrets);
    for (let i = 0; i < 200; i++) {
      const value = randomBytes(1 + (i % 40)).toString('base64url');
      assert.equal(signer.sign(value), sign(value, secrets[0]!));
    }
  });

  test('KR-02: unsign agrees with signer.unsign, including the index of an older secret', () => {
    const signer = createCookieSigner(secrets);
    for (const secret of secrets) {
      const signed = sign('abc.def', secret);
      assert.deepEqual(signer.unsign(signed), unsign(signed, secrets));
    }
    assert.deepEqual(signer.unsign(sign('v', secrets[1]!)), { value: 'v', index: 1 });
  });

  test('SID-07: every tampered or non-canonical spelling is refused, as signer.unsign refuses it', () => {
    const signer = createCookieSigner(secrets);
    const good = sign('value', secrets[0]!);
    const mac = good.slice(good.lastIndexOf('.') + 1);
    const last = mac.at(-1)!;
    const variants = [
      `${good}=`,
      `${good}x`,
      good.slice(0, -1),
      `value.${mac.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`,
      `value.${mac.replace(/\+/g, '-').replace(/\//g, '_')}`,
      `valuf.${mac}`,
      `.${mac}`,
      mac,
      '',
      '.',
      `value.${mac.slice(0, -1)}${String.fromCharCode(last.charCodeAt(0) + 1)}`,
    ];
    for (const variant of variants) assert.equal(signer.unsign(variant), unsign(variant, secrets), variant);
    for (const variant of variants.filter((v) => v !== good)) assert.equal(signer.unsign(variant), null, variant);
  });

  test('an empty secret still signs like createHmac does', () => {
    const signer = createCookieSigner(['']);
    assert.equal(signer.sign('x'), sign('x', ''));
    assert.deepEqual(signer.unsign(sign('x', '')), { value: 'x', index: 0 });
  });
});

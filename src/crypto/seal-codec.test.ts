import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decodeBase64urlStrict, encodeBase64url } from './seal-codec.js';

test('ST-06: canonical base64url round-trips for every length', () => {
  for (let n = 0; n < 40; n++) {
    const bytes = randomBytes(n);
    assert.deepEqual(decodeBase64urlStrict(encodeBase64url(bytes)), bytes);
  }
});

test('ST-06 T04: spellings Node would silently accept are refused', () => {
  const text = encodeBase64url(Buffer.from('satchel!')); // 8 bytes → 11 chars, 2 unused bits
  for (const bad of [text + '=', text + '==', ` ${text}`, `${text}\n`, text.slice(0, 4) + '!' + text.slice(4), 'A', 'AAAAA', 'ab+/', 'ab==']) {
    assert.equal(decodeBase64urlStrict(bad), null, bad);
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(text.at(-1)!);
  const sloppy = text.slice(0, -1) + alphabet[last ^ 1];
  assert.deepEqual(Buffer.from(sloppy, 'base64url'), Buffer.from('satchel!'));
  assert.equal(decodeBase64urlStrict(sloppy), null);
});

test('ST-06: the unused-bits check agrees with re-encoding for every last character and length', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (const prefix of ['A', 'Zm9vY', 'AB', 'ABC', 'AAAAAB', 'AAAAABC']) {
    for (const last of alphabet) {
      const text = prefix + last;
      if (text.length % 4 === 1) continue;
      const canonical = Buffer.from(text, 'base64url').toString('base64url') === text;
      assert.equal(decodeBase64urlStrict(text) !== null, canonical, text);
      if (canonical) assert.deepEqual(decodeBase64urlStrict(text), Buffer.from(text, 'base64url'));
    }
  }
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAtRestCipher, isSealedValue, SEALED_FIELD } from './at-rest.js';

const key = () => randomBytes(32).toString('base64url');

describe('encryption at rest: the cipher', () => {
  test('a value round-trips, and the sealed form shows nothing of it', () => {
    const cipher = createAtRestCipher([key()]);
    const value = { email: 'marker@example.com', cart: [1, 2, 3], nested: { n: null } };
    const sealed = cipher.sealValue('store-key-1', 'profile', value);
    assert.ok(isSealedValue(sealed));
    assert.doesNotMatch(JSON.stringify(sealed), /marker|cart|nested/);
    assert.deepEqual(cipher.openValue('store-key-1', 'profile', sealed), { value, stale: false });
  });

  test('bound to its session and field: moved to another store key or another field, it does not open', () => {
    const cipher = createAtRestCipher([key()]);
    const sealed = cipher.sealValue('session-a', 'role', 'admin');
    assert.equal(cipher.openValue('session-b', 'role', sealed), null);
    assert.equal(cipher.openValue('session-a', 'plan', sealed), null);
  });

  test('any changed character of the seal makes it fail to open', () => {
    const cipher = createAtRestCipher([key()]);
    const text = cipher.sealValue('k', 'f', 'value')[SEALED_FIELD];
    for (let i = 0; i < text.length; i++) {
      const changed = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
      if (changed === text) continue;
      assert.equal(cipher.openValue('k', 'f', { [SEALED_FIELD]: changed }), null, `position ${i}`);
    }
  });

  test('rotation: the first key seals, older keys still open (marked stale), a removed key opens nothing', () => {
    const [oldKey, newKey] = [key(), key()];
    const before = createAtRestCipher([oldKey]);
    const sealed = before.sealValue('k', 'f', 42);
    const rotated = createAtRestCipher([newKey, oldKey]);
    assert.deepEqual(rotated.openValue('k', 'f', sealed), { value: 42, stale: true });
    assert.deepEqual(rotated.openValue('k', 'f', rotated.sealValue('k', 'f', 43)), { value: 43, stale: false });
    assert.equal(createAtRestCipher([newKey]).openValue('k', 'f', sealed), null);
  });

  test('user ids become keyed hashes, one per ring key, newest first; the same id hashes the same way', () => {
    const [oldKey, newKey] = [key(), key()];
    const cipher = createAtRestCipher([newKey, oldKey]);
    const hashes = cipher.userHashes('user-marker-7');
    assert.equal(hashes.length, 2);
    assert.deepEqual(cipher.userHashes('user-marker-7'), hashes);
    assert.notDeepEqual(cipher.userHashes('user-marker-8'), hashes);
    for (const hash of hashes) assert.doesNotMatch(hash, /marker/);
    assert.equal(createAtRestCipher([oldKey]).userHashes('user-marker-7')[0], hashes[1]);
  });

  test('texts (the user agent) are sealed with a prefix; an unsealed text reads as it is', () => {
    const cipher = createAtRestCipher([key()]);
    const sealed = cipher.sealText('k', 'ua', 'Mozilla/5.0 marker');
    assert.doesNotMatch(sealed, /Mozilla|marker/);
    assert.equal(cipher.openText('k', 'ua', sealed), 'Mozilla/5.0 marker');
    assert.equal(cipher.openText('other', 'ua', sealed), null);
    assert.equal(cipher.openText('k', 'ua', 'curl/8'), 'curl/8');
  });

  test('keys follow the cookieSession() rules: weak or short keys are refused with a typed error', () => {
    for (const bad of ['password', 'short', '', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']) {
      assert.throws(() => createAtRestCipher([bad]), { code: 'ERR_SESSION_OPTIONS' });
    }
  });
});

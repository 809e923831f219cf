import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAtRestCipher, isSealedValue, SEALED_FIELD } from './at-rest.js';
import { SEALS_PER_KEY } from './seal-material.js';
import { MemoryStore } from '../stores/memory/store.js';
import { sealedAtRest } from '../lifecycle/stored/at-rest-store.js';
import { resealSessions } from '../lifecycle/stored/reseal.js';

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

  // Made by the v1 cipher (one HKDF key per ring key, no salt) before v2 replaced it; v1 is read only now.
  const V1 = {
    key: 'cqhWowdalPuV73OIJAx5dIyF8_svb2R57DQhK0N8_Jc',
    value: { [SEALED_FIELD]: 'v1.k94q2G-TnHt.PBh2IJ9clC7hjg8V.pfUOPyvK_Nx952ri8d88befZxbvX4PKxcsKH--GBsRirutUvLpjECcWsgeNuexbHxqmJ5g' },
    text: '$sealed:v1.k94q2G-TnHt.-ptzZ4pQ4iKA5Exi.s1JuyAFJurdBBRZwogSnCXRufmxTQQaJLePV9279',
  };

  test('v1 values and texts written before v2 still open (stale, so the next write or resealSessions re-seals them), bound as before', () => {
    const cipher = createAtRestCipher([V1.key]);
    assert.deepEqual(cipher.openValue('store-key-v1', 'profile', V1.value), { value: { email: 'v1@example.com', n: [1, 2] }, stale: true });
    assert.equal(cipher.openText('store-key-v1', '$satchel:userAgent', V1.text), 'Mozilla/5.0 v1');
    assert.equal(cipher.openValue('store-key-v2', 'profile', V1.value), null);
    assert.equal(cipher.openValue('store-key-v1', 'other', V1.value), null);
    assert.equal(createAtRestCipher([key()]).openValue('store-key-v1', 'profile', V1.value), null);
    // What the same cipher writes now is v2, and not stale.
    const fresh = cipher.sealValue('store-key-v1', 'profile', 1);
    assert.match(fresh[SEALED_FIELD], /^v2\./);
    assert.deepEqual(cipher.openValue('store-key-v1', 'profile', fresh), { value: 1, stale: false });
  });

  test('v2: version, key id, salt, IV and body; the version is bound in, so a v2 body relabelled v1 does not open', () => {
    const cipher = createAtRestCipher([key()]);
    const text = cipher.sealValue('k', 'f', 'x')[SEALED_FIELD];
    const parts = text.split('.');
    assert.equal(parts.length, 5);
    assert.equal(parts[0], 'v2');
    assert.equal(parts[2]!.length, 22, '16-byte salt');
    assert.equal(parts[3]!.length, 16, '12-byte IV');
    assert.equal(cipher.openValue('k', 'f', { [SEALED_FIELD]: ['v1', parts[1], parts[3], parts[4]].join('.') }), null);
    for (const broken of [text + '.', text.replace(/^v2/, 'v3'), `${parts.slice(0, 2).join('.')}.${parts[2]}=.${parts.slice(3).join('.')}`, parts.slice(0, 4).join('.')]) {
      assert.equal(cipher.openValue('k', 'f', { [SEALED_FIELD]: broken }), null, broken);
    }
  });

  test('v2 keys are batch keys: one salt for at most SEALS_PER_KEY seals, every seal its own IV; another process (no cached key) opens them', () => {
    const k = key();
    const cipher = createAtRestCipher([k]);
    const salts = new Map<string, number>();
    const ivs = new Set<string>();
    let last = '';
    for (let i = 0; i < SEALS_PER_KEY + 2; i++) {
      last = cipher.sealValue('k', 'f', i)[SEALED_FIELD];
      const [, , salt, iv] = last.split('.');
      salts.set(salt!, (salts.get(salt!) ?? 0) + 1);
      ivs.add(iv!);
    }
    assert.deepEqual([...salts.values()], [SEALS_PER_KEY, 2]);
    assert.equal(ivs.size, SEALS_PER_KEY + 2);
    const restarted = createAtRestCipher([k]);
    assert.deepEqual(restarted.openValue('k', 'f', { [SEALED_FIELD]: last }), { value: SEALS_PER_KEY + 1, stale: false });
  });

  test('a value sealed under another salt of the same key does not open: the salt is part of the key', () => {
    const cipher = createAtRestCipher([key()]);
    const a = cipher.sealValue('k', 'f', 'a')[SEALED_FIELD].split('.');
    const otherSalt = 'AAAAAAAAAAAAAAAAAAAAAA';
    assert.notEqual(a[2], otherSalt);
    assert.equal(cipher.openValue('k', 'f', { [SEALED_FIELD]: [a[0], a[1], otherSalt, a[3], a[4]].join('.') }), null);
    // The genuine value still opens afterwards.
    assert.deepEqual(cipher.openValue('k', 'f', { [SEALED_FIELD]: a.join('.') }), { value: 'a', stale: false });
  });

  test('a store of v1 records: the app reads them through the v2 cipher, and resealSessions rewrites each v1 value as v2', async () => {
    const inner = new MemoryStore({ sweepInterval: 0 });
    const now = Date.now();
    const record = { data: { profile: V1.value, plain: 'p' }, createdAt: now, lastSeenAt: now, expiresAt: now + 60_000, userId: null, userAgent: V1.text };
    assert.equal(await inner.create('store-key-v1', record), true);
    const store = sealedAtRest(inner, createAtRestCipher([V1.key]), { write: true });
    const expected = { profile: { email: 'v1@example.com', n: [1, 2] }, plain: 'p' };
    assert.deepEqual((await store.get('store-key-v1'))?.data, expected);
    assert.deepEqual(await resealSessions(inner, { keys: [V1.key] }), { scanned: 1, resealed: 1 });
    const raw = (await inner.get('store-key-v1'))!;
    assert.match((raw.data.profile as { $sealed: string }).$sealed, /^v2\./);
    assert.match((raw.data.plain as { $sealed: string }).$sealed, /^v2\./);
    const read = (await store.get('store-key-v1'))!;
    assert.deepEqual(read.data, expected);
    // The user agent column is outside what a patch writes: it stays v1 and still reads.
    assert.equal(read.userAgent, 'Mozilla/5.0 v1');
    assert.deepEqual(await resealSessions(inner, { keys: [V1.key] }), { scanned: 1, resealed: 0 }, 'nothing stale is left');
    await inner.close();
  });
});

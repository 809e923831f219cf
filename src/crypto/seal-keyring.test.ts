import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SealKeyError, createSealKeyRing, generateSealKey } from './seal-keyring.js';

test('ST-09: short, repetitive, word-like and published keys are refused at construction', () => {
  const weak: unknown[] = [
    'keyboard cat',
    'a'.repeat(32),
    'a'.repeat(64),
    'ab'.repeat(32),
    'complex_password_at_least_32_characters_long',
    'thisisaverylongpassphrasewithnodigitsoruppercase',
    randomBytes(31),
    randomBytes(31).toString('base64url'),
    randomBytes(16).toString('hex'),
    Buffer.alloc(32, 7),
    Buffer.from('0123'.repeat(8)),
    '',
    42,
    null,
  ];
  for (const key of weak) {
    assert.throws(() => createSealKeyRing([key as string]), SealKeyError, `accepted ${String(key).slice(0, 40)}`);
  }
});

test('ST-09: 32 random bytes are accepted as bytes, hex, base64 and base64url', () => {
  const bytes = randomBytes(32);
  for (const key of [bytes, bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url'), generateSealKey()]) {
    const ring = createSealKeyRing([key]);
    assert.equal(ring.get(ring.primaryId)?.length, 32);
  }
  assert.deepEqual(createSealKeyRing([bytes.toString('base64')]).get(createSealKeyRing([bytes]).primaryId), bytes);
});

test('KR-01: an array ring seals with its first key; ids follow the key, not the position', () => {
  const a = randomBytes(32);
  const b = randomBytes(32);
  const ab = createSealKeyRing([a, b]);
  const ba = createSealKeyRing([b, a]);
  assert.deepEqual(ab.get(ab.primaryId), a);
  assert.deepEqual([...ab.ids].sort(), [...ba.ids].sort());
  assert.notEqual(ab.primaryId, ba.primaryId);
});

test('KR-01: a map ring needs an explicit primary when it has several keys, and valid ids', () => {
  const keys = { old: randomBytes(32), new: randomBytes(32) };
  assert.throws(() => createSealKeyRing(keys), SealKeyError);
  assert.throws(() => createSealKeyRing(keys, 'missing'), SealKeyError);
  assert.equal(createSealKeyRing(keys, 'new').primaryId, 'new');
  assert.deepEqual(createSealKeyRing(keys, 'new').ids, ['new', 'old']);
  assert.throws(() => createSealKeyRing({ 'bad id': randomBytes(32) }), SealKeyError);
  assert.throws(() => createSealKeyRing({}), SealKeyError);
  assert.throws(() => createSealKeyRing([]), SealKeyError);
  const k = randomBytes(32);
  assert.throws(() => createSealKeyRing([k, k]), SealKeyError);
});

test('KR-03 T18: looking up prototype names finds no key', () => {
  const ring = createSealKeyRing({ a: randomBytes(32) });
  for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) assert.equal(ring.get(id), undefined);
});

test('ST-09: generated keys are fresh 32-byte base64url strings', () => {
  const a = generateSealKey();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, generateSealKey());
});

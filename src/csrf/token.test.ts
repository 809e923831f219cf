import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSecret, createToken, isSecret, verifyToken } from './token.js';

test('a secret is 24 base64url characters, different each time', () => {
  const a = createSecret();
  const b = createSecret();
  assert.match(a, /^[A-Za-z0-9_-]{24}$/);
  assert.notEqual(a, b);
  assert.ok(isSecret(a));
  assert.equal(isSecret('short'), false);
  assert.equal(isSecret(42), false);
});

test('tokens differ at every call (salted, BREACH) and all verify against their secret', () => {
  const secret = createSecret();
  const tokens = Array.from({ length: 20 }, () => createToken(secret));
  assert.equal(new Set(tokens).size, 20);
  for (const token of tokens) {
    assert.match(token, /^[A-Za-z0-9_-]{8}-[A-Za-z0-9_-]{43}$/);
    assert.equal(verifyToken(secret, token), true);
  }
});

test("a token of another session's secret, a tampered token or garbage does not verify", () => {
  const secret = createSecret();
  const token = createToken(secret);
  assert.equal(verifyToken(createSecret(), token), false);
  const [salt, macPart] = token.split('-') as [string, string];
  const flipped = macPart.slice(0, 10) + (macPart[10] === 'A' ? 'B' : 'A') + macPart.slice(11);
  assert.equal(verifyToken(secret, `${salt}-${flipped}`), false);
  const otherSalt = (salt[0] === 'A' ? 'B' : 'A') + salt.slice(1);
  assert.equal(verifyToken(secret, `${otherSalt}-${macPart}`), false);
  for (const bad of ['', '-', secret, `${salt}-`, `${salt}-${macPart}x`, `${salt}.${macPart}`, token.toUpperCase()]) {
    assert.equal(verifyToken(secret, bad), false, bad);
  }
});

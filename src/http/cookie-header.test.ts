import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeCookieValue, isCookieName, readCookieValues, serializeCookie } from './cookie-header.js';

describe('readCookieValues', () => {
  test('IN-01: exact, undecoded name match; only SP/HTAB trimmed', () => {
    const header = '%5F%5FHost-sid=a; \u2000__Host-sid=b; __host-sid=c; $__Host-sid=d; __Host-sid =e;\t__Host-sid=f ; x=1';
    assert.deepEqual(readCookieValues(header, '__Host-sid').values, ['e', 'f']);
  });

  test('IN-02: every candidate of a duplicated name, in header order', () => {
    assert.deepEqual(readCookieValues('sid=1; other=2; sid=3', 'sid').values, ['1', '3']);
  });

  test('IN-03: oversized values and too many candidates are bounded', () => {
    const big = 'x'.repeat(4097);
    const result = readCookieValues(`sid=${big}; sid=ok`, 'sid');
    assert.deepEqual(result.values, ['ok']);
    assert.equal(result.oversized, 1);
    const many = Array.from({ length: 70 }, (_, i) => `sid=${i}`).join('; ');
    const bounded = readCookieValues(many, 'sid');
    assert.equal(bounded.values.length, 64);
    assert.equal(bounded.truncated, true);
  });

  test('IN-04: empty, missing and nameless parts never throw', () => {
    assert.deepEqual(readCookieValues(undefined, 'sid').values, []);
    assert.deepEqual(readCookieValues('=v; sid; ;;', 'sid').values, []);
    assert.deepEqual(readCookieValues('__proto__=1; constructor=2; hasOwnProperty=3', 'sid').values, []);
  });

  test('IN-04: percent-garbage decodes to null instead of throwing', () => {
    assert.equal(decodeCookieValue('%E0%A4%A'), null);
    assert.equal(decodeCookieValue('s%3Aabc'), 's:abc');
  });
});

describe('serializeCookie', () => {
  test('CK-08: names are RFC 6265 tokens', () => {
    for (const bad of ['a b', 'a;b', 'a=b', '', 'é', 'a\u0001']) assert.equal(isCookieName(bad), false, bad);
    assert.equal(isCookieName('__Host-sid'), true);
    assert.throws(() => serializeCookie('a;b', 'v', {}), TypeError);
  });

  test('values are percent-encoded like express-session writes them', () => {
    assert.equal(serializeCookie('sid', 's:a+b/c', { path: '/', httpOnly: true }), 'sid=s%3Aa%2Bb%2Fc; Path=/; HttpOnly');
  });
});

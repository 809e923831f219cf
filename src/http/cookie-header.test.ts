import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeCookieValue, isCookieName, readCookieValues, serializeCookie } from './cookie-header.js';

describe('readCookieValues', () => {
  test('IN-01: exact, undecoded name match; only SP/HTAB trimmed', () => {
    const header = '%5F%5FHost-sid=a; \u2000__Host-sid=b; __host-sid=c; $__Host-sid=d; __Host-sid =e;\t__Host-sid=f ; x=1';
    assert.deepEqual(readCookieValues(header, '__Host-sid').values, ['e', 'f']);
  });

  test('the one-pass reader agrees with split-trim-compare on random headers (values, oversized, truncated)', () => {
    // The definition the reader implements, written the plain way: split on ';', trim SP/HTAB, compare the name.
    const reference = (header: string, name: string, maxCandidates: number, maxBytes: number) => {
      const out = { values: [] as string[], oversized: 0, truncated: false };
      const trim = (text: string) => text.replace(/^[ \t]+|[ \t]+$/g, '');
      for (const part of header.split(';')) {
        const eq = part.indexOf('=');
        if (eq < 0 || trim(part.slice(0, eq)) !== name) continue;
        const value = trim(part.slice(eq + 1));
        if (Buffer.byteLength(value) > maxBytes) out.oversized++;
        else if (out.values.length >= maxCandidates) {
          out.truncated = true;
          break;
        } else out.values.push(value);
      }
      return out;
    };
    const alphabet = [' ', '\t', ';', '=', 's', 'i', 'd', 'sid', 'sid=', '; sid=', '%', 'é', '€', '😀', 'a', '\u2000'];
    let seed = 7;
    // The high bits of the LCG: its low bits cycle with a short period.
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >>> 12;
    for (let round = 0; round < 20000; round++) {
      let header = '';
      const parts = next() % 30;
      for (let i = 0; i < parts; i++) header += alphabet[next() % alphabet.length];
      const limits = { maxCandidates: 1 + (next() % 3), maxBytes: next() % 9 };
      const expected = reference(header, 'sid', limits.maxCandidates, limits.maxBytes);
      assert.deepEqual(readCookieValues(header, 'sid', limits), expected, JSON.stringify({ header, limits }));
    }
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

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serialize } from 'cookie';
import { setCookieLine, type FixedCookieAttributes } from './set-cookie-line.js';

// The cached builder must write exactly what the `cookie` package writes, for every attribute
// set and value it is given, and refuse what the package refuses.

const fixedSets: FixedCookieAttributes[] = [
  { path: '/', httpOnly: true, secure: true, sameSite: 'lax' },
  { path: '/app', domain: 'example.com', httpOnly: false, secure: false, sameSite: 'strict' },
  { path: '/', httpOnly: true, secure: true, sameSite: 'none', partitioned: true, priority: 'high' },
  { path: '/', domain: 'sub.example.org', httpOnly: true, secure: true, sameSite: 'lax', priority: 'low' },
];
const values = ['', 's:abc.DEF-_~', 'v1.k1.salt_-.iv.body', 'needs encoding: ;,"\\é', "paren(s)*!'"];
const times: Array<[number | undefined, Date | undefined]> = [
  [undefined, undefined],
  [3600, new Date(Date.UTC(2026, 10, 27, 12, 0, 0))],
  [undefined, new Date(Date.UTC(2027, 0, 1))],
  [0, new Date(0)],
];

test('setCookieLine writes what cookie.serialize writes, attribute set by attribute set', () => {
  for (const name of ['sid', '__Host-sid', 'session']) {
    for (const fixed of fixedSets) {
      for (const value of values) {
        for (const [maxAge, expires] of times) {
          const expected = serialize(name, value, { ...fixed, maxAge, expires });
          // Twice: the first call fills the cache, the second reads it.
          assert.equal(setCookieLine(name, value, fixed, maxAge, expires), expected);
          assert.equal(setCookieLine(name, value, fixed, maxAge, expires), expected);
        }
      }
    }
  }
});

test('what the package refuses is refused here too: bad name, non-integer Max-Age, invalid date, bad domain', () => {
  const fixed = fixedSets[0]!;
  assert.throws(() => setCookieLine('bad name', 'v', fixed), TypeError);
  assert.throws(() => setCookieLine('sid', 'v', fixed, 1.5), TypeError);
  assert.throws(() => setCookieLine('sid', 'v', fixed, 10, new Date(Number.NaN)), TypeError);
  assert.throws(() => setCookieLine('sid', 'v', { ...fixed, domain: 'bad domain;' }), TypeError);
});

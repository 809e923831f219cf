import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { serializeCookie } from '../../http/cookie-header.js';
import type { CookieSettings } from './cookie-settings.js';
import { sessionSetCookie } from './set-cookie.js';

const base: CookieSettings = { name: '__Host-sid', path: '/', domain: undefined, httpOnly: true, secure: true, sameSite: 'lax', maxAge: null, partitioned: undefined, priority: undefined, requestSecure: true };

// What sessionSetCookie wrote before its attribute text was cached: straight through the cookie package.
function reference(settings: CookieSettings, value: string, maxAge: number | null, now: number): string {
  const attributes = { path: settings.path, domain: settings.domain, httpOnly: settings.httpOnly, secure: settings.secure, sameSite: settings.sameSite, partitioned: settings.partitioned, priority: settings.priority };
  if (maxAge === null) return serializeCookie(settings.name, value, attributes);
  const expires = new Date(now + maxAge * 1000);
  return serializeCookie(settings.name, value, { ...attributes, maxAge, expires });
}

describe('sessionSetCookie (cached attribute text)', () => {
  const variants: CookieSettings[] = [
    base,
    { ...base, name: 'sid', secure: false, sameSite: false, httpOnly: false },
    { ...base, name: '__Secure-sid', domain: 'example.com', path: '/app' },
    { ...base, sameSite: 'none', partitioned: true, priority: 'high' },
    { ...base, sameSite: 'strict', priority: 'low' },
  ];
  const values = ['s:abc.def', 's:' + 'x'.repeat(43) + '.a+b/c', ''];
  const now = Date.UTC(2026, 10, 27, 8, 0, 0);

  test('CK-01..CK-04: byte-identical to the cookie package for every attribute mix, value, Max-Age and Expires', () => {
    for (const settings of variants) {
      for (const value of values) {
        for (const maxAge of [null, 0, 3600, 34_560_000]) {
          // Twice: the second call is served from the cache.
          for (let i = 0; i < 2; i++) assert.equal(sessionSetCookie(settings, value, maxAge, now), reference(settings, value, maxAge, now));
        }
      }
    }
  });

  test('a settings object changed after first use is re-read, not served stale', () => {
    const settings = { ...base };
    assert.equal(sessionSetCookie(settings, 's:a.b', null, now), reference(settings, 's:a.b', null, now));
    settings.path = '/other';
    settings.name = '__Secure-sid';
    assert.equal(sessionSetCookie(settings, 's:a.b', null, now), reference(settings, 's:a.b', null, now));
  });

  test('CK-08: invalid attributes still throw the package error', () => {
    assert.throws(() => sessionSetCookie({ ...base, path: '/a;b' }, 's:a.b', null, now), TypeError);
    assert.throws(() => sessionSetCookie({ ...base, name: 'bad name' }, 's:a.b', null, now), TypeError);
    assert.throws(() => sessionSetCookie(base, 's:a.b', 1.5, now), TypeError);
  });

  test('TM-02: the clearing cookie is unchanged', () => {
    assert.equal(sessionSetCookie(base, null, null, now), serializeCookie(base.name, '', { path: '/', domain: undefined, httpOnly: true, secure: true, sameSite: 'lax', partitioned: undefined, priority: undefined, maxAge: 0, expires: new Date(0) }));
  });
});

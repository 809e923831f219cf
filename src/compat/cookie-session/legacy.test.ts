import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readLegacyCookieSession } from './legacy.js';

const require = createRequire(import.meta.url);
const Keygrip = require('keygrip') as new (keys: string[]) => { sign(data: string): string };

function header(data: unknown, key: string, name = 'session'): string {
  const value = Buffer.from(JSON.stringify(data)).toString('base64');
  return `other=1; ${name}=${value}; ${name}.sig=${new Keygrip([key]).sign(`${name}=${value}`)}`;
}

describe('readLegacyCookieSession (upgrade path from cookie-session)', () => {
  test('KR-01: reads a cookie signed by the current key, keyIndex 0', () => {
    const got = readLegacyCookieSession(header({ user: 7 }, 'k1'), { keys: ['k1', 'k0'] });
    assert.deepEqual({ ...got?.data }, { user: 7 });
    assert.equal(got?.keyIndex, 0);
    assert.deepEqual(got?.cookieNames, ['session', 'session.sig']);
  });

  test('KR-02: reports an older key by its index', () => {
    assert.equal(readLegacyCookieSession(header({ a: 1 }, 'k0'), { keys: ['k1', 'k0'] })?.keyIndex, 1);
  });

  test('KR-03: unknown key, missing .sig or no cookie give undefined', () => {
    assert.equal(readLegacyCookieSession(header({ a: 1 }, 'zz'), { keys: ['k1'] }), undefined);
    assert.equal(readLegacyCookieSession('session=eyJhIjoxfQ==', { keys: ['k1'] }), undefined);
    assert.equal(readLegacyCookieSession(undefined, { keys: ['k1'] }), undefined);
    assert.equal(readLegacyCookieSession(header({ a: 1 }, 'k1'), {}), undefined);
  });

  test('custom name, secret and signed:false', () => {
    assert.deepEqual({ ...readLegacyCookieSession(header({ b: 2 }, 's'), { name: 'my.session', secret: 's' })?.data }, {});
    assert.deepEqual({ ...readLegacyCookieSession(header({ b: 2 }, 's', 'my.session'), { name: 'my.session', secret: 's' })?.data }, { b: 2 });
    const unsigned = readLegacyCookieSession('session=eyJiIjozfQ==', { signed: false });
    assert.deepEqual({ ...unsigned?.data }, { b: 3 });
    assert.equal(unsigned?.keyIndex, -1);
    assert.deepEqual(unsigned?.cookieNames, ['session']);
  });

  test('IN-04/ST-08: hostile payloads never throw and never pollute', () => {
    const polluting = JSON.parse('{"__proto__":{"polluted":1},"constructor":{"x":1},"ok":1}');
    const got = readLegacyCookieSession(header(polluting, 'k'), { keys: ['k'] });
    assert.deepEqual(Object.keys(got?.data ?? {}), ['ok']);
    assert.equal(Object.getPrototypeOf(got?.data), null);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    for (const payload of [null, 1, 'text', [1, 2]]) {
      assert.deepEqual(Object.keys(readLegacyCookieSession(header(payload, 'k'), { keys: ['k'] })?.data ?? { x: 1 }), []);
    }
    const sig = new Keygrip(['k']).sign('session=%%%');
    assert.equal(readLegacyCookieSession(`session=%%%; session.sig=${sig}`, { keys: ['k'] }), undefined);
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { MemoryStore } from '../../stores/memory/store.js';
import { resolveCookieSettings } from './cookie-settings.js';
import { resolveOptions, SESSION_DEFAULTS } from './options.js';
import type { StoredSessionOptions } from './options.js';
import { TIMEOUT_PRESETS } from '../timeouts.js';

const SECRET = 'k3y-0f-at-least-32-random-chars-AbCdEfGh';
const store = new MemoryStore({ sweepInterval: 0 });
const resolve = (options: Partial<StoredSessionOptions>) => resolveOptions({ secret: SECRET, store, ...options });
const code = { code: 'ERR_SESSION_OPTIONS' };

describe('resolveOptions', () => {
  test('defaults live in one frozen constant', () => {
    assert.ok(Object.isFrozen(SESSION_DEFAULTS));
    const resolved = resolve({});
    assert.equal(resolved.saveUninitialized, false);
    assert.equal(resolved.resave, false);
    assert.deepEqual(resolved.timeouts, TIMEOUT_PRESETS.standard);
  });

  test('ST-09: missing, short, repetitive or known-default secrets throw', () => {
    for (const secret of [undefined, [], 'short', 'keyboard cat', 'a'.repeat(40), Buffer.alloc(16), Buffer.alloc(32, 7)]) {
      assert.throws(() => resolve({ secret: secret as never }), code, String(secret));
    }
    assert.doesNotThrow(() => resolve({ secret: [SECRET, randomBytes(32)] }));
  });

  test('CK-04/CK-08: invalid cookie combinations throw at construction', () => {
    assert.throws(() => resolve({ name: '__Host-sid', cookie: { domain: 'example.com' } }), code);
    assert.throws(() => resolve({ name: '__Host-sid', cookie: { path: '/app' } }), code);
    assert.throws(() => resolve({ name: '__Secure-sid', cookie: { secure: false } }), code);
    assert.throws(() => resolve({ cookie: { sameSite: 'none', secure: false } }), code);
    assert.throws(() => resolve({ name: 'bad name' }), code);
    assert.throws(() => resolve({ name: 'a;b' }), code);
    assert.throws(() => resolve({ cookie: { path: '/a;b' } }), code);
  });

  test('CK-01: secure:false under NODE_ENV=production needs the explicit opt-out', () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      assert.throws(() => resolve({ cookie: { secure: false } }), code);
      assert.doesNotThrow(() => resolve({ cookie: { secure: false }, allowInsecureCookie: true }));
    } finally {
      process.env.NODE_ENV = previous;
    }
  });

  test('timeouts, touchAfter, unset, genid are validated', () => {
    assert.throws(() => resolve({ timeouts: 'weird' as never }), code);
    assert.throws(() => resolve({ timeouts: { idle: 10, absolute: 5 } }), code);
    assert.throws(() => resolve({ touchAfter: -1 }), code);
    assert.throws(() => resolve({ timeouts: { idle: 1000, absolute: 5000 }, touchAfter: 1000 }), code);
    assert.throws(() => resolve({ unset: 'maybe' as never }), code);
    assert.throws(() => resolve({ genid: () => 'x' }), code);
    assert.throws(() => resolve({ store: {} as never }), code);
  });
});

describe('resolveCookieSettings', () => {
  const context = (requestSecure: boolean) => ({ requestSecure, name: null, production: false, allowInsecureCookie: false });

  test('CK-01..06: __Host-sid + Secure on HTTPS, sid on plain HTTP; HttpOnly, Lax, Path=/', () => {
    const secure = resolveCookieSettings({}, context(true));
    assert.deepEqual([secure.name, secure.secure, secure.httpOnly, secure.sameSite, secure.path, secure.domain], ['__Host-sid', true, true, 'lax', '/', undefined]);
    const plain = resolveCookieSettings({}, context(false));
    assert.deepEqual([plain.name, plain.secure], ['sid', false]);
  });

  test("sameSite 'auto' follows the transport", () => {
    assert.equal(resolveCookieSettings({ sameSite: 'auto' }, context(true)).sameSite, 'none');
    assert.equal(resolveCookieSettings({ sameSite: 'auto' }, context(false)).sameSite, 'lax');
  });

  test('CK-09: maxAge is capped at 400 days', () => {
    assert.equal(resolveCookieSettings({ maxAge: 10 ** 12 }, context(true)).maxAge, 400 * 24 * 3600 * 1000);
  });
});

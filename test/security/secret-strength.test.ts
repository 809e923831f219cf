/**
 * One secret/key strength policy for `session()`, `cookieSession()` and the express-session
 * drop-in's `secureDefaults`: the same material is refused (or accepted) by all of them.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import dropIn from '../../src/compat/express-session.js';
import { generateSealKey } from '../../src/crypto/seal-keyring.js';
import { bytesWeakness, textWeakness } from '../../src/crypto/secret-strength.js';
import { resolveOptions } from '../../src/lifecycle/stored/options.js';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import { session } from '../../src/adapters/express/middleware.js';
import { MemoryStore } from '../../src/stores/memory/store.js';

const WEAK: Array<[string, string | Buffer]> = [
  ['Buffer.alloc(32)', Buffer.alloc(32)],
  ["Buffer.from('a'.repeat(32))", Buffer.from('a'.repeat(32))],
  ["'abcdefgh'.repeat(4)", 'abcdefgh'.repeat(4)],
  ["'keyboard cat'.repeat(3)", 'keyboard cat'.repeat(3)],
  ["'Keyboard Cat '.repeat(3)", 'Keyboard Cat '.repeat(3)],
  ["'keyboard cat' repeated with a suffix", `${'keyboard cat'.repeat(3)}!9`],
  ['iron-session example', 'complex_password_at_least_32_characters_long'],
  ['iron-session example, extended', 'complex_password_at_least_32_characters_long_for_security'],
  ['@hapi/cookie example', 'password-should-be-32-characters'],
  ['hapi tutorial example', '!wsYhFA*C2U6nz=Bu^%A@^F#SF3&kSR6'],
  ['@fastify/session example', 'a secret with minimum length of 32 characters'],
  ['h3 example', '80d42cfb-1cd2-462c-8f17-e3237d9027e9'],
  ['nuxt-auth-utils example', 'password-with-at-least-32-characters'],
  ['alphabet', 'abcdefghijklmnopqrstuvwxyz0123456789'],
  ['alphabet in a Buffer', Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789')],
  ['a phrase in a Buffer', Buffer.from('thisisaverylongpassphrasewithoutanydigits')],
  ['a long word', 'thisisaverylongpassphrasewithoutanydigits'],
  ['short', 'k3y-0f-short-AbC'],
];

function refusal(run: () => unknown): { code?: string; message: string } | null {
  try {
    run();
    return null;
  } catch (error) {
    return error as { code?: string; message: string };
  }
}

const store = new MemoryStore({ sweepInterval: 0 });

describe('audit L1: one secret strength policy', () => {
  for (const [label, secret] of WEAK) {
    test(`audit L1: session() refuses ${label}, naming npx satchel keygen`, () => {
      const error = refusal(() => session({ secret, store }));
      assert.equal(error?.code, 'ERR_SESSION_OPTIONS', `accepted ${label}`);
      assert.match(error.message, /npx satchel keygen/);
    });
  }

  test('audit L1: cookieSession() refuses exactly what session() refuses (seal keys, same policy)', () => {
    for (const [label, key] of WEAK) {
      const error = refusal(() => cookieSession({ keys: [key] }));
      assert.equal(error?.code, 'ERR_SESSION_OPTIONS', `accepted ${label}`);
      assert.match(error.message, /npx satchel keygen/, label);
    }
  });

  test('audit L1: the drop-in refuses weak secrets under secureDefaults only; express-session apps keep theirs', () => {
    for (const [label, secret] of WEAK) {
      const error = refusal(() => dropIn({ secret, secureDefaults: true }));
      assert.equal(error?.code, 'ERR_SESSION_OPTIONS', `accepted ${label}`);
      assert.match(error.message, /npx satchel keygen/, label);
    }
    assert.doesNotThrow(() => dropIn({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));
    assert.doesNotThrow(() => dropIn({ secret: generateSealKey(), secureDefaults: true }));
  });

  test('audit L1: an empty or missing secret says how to fix it, even with the weak-secret escape hatch', () => {
    for (const secret of ['', Buffer.alloc(0), undefined, []]) {
      const error = refusal(() => session({ secret: secret as never, store }));
      assert.equal(error?.code, 'ERR_SESSION_OPTIONS');
      assert.match(error.message, /npx satchel keygen/);
    }
    const hatch = refusal(() => resolveOptions({ secret: '', store }, { allowWeakSecret: true }));
    assert.equal(hatch?.code, 'ERR_SESSION_OPTIONS');
    assert.match(hatch.message, /npx satchel keygen/);
    assert.doesNotThrow(() => resolveOptions({ secret: 'keyboard cat', store }, { allowWeakSecret: true }), 'the escape hatch stays');
  });

  test('audit L1: random material in every accepted form passes all three', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(32);
      for (const secret of [bytes, bytes.toString('hex'), bytes.toString('base64'), generateSealKey()]) {
        assert.doesNotThrow(() => session({ secret, store }));
        assert.doesNotThrow(() => cookieSession({ keys: [secret] }));
      }
      assert.equal(textWeakness(randomBytes(16).toString('hex')), null, '128-bit hex text is a fine signing secret');
      assert.equal(bytesWeakness(randomBytes(32)), null);
    }
  });
});

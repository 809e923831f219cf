/**
 * fast-check properties for the three decoders an attacker reaches — the Cookie header parser,
 * unsign and unseal — and for both middlewares driven with arbitrary Cookie headers: no input
 * throws, and every accepted value round-trips (issue 6; security.md §6.2 T01, T19, T41).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { drive, type AnyMiddleware } from '../../scripts/fuzz/harness.js';
import { COOKIE_READ_LIMITS, decodeCookieValue, readCookieValues, serializeCookie } from '../../src/http/cookie-header.js';
import { createSealer } from '../../src/crypto/seal.js';
import { createCookieSigner } from '../../src/crypto/signer.js';
import { cookieApp, newSecret, serverApp } from './support/apps.js';

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 16 });
// cookie-octet (RFC 6265 §4.1.1) minus the SP/HTAB a parser may trim at the edges.
const OCTETS = [...Array.from({ length: 0x7f - 0x21 }, (_, i) => String.fromCharCode(0x21 + i))].filter((c) => !'",;\\'.includes(c));
const octets = fc.string({ unit: fc.constantFrom(...OCTETS), maxLength: 200 });
const anyText = fc.string({ unit: 'binary', maxLength: 600 });
const wellFormed = fc.string({ unit: 'binary', maxLength: 200 }).filter((s) => !/[\uD800-\uDFFF]/u.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')));
const oneChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const noise = fc.array(fc.tuple(token, octets), { maxLength: 6 });
const NOW = Date.UTC(2026, 0, 1, 8);
const TIMES = { createdAt: NOW, idleExpiresAt: NOW + 60_000, absoluteExpiresAt: NOW + 120_000 };

describe('cookie header parser', () => {
  test('IN-01, IN-03: any header, any name → no throw, at most 64 candidates of at most 4096 bytes', () => {
    fc.assert(
      fc.property(anyText, fc.oneof(token, anyText), (header, name) => {
        const out = readCookieValues(header, name);
        assert.ok(out.values.length <= COOKIE_READ_LIMITS.maxCandidates);
        assert.ok(out.values.every((v) => Buffer.byteLength(v) <= COOKIE_READ_LIMITS.maxBytes));
        const decoded = decodeCookieValue(header);
        assert.ok(decoded === null || typeof decoded === 'string');
      }),
      { numRuns: 5000 },
    );
  });

  test('round-trip: name=value among other cookies comes back byte-exact, once, in order', () => {
    fc.assert(
      fc.property(token, octets, noise, fc.nat(), (name, value, others, at) => {
        const pairs = others.filter(([n]) => n !== name).map(([n, v]) => `${n}=${v}`);
        pairs.splice(at % (pairs.length + 1), 0, `${name}=${value}`);
        assert.deepEqual(readCookieValues(pairs.join('; '), name).values, [value]);
      }),
      { numRuns: 3000 },
    );
  });

  test('round-trip: serializeCookie then parse then decode gives back any well-formed string', () => {
    fc.assert(
      fc.property(token, wellFormed, (name, value) => {
        const line = serializeCookie(name, value, { path: '/' });
        const pair = line.slice(0, line.indexOf(';'));
        const [raw] = readCookieValues(pair, name).values;
        assert.equal(decodeCookieValue(raw!), value);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('unsign', () => {
  const secrets = [newSecret(), newSecret()];
  const signer = createCookieSigner(secrets);
  const sign = (value: string, secret: string) => createCookieSigner([secret]).sign(value);

  test('SID-07: any input → no throw; anything accepted is exactly what sign() produces (one spelling)', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.tuple(octets, octets).map(([a, b]) => `${a}.${b}`)), (input) => {
        const out = signer.unsign(input);
        if (out) assert.equal(sign(out.value, secrets[out.index]!), input);
      }),
      { numRuns: 5000 },
    );
  });

  test('round-trip and KR-02: sign with either secret, unsign gives the value and which secret; one mutation → null', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), fc.integer({ min: 0, max: 1 }), fc.nat(), oneChar, (value, index, at, ch) => {
        const signed = sign(value, secrets[index]!);
        assert.deepEqual(signer.unsign(signed), { value, index });
        const i = at % signed.length;
        const mutated = signed.slice(0, i) + ch + signed.slice(i + 1);
        if (mutated !== signed) assert.equal(signer.unsign(mutated), null);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('unseal', () => {
  const sealer = createSealer({ keys: [newSecret()] });
  const binding = { name: 'session', purpose: 'session', context: 'parts=1' };

  test('ST-07: any input → { ok: false }, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.array(fc.oneof(octets, fc.constantFrom('v1', '', '__proto__')), { maxLength: 7 }).map((p) => p.join('.'))), (input) => {
        const out = sealer.open(input, binding, NOW);
        assert.equal(out.ok, false);
      }),
      { numRuns: 5000 },
    );
  });

  test('T41: open(seal(p)) ≅ p, and any single-character change of the seal is refused', () => {
    const key = fc.string({ minLength: 1, maxLength: 10 }).filter((k) => k !== '__proto__');
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }), fc.nat(), oneChar, (p, at, ch) => {
        const sealed = sealer.seal(p, binding, TIMES, NOW);
        const opened = sealer.open(sealed, binding, NOW);
        assert.ok(opened.ok);
        assert.equal(JSON.stringify(opened.data), JSON.stringify(JSON.parse(JSON.stringify(p))));
        const i = at % sealed.length;
        const mutated = sealed.slice(0, i) + ch + sealed.slice(i + 1);
        if (mutated !== sealed) assert.equal(sealer.open(mutated, binding, NOW).ok, false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('middlewares with arbitrary Cookie headers', () => {
  for (const mode of ['session()', 'cookieSession()'] as const) {
    test(`IN-04 ${mode}: no header throws or reaches next(err); a valid cookie among arbitrary noise opens to exactly its data`, async () => {
      const mw = (mode === 'session()' ? serverApp().mw : cookieApp().mw) as unknown as AnyMiddleware;
      const name = mode === 'session()' ? 'sid' : 'session';
      const issued = await drive(mw, undefined, (s) => Object.assign(s, { user: 'alice' }));
      const line = issued.setCookies.find((c) => c.startsWith(`${name}=`))!;
      const valid = line.slice(0, line.indexOf(';'));
      const strip = (data: Record<string, unknown> | null) => {
        const { cookie: _cookie, ...rest } = data ?? {};
        return rest;
      };
      await fc.assert(
        fc.asyncProperty(anyText, noise, fc.nat(), async (header, others, at) => {
          const hostile = await drive(mw, header);
          assert.equal(hostile.thrown, undefined);
          assert.deepEqual(hostile.nextErrors, []);
          const data = strip(hostile.data);
          assert.ok(Object.keys(data).length === 0, JSON.stringify(header));
          const pairs = others.filter(([n]) => n !== name).map(([n, v]) => `${n}=${v}`);
          pairs.splice(at % (pairs.length + 1), 0, valid);
          const mixed = await drive(mw, pairs.join('; '));
          assert.deepEqual(strip(mixed.data), { user: 'alice' });
        }),
        { numRuns: 2000 },
      );
    });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { createSealer, type SealBinding } from './seal.js';

const NOW = 1_800_000_000_000;
const TIMES = { createdAt: NOW, idleExpiresAt: NOW + 60_000, absoluteExpiresAt: NOW + 120_000 };
const BINDING: SealBinding = { name: 'sid', purpose: 'session', context: 'parts=1' };
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const sealer = createSealer({ keys: { k1, k2 }, primary: 'k1' });
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const payload = fc.dictionary(
  fc.string().filter((k) => k !== '__proto__'),
  fc.jsonValue(),
  { maxKeys: 8 },
);

test('T41 ST-01..06: open(seal(p)) gives back p for random JSON payloads', () => {
  fc.assert(
    fc.property(payload, (p) => {
      const opened = sealer.open(sealer.seal(p, BINDING, TIMES, NOW), BINDING, NOW);
      assert.ok(opened.ok);
      assert.equal(JSON.stringify(opened.data), JSON.stringify(p));
    }),
    { numRuns: 300 },
  );
});

test('T41 ST-05: two seals of the same payload differ (fresh IV; one salt per key batch)', () => {
  fc.assert(
    fc.property(payload, (p) => {
      const a = sealer.seal(p, BINDING, TIMES, NOW).split('.');
      const b = sealer.seal(p, BINDING, TIMES, NOW).split('.');
      assert.equal(a[2], b[2], 'one batch: same salt, same derived key');
      assert.notEqual(a[3], b[3]);
      assert.notEqual(a[4], b[4]);
    }),
    { numRuns: 200 },
  );
});

test('T41 T01: any single substitution, deletion or insertion makes the seal fail', () => {
  const mutation = fc.record({
    kind: fc.constantFrom('substitute', 'delete', 'insert'),
    at: fc.nat(),
    char: fc.constantFrom(...(B64 + '.=+/ %').split('')),
  });
  fc.assert(
    fc.property(payload, mutation, (p, m) => {
      const sealed = sealer.seal(p, BINDING, TIMES, NOW);
      const i = m.at % sealed.length;
      const mutated =
        m.kind === 'substitute'
          ? sealed.slice(0, i) + m.char + sealed.slice(i + 1)
          : m.kind === 'delete'
            ? sealed.slice(0, i) + sealed.slice(i + 1)
            : sealed.slice(0, i) + m.char + sealed.slice(i);
      fc.pre(mutated !== sealed);
      assert.equal(sealer.open(mutated, BINDING, NOW).ok, false);
    }),
    { numRuns: 2000 },
  );
});

test('T41 KR-03: a seal made with k1 does not open with a ring lacking k1', () => {
  const withoutK1 = createSealer({ keys: { k2 } });
  const sameIdOtherKey = createSealer({ keys: { k1: k2 } });
  fc.assert(
    fc.property(payload, (p) => {
      const sealed = sealer.seal(p, BINDING, TIMES, NOW);
      assert.equal(withoutK1.open(sealed, BINDING, NOW).ok, false);
      assert.equal(sameIdOtherKey.open(sealed, BINDING, NOW).ok, false);
    }),
    { numRuns: 200 },
  );
});

test('T19 ST-06 ST-07: no input throws (structure fuzz, 12k cases)', () => {
  const b64 = (min: number, max: number) =>
    fc.string({ unit: fc.constantFrom(...B64.split('')), minLength: min, maxLength: max });
  const kid = fc.oneof(
    fc.constantFrom('k1', 'k2', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'x'.repeat(10_000), 'ключ'),
    fc.string({ maxLength: 40 }),
  );
  const numberish = fc.constantFrom('x', '-1', '1e309', '0x10', '0001', '18446744073709551616', 'NaN', '');
  const structured = fc
    .tuple(
      fc.constantFrom('v1', 'v2', 'V1', '', 'v1 '),
      kid,
      fc.oneof(b64(22, 22), b64(0, 30), numberish),
      fc.oneof(b64(16, 16), b64(0, 20), numberish),
      fc.oneof(b64(22, 400), fc.string({ maxLength: 200 })),
      fc.array(fc.oneof(b64(0, 10), numberish), { maxLength: 3 }),
    )
    .map(([v, k, s, i, c, extra]) => [v, k, s, i, c, ...extra].join('.'));
  const garbage = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.string({ unit: 'grapheme', maxLength: 50 }),
  );
  const name = fc.constantFrom('sid', '__proto__', '', 'x'.repeat(500));
  fc.assert(
    fc.property(fc.oneof(structured, garbage), name, fc.integer({ min: -1e15, max: 1e15 }), (input, cookieName, now) => {
      const result = sealer.open(input, { name: cookieName, purpose: 'session' }, now);
      assert.equal(typeof result.ok, 'boolean');
      if (!result.ok) assert.equal(typeof result.reason, 'string');
    }),
    { numRuns: 12_000 },
  );
});

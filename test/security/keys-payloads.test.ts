/**
 * Battery T17–T22 (security.md §6.2): key rotation, hostile key ids, structure fuzz,
 * prototype payloads, oversize and chunking, for `session()` and `cookieSession()`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Express } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { drive, type AnyMiddleware } from '../../scripts/fuzz/harness.js';
import { createSealer } from '../../src/crypto/seal.js';
import { hashStoreKey } from '../../src/crypto/ids.js';
import { clearsCookie, cookieApp, cs, idOf, mustIssue, newSecret, reasons, serverApp, setCookies } from './support/apps.js';
import { forgeSeal, payloadText } from './support/forge.js';

const protoRoute = (app: Express) =>
  app.get('/proto', (req, res) => {
    const s = req.session as unknown as Record<string, unknown>;
    res.json({
      isAdmin: s.isAdmin ?? null,
      objectIsAdmin: ({} as Record<string, unknown>).isAdmin ?? null,
      objectX: ({} as Record<string, unknown>).x ?? null,
      ownProto: Object.getPrototypeOf(s) === Object.prototype ? 'Object.prototype' : 'own class',
    });
  });

const PROTO_PAYLOAD = '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}';

/** Asserts `drive` ended normally with an empty session. */
function anonymousOutcome(out: Awaited<ReturnType<typeof drive>>, label: string) {
  assert.equal(out.thrown, undefined, label);
  assert.deepEqual(out.nextErrors, [], label);
  assert.ok(out.ended, label);
  const { cookie: _cookie, ...data } = out.data ?? {};
  assert.deepEqual(data, {}, label);
}

describe('session(): keys and payloads', () => {
  test('T17 key rotation (KR-01, KR-02, KR-03): accepted and re-signed with the new secret in the same response; dead once removed', async () => {
    const k1 = newSecret();
    const k2 = newSecret();
    const before = serverApp({ secret: k1 });
    const old = mustIssue(await request(before.app).get('/write'), 'sid');
    const rotated = serverApp({ secret: [k2, k1], store: before.store });
    const res = await request(rotated.app).get('/read').set('Cookie', `sid=${old}`);
    assert.deepEqual(res.body.data, { count: 1 });
    const resigned = mustIssue(res, 'sid');
    assert.equal(idOf(resigned), idOf(old), 'same session, new signature');
    assert.notEqual(resigned, old);
    const after = serverApp({ secret: [k2], store: before.store });
    assert.deepEqual((await request(after.app).get('/read').set('Cookie', `sid=${old}`)).body.data, {});
    assert.deepEqual(reasons(after.events), ['bad_signature']);
    assert.deepEqual((await request(after.app).get('/read').set('Cookie', `sid=${resigned}`)).body.data, { count: 1 });
  });

  test('T18 hostile kid (ST-07, IN-04): not applicable — no key id travels in the cookie (every secret is tried); kid-like values are anonymous', async () => {
    const s = serverApp();
    const value = mustIssue(await request(s.app).get('/write'), 'sid');
    assert.equal(decodeURIComponent(value).split('.').length, 2, 's:<id>.<mac>, nothing else');
    for (const kid of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'k'.repeat(3000), '\u00e9']) {
      const res = await request(s.app).get('/read').set('Cookie', `sid=s%3A${kid}.${kid}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, {});
    }
    assert.equal(s.calls.get, 0, 'no store lookup for any of them');
  });

  test('T19 structure fuzz (ST-06, ST-07, IN-04): wrong part counts, empty parts, number garbage → anonymous', async () => {
    const s = serverApp();
    for (const value of ['s:', 's:.', 's:..', 's:a', 's:a.', 's:.b', 's:a.b.c', 's', ':', '.', 's:x.1e309', 's:-1.0x10', 's:000.18446744073709551616', 's:NaN.NaN']) {
      const res = await request(s.app).get('/read').set('Cookie', `sid=${encodeURIComponent(value)}`);
      assert.equal(res.status, 200, value);
      assert.deepEqual(res.body.data, {}, value);
    }
    assert.equal(s.calls.get, 0);
  });

  test('T19 IN-04 property (10k cases): random printable and binary garbage up to the size cap never escapes', async () => {
    const s = serverApp();
    const mw = s.mw as unknown as AnyMiddleware;
    const parts = fc.array(fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('', 'x', '-1', '1e309', '0x10', '007', '18446744073709551616')), { maxLength: 8 });
    const raw = fc.oneof(
      parts.map((p) => `sid=s%3A${p.join('.')}`),
      parts.map((p) => `sid=${p.join('.')}`),
      fc.uint8Array({ maxLength: 4200 }).map((bytes) => `sid=${Buffer.from(bytes).toString('latin1')}`),
      fc.string({ unit: 'binary', maxLength: 500 }),
    );
    await fc.assert(
      fc.asyncProperty(raw, async (header) => anonymousOutcome(await drive(mw, header), JSON.stringify(header).slice(0, 100))),
      { numRuns: 10_000 },
    );
    assert.equal(s.calls.create + s.calls.update + s.calls.touch, 0);
  });

  test('T20 prototype payloads (ST-08): a stored {"__proto__":…,"constructor":…} record changes no prototype; hostile cookie names do not crash', async () => {
    const s = serverApp({}, protoRoute);
    const value = mustIssue(await request(s.app).get('/write'), 'sid');
    const now = s.clock.now();
    const ok = await s.store.update(hashStoreKey(idOf(value)), { set: JSON.parse(PROTO_PAYLOAD) as Record<string, unknown>, unset: [], expiresAt: now + 60_000, lastSeenAt: now });
    assert.equal(ok, true);
    const res = await request(s.app).get('/proto').set('Cookie', `sid=${value}`);
    assert.deepEqual(res.body, { isAdmin: null, objectIsAdmin: null, objectX: null, ownProto: 'own class' });
    const crash = await request(s.app).get('/read').set('Cookie', `__proto__=1; constructor=2; hasOwnProperty=3; sid=${value}`);
    assert.equal(crash.status, 200);
    assert.equal(crash.body.proto, null);
  });

  test('T21 oversize (CK-07): not applicable — the cookie is a constant-size reference whatever the data', async () => {
    const s = serverApp({}, (app) =>
      app.get('/big', (req, res) => {
        req.session.blob = 'x'.repeat(100_000);
        res.send('ok');
      }),
    );
    const small = mustIssue(await request(s.app).get('/write'), 'sid');
    const big = mustIssue(await request(s.app).get('/big'), 'sid');
    assert.equal(decodeURIComponent(big).length, decodeURIComponent(small).length);
    assert.ok(`sid=${big}`.length < 200);
  });

  test('T22 chunking (ST-10): not applicable — no chunks; sid.0/sid.1 halves are not reassembled; a >16 KiB header is refused by Node, not crashed', async () => {
    const s = serverApp();
    const value = mustIssue(await request(s.app).get('/write'), 'sid');
    const half = Math.floor(value.length / 2);
    assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid.0=${value.slice(0, half)}; sid.1=${value.slice(half)}`)).body.data, {});
    const huge = Array.from({ length: 300 }, (_, i) => `c${i}=${'v'.repeat(60)}`).join('; ');
    assert.equal((await request(s.app).get('/read').set('Cookie', `${huge}; sid=${value}`)).status, 431);
    const out = await drive(s.mw as unknown as AnyMiddleware, `${huge}; sid=${value}`);
    assert.equal(out.thrown, undefined);
    assert.deepEqual(out.nextErrors, []);
    assert.equal((out.data as { count?: number }).count, 1, 'in-process (no Node header limit) the session still opens');
  });
});

describe('cookieSession(): keys and payloads', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  test('T17 key rotation (KR-01, KR-02, KR-03): a k1 seal is accepted by [k2 primary, k1] and re-issued with kid k2; dead once k1 is removed', async () => {
    const before = cookieApp({ keys: { k1 } });
    const old = mustIssue(await request(before.app).get('/login/alice'), 'session');
    assert.equal(old.split('.')[1], 'k1');
    const rotated = cookieApp({ keys: { k2, k1 }, primaryKey: 'k2' });
    const res = await request(rotated.app).get('/read').set('Cookie', `session=${old}`);
    assert.equal(res.body.data.user, 'alice');
    const resealed = mustIssue(res, 'session');
    assert.equal(resealed.split('.')[1], 'k2', 're-issued with the primary in the same response');
    const after = cookieApp({ keys: { k2 } });
    assert.deepEqual((await request(after.app).get('/read').set('Cookie', `session=${old}`)).body.data, {});
    assert.deepEqual(reasons(after.events), ['unknown_key']);
    assert.equal((await request(after.app).get('/read').set('Cookie', `session=${resealed}`)).body.data.user, 'alice');
  });

  test('T18 hostile kid (ST-07, IN-04): __proto__, constructor, toString, hasOwnProperty, empty, 10 kB, non-ASCII → anonymous', async () => {
    const c = cookieApp({ keys: { k1 } });
    const parts = mustIssue(await request(c.app).get('/login/alice'), 'session').split('.');
    for (const kid of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', '', 'k'.repeat(10_000), '\u00e9', '\u00c3\u00a9']) {
      const forged = [parts[0], kid, ...parts.slice(2)].join('.');
      const res = await request(c.app).get('/read').set('Cookie', `session=${forged}`);
      assert.equal(res.status, 200, kid.slice(0, 20));
      assert.deepEqual(res.body.data, {}, kid.slice(0, 20));
    }
    // The 10 kB one is dropped by the size bound before the sealer (IN-03) and reported as
    // `oversized`, like the server mode does (IN-04); the other eight fail in the sealer.
    assert.equal(reasons(c.events).length, 9);
    assert.deepEqual(reasons(c.events).filter((r) => r === 'oversized'), ['oversized']);
  });

  test('T19 structure fuzz (ST-06, ST-07): wrong part counts, empty parts, and sealed deadlines x, -1, 1e309, 0x10, 007, 2^64 → anonymous', async () => {
    const c = cookieApp({ keys: { t1: k1 } });
    const parts = mustIssue(await request(c.app).get('/login/alice'), 'session').split('.');
    const structural = [parts.slice(0, 4), [...parts, 'x'], [...parts.slice(0, 2), '', ...parts.slice(3)], parts.map(() => ''), ['v2', ...parts.slice(1)], ['v1']].map((p) => p.join('.'));
    for (const value of structural) assert.deepEqual((await request(c.app).get('/read').set('Cookie', `session=${value}`)).body.data, {}, value);
    const now = c.clock.now();
    for (const bad of ['"x"', '-1', '1e309', '"0x10"', '0x10', '007', '18446744073709551616', 'null', '1.5', '[]', '{}', 'NaN']) {
      for (const field of ['iat', 'cat', 'exp', 'abs'] as const) {
        const seal = forgeSeal(k1, 't1', { name: 'session' }, payloadText(now, '{"user":"mallory"}', { [field]: bad }));
        const res = await request(c.app).get('/read').set('Cookie', `session=${seal}`);
        assert.equal(res.status, 200, `${field}=${bad}`);
        assert.deepEqual(res.body.data, {}, `${field}=${bad}`);
      }
    }
    for (const text of ['not json', '[]', 'null', '1', '"s"', payloadText(now, '[1]'), payloadText(now, 'null'), payloadText(now, '"d"')]) {
      assert.deepEqual((await request(c.app).get('/read').set('Cookie', `session=${forgeSeal(k1, 't1', { name: 'session' }, text)}`)).body.data, {}, text);
    }
    const control = forgeSeal(k1, 't1', { name: 'session' }, payloadText(now, '{"user":"mallory"}'));
    assert.equal((await request(c.app).get('/read').set('Cookie', `session=${control}`)).body.data.user, 'mallory', 'the forge itself is faithful');
  });

  test('T19 IN-04 property (10k cases): random structures and binary garbage up to the size cap never escape', async () => {
    const c = cookieApp();
    const mw = c.mw as unknown as AnyMiddleware;
    const b64 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), maxLength: 80 });
    const raw = fc.oneof(
      fc.array(fc.oneof(b64, fc.constantFrom('', 'v1', 'x', '-1', '1e309', '0x10', '__proto__')), { maxLength: 8 }).map((p) => `session=${p.join('.')}`),
      fc.uint8Array({ maxLength: 4200 }).map((bytes) => `session=${Buffer.from(bytes).toString('latin1')}`),
      fc.string({ unit: 'binary', maxLength: 500 }),
    );
    await fc.assert(
      fc.asyncProperty(raw, async (header) => {
        const out = await drive(mw, header);
        assert.equal(out.thrown, undefined);
        assert.deepEqual(out.nextErrors, []);
        assert.deepEqual(out.data, {});
      }),
      { numRuns: 10_000 },
    );
  });

  test('T20 prototype payloads (ST-08): a sealed {"__proto__":…,"constructor":…} changes no prototype; hostile cookie names do not crash', async () => {
    const c = cookieApp({ keys: { t1: k1 } }, protoRoute);
    const seal = forgeSeal(k1, 't1', { name: 'session' }, payloadText(c.clock.now(), PROTO_PAYLOAD));
    const res = await request(c.app).get('/proto').set('Cookie', `session=${seal}`);
    assert.deepEqual(res.body, { isAdmin: null, objectIsAdmin: null, objectX: null, ownProto: 'own class' });
    const crash = await request(c.app).get('/read').set('Cookie', `__proto__=1; constructor=2; hasOwnProperty=3; session=${seal}`);
    assert.equal(crash.status, 200);
    assert.equal(crash.body.proto, null);
  });

  test('T21 oversize (CK-07, ST-10): name+value of 4095 and 4096 bytes is emitted; 4097 is CookieTooLargeError with no Set-Cookie', async () => {
    const key = newSecret();
    const probe = cookieApp({ keys: [key] });
    const now = probe.clock.now();
    const sealer = createSealer({ keys: [key] });
    const times = { createdAt: now, idleExpiresAt: now + 1_800_000, absoluteExpiresAt: now + 43_200_000 };
    const sealLength = (n: number) => sealer.seal({ blob: 'x'.repeat(n) }, { name: 'n', purpose: 'session', context: 'parts=1' }, times, now).length;
    for (const target of [4095, 4096, 4097]) {
      let found: { n: number; name: string } | undefined;
      for (let n = 2900; n < 3000 && !found; n++) {
        const pad = target - sealLength(n) - 'session'.length;
        if (pad >= 0 && pad <= 20) found = { n, name: `session${'x'.repeat(pad)}` };
      }
      assert.ok(found, `a blob size reaching ${target}`);
      const c = cookieApp({ keys: [key], name: found.name }, (app) =>
        app.get('/fill/:n', (req, res) => {
          cs(req).blob = 'x'.repeat(Number(req.params.n));
          res.send('filled');
        }),
      );
      const res = await request(c.app).get(`/fill/${found.n}`);
      if (target <= 4096) {
        assert.equal(res.status, 200, `${target}`);
        const value = mustIssue(res, found.name);
        assert.equal(found.name.length + value.length, target);
      } else {
        assert.equal(res.status, 500);
        assert.equal(res.body.code, 'ERR_SESSION_COOKIE_TOO_LARGE');
        assert.deepEqual(setCookies(res), [], 'no partial Set-Cookie');
      }
    }
  });

  test('T22 chunking (ST-10): 3 → 1 chunks clears .1/.2; spliced or missing chunks → anonymous; >16 KiB header is graceful', async () => {
    const c = cookieApp({ chunking: true }, (app) =>
      app.get('/fill/:n', (req, res) => {
        cs(req).blob = 'x'.repeat(Number(req.params.n));
        res.send('filled');
      }),
    );
    const bigA = await request(c.app).get('/fill/8000');
    const chunksA = [0, 1, 2].map((i) => mustIssue(bigA, `session.${i}`));
    const header = chunksA.map((v, i) => `session.${i}=${v}`).join('; ');
    assert.equal((await request(c.app).get('/read').set('Cookie', header)).body.data.blob.length, 8000);
    const shrink = await request(c.app).get('/fill/10').set('Cookie', header);
    assert.ok(mustIssue(shrink, 'session'), 'one chunk travels under the plain name');
    assert.ok([0, 1, 2].every((i) => clearsCookie(shrink, `session.${i}`)), JSON.stringify(setCookies(shrink)));
    const bigB = await request(c.app).get('/fill/8000');
    const chunksB = [0, 1, 2].map((i) => mustIssue(bigB, `session.${i}`));
    const spliced = `session.0=${chunksA[0]}; session.1=${chunksB[1]}; session.2=${chunksA[2]}`;
    const missing = `session.0=${chunksA[0]}; session.2=${chunksA[2]}`;
    for (const bad of [spliced, missing]) assert.deepEqual((await request(c.app).get('/read').set('Cookie', bad)).body.data, {}, bad.slice(0, 40));
    const huge = `${header}; pad=${'p'.repeat(17_000)}`;
    assert.equal((await request(c.app).get('/read').set('Cookie', huge)).status, 431, 'Node refuses the header before satchel runs');
    const out = await drive(c.mw as unknown as AnyMiddleware, huge);
    assert.equal(out.thrown, undefined);
    assert.deepEqual(out.nextErrors, []);
    assert.equal((out.data as { blob?: string }).blob?.length, 8000, 'in-process the chunks still open');
  });
});

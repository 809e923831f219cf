/**
 * Battery T23–T29 (security.md §6.2): cookie attributes, configuration validation, transport
 * and proxy, duplicate cookies, prefix spoofing, legacy syntax and alternate transports, for
 * `session()` and `cookieSession()`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import express from 'express';
import type { RequestHandler } from 'express';
import request from 'supertest';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import { session } from '../../src/adapters/express/middleware.js';
import { SessionOptionsError } from '../../src/errors.js';
import { attributes, cookieApp, cs, mustIssue, newSecret, reasons, serverApp, setCookieLine } from './support/apps.js';

const DAY = 24 * 3_600_000;
const MAX_AGE_CAP = 34_560_000;

function withProduction(run: () => void): void {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    run();
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}

function assertOptionsError(run: () => unknown, label: string): void {
  assert.throws(run, (error: unknown) => error instanceof SessionOptionsError && error.code === 'ERR_SESSION_OPTIONS', label);
}

/** Attribute assertions shared by both modes (CK-01…CK-06). */
function assertSecureDefaults(line: string, name: string): Map<string, string> {
  assert.ok(line.startsWith(`${name}=`), `literal default name ${name}: ${line}`);
  const attrs = attributes(line);
  assert.ok(attrs.has('secure'), 'Secure');
  assert.ok(attrs.has('httponly'), 'HttpOnly');
  assert.equal(attrs.get('samesite'), 'Lax');
  assert.equal(attrs.get('path'), '/');
  assert.equal(attrs.has('domain'), false, 'no Domain');
  return attrs;
}

const SPOOFS = (name: string) => [`%5F%5F${name.slice(2)}`, Buffer.from(`\u2000${name}`).toString('latin1'), name.toLowerCase(), `$${name}`, `${name}x`];

describe('session(): cookies, configuration and parsing', () => {
  test('T23 attribute snapshot (CK-01…CK-06, CK-09): __Host-sid, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain; Max-Age capped', async () => {
    const s = serverApp({}, (app) =>
      app.get('/remember/:ms', (req, res) => {
        req.session.cookie.maxAge = Number(req.params.ms);
        req.session.user = 'alice';
        res.send('ok');
      }),
    );
    assertSecureDefaults(setCookieLine(await request(s.app).get('/write').set('X-Forwarded-Proto', 'https'), '__Host-sid')!, '__Host-sid');
    // A configured 500-day lifetime is capped at 400 days (a runtime one too: the next test).
    const capped = serverApp({ cookie: { maxAge: 500 * DAY } });
    const long = setCookieLine(await request(capped.app).get('/write').set('X-Forwarded-Proto', 'https'), '__Host-sid')!;
    assert.equal(Number(attributes(long).get('max-age')), MAX_AGE_CAP, long);
    // A 2 h "remember me" inside the 12 h absolute bound: after 11 h of activity Max-Age ≤ the hour left.
    const remembered = await request(s.app).get(`/remember/${2 * 3_600_000}`).set('X-Forwarded-Proto', 'https');
    let value = mustIssue(remembered, '__Host-sid');
    let last = remembered;
    for (let hour = 1; hour <= 11; hour++) {
      s.clock.advance(3_600_000);
      last = await request(s.app).get('/read').set('X-Forwarded-Proto', 'https').set('Cookie', `__Host-sid=${value}`);
      assert.equal(last.body.data.user, 'alice');
      value = mustIssue(last, '__Host-sid');
    }
    assert.ok(Number(attributes(setCookieLine(last, '__Host-sid')!).get('max-age')) <= 3600);
  });

  test('T23 CK-09: a runtime cookie.maxAge of 500 days ("remember me") is sent as Max-Age ≤ 34,560,000 and the server record lives ≤ 400 days', async () => {
    const s = serverApp({}, (app) => {
      app.get('/remember', (req, res) => {
        req.session.cookie.maxAge = 500 * DAY;
        req.session.user = 'alice';
        res.json({ maxAge: req.session.cookie.maxAge, original: req.session.cookie.originalMaxAge });
      });
      app.get('/remember-expires', (req, res) => {
        req.session.cookie.expires = new Date(s.clock.now() + 500 * DAY);
        req.session.user = 'bob';
        res.send('ok');
      });
    });
    const res = await request(s.app).get('/remember').set('X-Forwarded-Proto', 'https');
    const line = setCookieLine(res, '__Host-sid')!;
    assert.equal(Number(attributes(line).get('max-age')), MAX_AGE_CAP, line);
    assert.deepEqual(res.body, { maxAge: 400 * DAY, original: 400 * DAY }, 'the value reads back capped');
    const [record] = await s.store.all();
    assert.ok(record!.record.expiresAt - s.clock.now() <= 400 * DAY, `server record lives ${(record!.record.expiresAt - s.clock.now()) / DAY} days`);
    const viaExpires = setCookieLine(await request(s.app).get('/remember-expires').set('X-Forwarded-Proto', 'https'), '__Host-sid')!;
    assert.ok(Number(attributes(viaExpires).get('max-age')) <= MAX_AGE_CAP, viaExpires);
    for (const { record: stored } of await s.store.all()) assert.ok(stored.expiresAt - s.clock.now() <= 400 * DAY);
  });

  test('T24 config validation (CK-04, CK-08, ST-09): bad prefixes, insecure production, SameSite=None without Secure, bad names and weak secrets throw at startup', () => {
    const secret = newSecret();
    assertOptionsError(() => session({ secret, name: '__Host-sid', cookie: { domain: 'example.com' } }), '__Host- with domain');
    assertOptionsError(() => session({ secret, name: '__Host-sid', cookie: { path: '/app' } }), '__Host- with path');
    withProduction(() => assertOptionsError(() => session({ secret, cookie: { secure: false } }), 'secure:false in production'));
    assertOptionsError(() => session({ secret, cookie: { sameSite: 'none', secure: false } }), 'SameSite=None without Secure');
    // 'auto' would send SameSite=None without Secure on plain HTTP: refused like cookieSession().
    assertOptionsError(() => session({ secret, cookie: { sameSite: 'none', secure: 'auto' } }), "SameSite=None with secure: 'auto'");
    assertOptionsError(() => session({ secret, cookie: { sameSite: 'none' } }), 'SameSite=None with the default secure');
    assert.doesNotThrow(() => session({ secret, cookie: { sameSite: 'none', secure: true } }));
    for (const name of ['a;b', 'a=b', 'a b', 'a\u0001b', 'caf\u00e9', '']) assertOptionsError(() => session({ secret, name }), `name ${JSON.stringify(name)}`);
    for (const weak of ['short', 'keyboard cat', 'a'.repeat(32), 'abababababababababababababababab']) assertOptionsError(() => session({ secret: weak }), weak);
  });

  test('T25 transport and proxy (CK-01): plain HTTP gets no Secure cookie; a spoofed X-Forwarded-Proto is ignored without trust proxy', async () => {
    const app = express();
    app.use(session({ secret: newSecret() }) as unknown as RequestHandler);
    app.get('/write', (req, res) => {
      req.session.n = 1;
      res.send('ok');
    });
    for (const res of [await request(app).get('/write'), await request(app).get('/write').set('X-Forwarded-Proto', 'https')]) {
      const line = setCookieLine(res, 'sid');
      assert.ok(line, 'the non-prefixed development name');
      assert.equal(attributes(line).has('secure'), false);
      assert.equal(setCookieLine(res, '__Host-sid'), undefined);
    }
    const trusted = serverApp();
    assert.ok(setCookieLine(await request(trusted.app).get('/write').set('X-Forwarded-Proto', 'https'), '__Host-sid'), 'with trust proxy the header counts');
  });

  test('T25 CK-01: in production a plain-HTTP request never gets a non-Secure session cookie; the write fails with ERR_SESSION_INSECURE_COOKIE, reads still work', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const s = serverApp();
      const plain = express();
      const errors: string[] = [];
      plain.use(s.mw as unknown as RequestHandler);
      plain.get('/write', (req, res) => {
        req.session.user = 'alice';
        res.send('ok');
      });
      plain.get('/health', (_req, res) => res.send('up'));
      plain.use(((error, _req, res, _next) => {
        errors.push(String(error.message));
        res.status(500).json({ code: error.code });
      }) as express.ErrorRequestHandler);
      const res = await request(plain).get('/write').set('Host', 'example.com');
      const line = setCookieLine(res, 'sid');
      assert.ok(line === undefined || attributes(line).has('secure'), `production sent ${line}`);
      assert.deepEqual(res.body, { code: 'ERR_SESSION_INSECURE_COOKIE' });
      assert.match(errors[0]!, /trust proxy/, 'the message says how to fix it');
      assert.equal(await s.store.length(), 0, 'nothing stored for a cookie that cannot go out');
      // localhost is no exception in production (as in cookieSession()), and untouched sessions pass.
      assert.deepEqual((await request(plain).get('/write')).body, { code: 'ERR_SESSION_INSECURE_COOKIE' });
      const health = await request(plain).get('/health');
      assert.equal(health.text, 'up');
      assert.deepEqual(setCookieLine(health, 'sid'), undefined);
      // Behind a TLS proxy with trust proxy (the bench's setup) it is a Secure __Host- cookie.
      const proxied = setCookieLine(await request(s.app).get('/write').set('X-Forwarded-Proto', 'https'), '__Host-sid');
      assert.ok(proxied && attributes(proxied).has('secure'), String(proxied));
      // The explicit flag still allows it.
      const allowed = express();
      allowed.use(session({ secret: newSecret(), allowInsecureCookie: true }) as unknown as RequestHandler);
      allowed.get('/write', (req, res) => {
        req.session.user = 'alice';
        res.send('ok');
      });
      assert.ok(setCookieLine(await request(allowed).get('/write'), 'sid'), 'allowInsecureCookie: true');
      // An explicit save() is refused the same way, before any store call.
      const saving = serverApp({}, (app) =>
        app.get('/save', async (req, res) => {
          req.session.user = 'alice';
          try {
            await req.session.save();
            res.send('saved');
          } catch (error) {
            res.send((error as { code?: string }).code);
          }
        }),
      );
      const refused = await request(saving.app).get('/save');
      assert.deepEqual([refused.status, refused.body], [500, { code: 'ERR_SESSION_INSECURE_COOKIE' }]);
      assert.equal(saving.calls.create, 0);
    } finally {
      if (before === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = before;
    }
  });

  test('T26 duplicate cookies (IN-02, DET-01): in header order the first that verifies wins, deterministically, with a duplicate event', async () => {
    const s = serverApp();
    const attacker = mustIssue(await request(s.app).get('/cart'), 'sid');
    const victim = mustIssue(await request(s.app).get('/write'), 'sid');
    for (let round = 0; round < 3; round++) {
      assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${attacker}; sid=${victim}`)).body.data, { cart: 'apple', tracking: 'pre-login' });
      assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${victim}; sid=${attacker}`)).body.data, { count: 1 });
      assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=junk; sid=${victim}`)).body.data, { count: 1 });
      assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${victim}; sid=junk`)).body.data, { count: 1 });
    }
    assert.equal(reasons(s.events).filter((r) => r === 'duplicate').length, 12);
  });

  test('T27 prefix spoofing (IN-01): %5F%5FHost-sid, U+2000 bytes, __host-sid, $__Host-sid are not __Host-sid', async () => {
    const s = serverApp();
    const value = mustIssue(await request(s.app).get('/write').set('X-Forwarded-Proto', 'https'), '__Host-sid');
    const gets = s.calls.get;
    for (const spoof of SPOOFS('__Host-sid')) {
      const res = await request(s.app).get('/read').set('X-Forwarded-Proto', 'https').set('Cookie', `${spoof}=${value}`);
      assert.deepEqual(res.body.data, {}, spoof);
    }
    assert.equal(s.calls.get, gets, 'no store lookup for a spoofed name');
  });

  test('T27 IN-01: "__Host-sid =v" is the RFC 6265 §5.2 name with trailing whitespace removed (only SP/HTAB are trimmed)', async () => {
    const s = serverApp();
    const value = mustIssue(await request(s.app).get('/write').set('X-Forwarded-Proto', 'https'), '__Host-sid');
    const res = await request(s.app).get('/read').set('X-Forwarded-Proto', 'https').set('Cookie', `__Host-sid =${value}`);
    assert.deepEqual(res.body.data, { count: 1 });
    const nbsp = await request(s.app).get('/read').set('X-Forwarded-Proto', 'https').set('Cookie', `__Host-sid\u00a0=${value}`);
    assert.deepEqual(nbsp.body.data, {}, 'no other whitespace is trimmed');
  });

  test('T28 legacy and quoted syntax (IN-01): $Version, quoted values, ";" and "\\" in quotes, empty names, bare names → no confusion, no crash', async () => {
    const s = serverApp();
    const value = mustIssue(await request(s.app).get('/write'), 'sid');
    for (const header of [`$Version=1; sid="${value}"`, `sid="${value}"`, `sid="a;${value}"`, `sid="\\${value}"`, `=${value}`, `=sid=${value}`, 'sid', `sid; =; ==`, `"sid"=${value}`]) {
      const res = await request(s.app).get('/read').set('Cookie', header);
      assert.equal(res.status, 200, header);
      assert.deepEqual(res.body.data, {}, header);
    }
    assert.deepEqual((await request(s.app).get('/read').set('Cookie', `$Version=1; sid=${value}`)).body.data, { count: 1 }, 'the exact token still works');
  });

  test('T29 alternate transports ignored (SID-08): ?sid=, form field, Authorization and x-*-session headers', async () => {
    const s = serverApp({}, (app) => app.post('/read', express.urlencoded({ extended: false }), (req, res) => res.json({ data: { ...req.session, cookie: undefined } })));
    const value = mustIssue(await request(s.app).get('/write'), 'sid');
    const token = decodeURIComponent(value);
    const tries = [
      request(s.app).get(`/read?sid=${value}`),
      request(s.app).get(`/read?sid=${encodeURIComponent(token)}`),
      request(s.app).post('/read').type('form').send({ sid: token }),
      request(s.app).get('/read').set('Authorization', `Bearer ${token}`),
      request(s.app).get('/read').set('x-session', token),
      request(s.app).get('/read').set('x-session-id', token),
      request(s.app).get('/read').set('x-sid', value),
    ];
    for (const res of await Promise.all(tries)) assert.deepEqual(res.body.data, {});
    assert.equal(s.calls.get, 0);
  });
});

describe('cookieSession(): cookies, configuration and parsing', () => {
  test('T23 attribute snapshot (CK-01…CK-06, CK-09): __Host-session, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain; Max-Age ≤ the absolute time left', async () => {
    const c = cookieApp();
    const first = await request(c.app).get('/write').set('X-Forwarded-Proto', 'https');
    const attrs = assertSecureDefaults(setCookieLine(first, '__Host-session')!, '__Host-session');
    assert.ok(Number(attrs.get('max-age')) <= MAX_AGE_CAP);
    let value = mustIssue(first, '__Host-session');
    let last = first;
    for (let step = 0; step < 28; step++) {
      c.clock.advance(25 * 60_000);
      last = await request(c.app).get('/write').set('X-Forwarded-Proto', 'https').set('Cookie', `__Host-session=${value}`);
      value = mustIssue(last, '__Host-session');
    }
    const left = (12 * 3_600_000 - 28 * 25 * 60_000) / 1000;
    assert.ok(Number(attributes(setCookieLine(last, '__Host-session')!).get('max-age')) <= left);
  });

  test('T24 config validation (CK-04, CK-08, ST-09): bad prefixes, insecure production, SameSite=None without Secure, bad names and weak keys throw at startup', () => {
    const keys = [newSecret()];
    assertOptionsError(() => cookieSession({ keys, name: '__Host-s', domain: 'example.com' }), '__Host- with domain');
    assertOptionsError(() => cookieSession({ keys, name: '__Host-s', path: '/app' }), '__Host- with path');
    withProduction(() => assertOptionsError(() => cookieSession({ keys, secure: false }), 'secure:false in production'));
    assertOptionsError(() => cookieSession({ keys, sameSite: 'none' }), 'SameSite=None without Secure');
    for (const name of ['a;b', 'a=b', 'a b', 'a\u0001b', 'caf\u00e9', '']) assertOptionsError(() => cookieSession({ keys, name }), `name ${JSON.stringify(name)}`);
    for (const weak of ['short', 'keyboard cat', 'a'.repeat(32), 'a'.repeat(64), Buffer.alloc(32, 7).toString('base64')]) {
      assertOptionsError(() => cookieSession({ keys: [weak] }), weak);
    }
  });

  test('T25 transport and proxy (CK-01): plain HTTP off localhost is an explicit error; a spoofed X-Forwarded-Proto is ignored without trust proxy', async () => {
    const app = express();
    app.use(cookieSession({ keys: [newSecret()] }) as unknown as RequestHandler);
    app.get('/write', (req, res) => {
      cs(req).n = 1;
      res.send('ok');
    });
    app.use(((error, _req, res, _next) => res.status(500).json({ code: error.code })) as express.ErrorRequestHandler);
    const remote = await request(app).get('/write').set('Host', 'example.com');
    assert.equal(remote.status, 500);
    assert.equal(remote.body.code, 'ERR_SESSION_INSECURE_COOKIE');
    assert.equal(remote.headers['set-cookie'], undefined);
    const spoofed = await request(app).get('/write').set('X-Forwarded-Proto', 'https');
    const line = setCookieLine(spoofed, 'session');
    assert.ok(line && !attributes(line).has('secure'), 'loopback development cookie, not a Secure __Host- one');
    assert.equal(setCookieLine(spoofed, '__Host-session'), undefined);
  });

  test('T26 duplicate cookies (IN-02): in header order the first seal that opens wins, deterministically', async () => {
    const c = cookieApp();
    const attacker = mustIssue(await request(c.app).get('/cart'), 'session');
    const victim = mustIssue(await request(c.app).get('/write'), 'session');
    for (let round = 0; round < 3; round++) {
      assert.equal((await request(c.app).get('/read').set('Cookie', `session=${attacker}; session=${victim}`)).body.data.cart, 'apple');
      assert.deepEqual((await request(c.app).get('/read').set('Cookie', `session=${victim}; session=${attacker}`)).body.data, { count: 1 });
      assert.deepEqual((await request(c.app).get('/read').set('Cookie', `session=junk; session=${victim}`)).body.data, { count: 1 });
      assert.deepEqual((await request(c.app).get('/read').set('Cookie', `session=${victim}; session=junk`)).body.data, { count: 1 });
    }
    // Each of the 12 duplicate requests is reported (IN-02), as in session().
    assert.equal(reasons(c.events).filter((r) => r === 'duplicate').length, 12);
  });

  test('T26 IN-04: an over-limit cookie is dropped unread and reported as rejected { reason: "oversized" }', async () => {
    const c = cookieApp();
    const res = await request(c.app).get('/read').set('Cookie', `session=${'A'.repeat(5000)}`);
    assert.deepEqual(res.body.data, {});
    assert.deepEqual(reasons(c.events), ['oversized']);
  });

  test('T27 prefix spoofing (IN-01): %5F%5FHost-session, U+2000 bytes, __host-session, $__Host-session are not __Host-session', async () => {
    const c = cookieApp();
    const value = mustIssue(await request(c.app).get('/write').set('X-Forwarded-Proto', 'https'), '__Host-session');
    for (const spoof of SPOOFS('__Host-session')) {
      const res = await request(c.app).get('/read').set('X-Forwarded-Proto', 'https').set('Cookie', `${spoof}=${value}`);
      assert.deepEqual(res.body.data, {}, spoof);
    }
    const nbsp = await request(c.app).get('/read').set('X-Forwarded-Proto', 'https').set('Cookie', `__Host-session\u00a0=${value}`);
    assert.deepEqual(nbsp.body.data, {}, 'only SP/HTAB are trimmed');
  });

  test('T28 legacy and quoted syntax (IN-01): $Version, quoted values, ";" and "\\" in quotes, empty names, bare names → no confusion, no crash', async () => {
    const c = cookieApp();
    const value = mustIssue(await request(c.app).get('/write'), 'session');
    for (const header of [`$Version=1; session="${value}"`, `session="${value}"`, `session="a;${value}"`, `session="\\${value}"`, `=${value}`, `=session=${value}`, 'session', 'session; =; ==', `"session"=${value}`]) {
      const res = await request(c.app).get('/read').set('Cookie', header);
      assert.equal(res.status, 200, header);
      assert.deepEqual(res.body.data, {}, header);
    }
    assert.deepEqual((await request(c.app).get('/read').set('Cookie', `$Version=1; session=${value}`)).body.data, { count: 1 });
  });

  test('T29 alternate transports ignored (SID-08): ?session=, form field, Authorization and x-*-session headers', async () => {
    const c = cookieApp({}, (app) => app.post('/read', express.urlencoded({ extended: false }), (req, res) => res.json({ data: cs(req) })));
    const value = mustIssue(await request(c.app).get('/write'), 'session');
    const tries = [
      request(c.app).get(`/read?session=${value}`),
      request(c.app).post('/read').type('form').send({ session: value }),
      request(c.app).get('/read').set('Authorization', `Bearer ${value}`),
      request(c.app).get('/read').set('x-session', value),
      request(c.app).get('/read').set('x-session-token', value),
    ];
    for (const res of await Promise.all(tries)) assert.deepEqual(res.body.data, {});
  });
});

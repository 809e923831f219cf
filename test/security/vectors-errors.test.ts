/**
 * Battery T41, T43, T45–T48 (security.md §6.2): round-trip properties through the middleware,
 * clock skew, no token echo in errors, clearing cookies, store TTL lag and signed-id rotation,
 * for `session()` and `cookieSession()`. T39/T40 (auth state), T42 (Wycheproof) and T44
 * (binding hook) need features satchel does not have: see the report.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import express from 'express';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import type { Response } from 'supertest';
import { drive, type AnyMiddleware } from '../../scripts/fuzz/harness.js';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import { session } from '../../src/adapters/express/middleware.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import { SessionOptionsError } from '../../src/errors.js';
import { attributes, cookieApp, cs, idOf, mustIssue, newSecret, reasons, serverApp, setCookieLine } from './support/apps.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => { close(): void };

// Keys that `req.session` keeps for its own API in each mode; data under them is not restored by design.
const RESERVED = new Set(['cookie', 'id', 'save', 'reload', 'regenerate', 'destroy', 'touch', 'login', 'logout', 'listUserSessions', 'destroyOtherSessions', 'isNew', 'isChanged', 'isPopulated', 'prototype', 'toJSON']);
const dataKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !RESERVED.has(k) && !(k in Object.prototype));
const payload = fc.dictionary(dataKey, fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 6 });
const json = (value: unknown) => JSON.stringify(value);

/** A response with every header but Set-Cookie, the body and `extra` as one string. */
function visible(res: Response, extra = ''): string {
  const headers = Object.entries(res.headers).filter(([name]) => name !== 'set-cookie');
  return `${JSON.stringify(headers)}\n${res.text}\n${extra}`;
}

/** An error handler that echoes everything an app might log or show about an error. */
const echoErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  const e = error as Error & { cause?: Error; code?: string };
  res.status(500).json({ code: e.code, message: e.message, stack: e.stack, cause: e.cause ? `${e.cause.message}\n${e.cause.stack}` : null });
};

describe('session(): vectors, errors and rotation', () => {
  test('T41 round-trip property (through the middleware): any JSON-safe data stored is read back identical', async () => {
    const s = serverApp();
    const mw = s.mw as unknown as AnyMiddleware;
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        const first = await drive(mw, undefined, (session) => Object.assign(session, p));
        const line = first.setCookies.find((c) => c.startsWith('sid='))!;
        const again = await drive(mw, line.slice(0, line.indexOf(';')));
        const { cookie: _cookie, ...data } = again.data!;
        assert.equal(json(data), json(JSON.parse(json(p))));
      }),
      { numRuns: 300 },
    );
  });

  test('T43 clock skew (TO-06): not applicable — one server clock decides; the record is alive at expiresAt−1 ms and dead at expiresAt', async () => {
    const s = serverApp();
    const value = mustIssue(await request(s.app).get('/write'), 'sid');
    const record = (await s.store.all())[0]!.record;
    s.clock.set(record.expiresAt - 1);
    assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${value}`)).body.data, { count: 1 });
    const touched = (await s.store.all())[0]!.record;
    s.clock.set(touched.expiresAt);
    assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${value}`)).body.data, {});
  });

  test('T45 no token echo (DET-02): a real store outage, a bad JSON body and an oversized cookie put no token into body, headers or error text', async () => {
    const db = new Database(':memory:');
    const store = new SqliteStore({ db: db as never, pruneInterval: 0 });
    const app = express();
    app.use(session({ secret: newSecret(), store }) as unknown as RequestHandler);
    app.get('/write', (req, res) => {
      req.session.n = 1;
      res.send('ok');
    });
    app.post('/json', express.json(), (_req, res) => res.send('parsed'));
    app.use(echoErrors);
    const value = mustIssue(await request(app).get('/write'), 'sid');
    const secrets = [value, decodeURIComponent(value), idOf(value)];
    db.close();
    const outage = await request(app).get('/write').set('Cookie', `sid=${value}`);
    assert.equal(outage.status, 500);
    assert.match(outage.body.code, /^ERR_SESSION_STORE/);
    const badJson = await request(app).post('/json').set('Cookie', `sid=${value}`).set('Content-Type', 'application/json').send('{"a":');
    const oversized = await request(app).get('/write').set('Cookie', `sid=${value}${'A'.repeat(5000)}`);
    for (const res of [outage, badJson, oversized]) {
      for (const secret of secrets) assert.equal(visible(res).includes(secret), false, `echoed in ${res.status}: ${res.text.slice(0, 200)}`);
    }
  });

  test('T46 clearing cookie matches (TM-02): destroy() answers with the same Name, Path, Domain, Secure and SameSite as the issuing cookie', async () => {
    const s = serverApp({ name: '__Secure-sid', cookie: { domain: 'example.test', path: '/', sameSite: 'strict' } });
    const issued = await request(s.app).get('/write').set('X-Forwarded-Proto', 'https');
    const issuing = attributes(setCookieLine(issued, '__Secure-sid')!);
    const out = await request(s.app).get('/logout').set('X-Forwarded-Proto', 'https').set('Cookie', `__Secure-sid=${mustIssue(issued, '__Secure-sid')}`);
    const clearing = attributes(setCookieLine(out, '__Secure-sid')!);
    for (const attr of ['path', 'domain', 'secure', 'samesite', 'httponly']) assert.equal(clearing.get(attr), issuing.get(attr), attr);
    assert.equal(clearing.get('max-age'), '0');
    assert.equal(issuing.get('domain'), 'example.test');
  });

  test('T47 store TTL lag (TO-03, STO-02): a record past expiresAt that a lazy store still returns → anonymous, and the record is deleted', async () => {
    const frozen = Date.UTC(2026, 0, 1, 8);
    // A real MemoryStore whose own clock never moves: it returns records whatever their expiresAt, like a lazy TTL.
    const lazy = new MemoryStore({ sweepInterval: 0, now: () => frozen });
    const s = serverApp({ store: lazy });
    const value = mustIssue(await request(s.app).get('/write'), 'sid');
    s.clock.advance(31 * 60_000);
    assert.equal(await lazy.length(), 1, 'the store still serves it');
    const res = await request(s.app).get('/read').set('Cookie', `sid=${value}`);
    assert.deepEqual(res.body.data, {});
    assert.equal(await lazy.length(), 0, 'the engine deleted it');
    assert.ok(s.events.some((e) => e.event === 'expired' && e.payload.reason === 'idle'));
  });

  test('T48 signed-id rotation (KR-02): a cookie signed with the old secret is accepted and re-signed with the new one; rejected after removal', async () => {
    const [oldSecret, newer] = [newSecret(), newSecret()];
    const before = serverApp({ secret: oldSecret });
    const old = mustIssue(await request(before.app).get('/write'), 'sid');
    const both = serverApp({ secret: [newer, oldSecret], store: before.store });
    const res = await request(both.app).get('/read').set('Cookie', `sid=${old}`);
    const resigned = mustIssue(res, 'sid');
    const onlyNew = serverApp({ secret: newer, store: before.store });
    assert.deepEqual((await request(onlyNew.app).get('/read').set('Cookie', `sid=${resigned}`)).body.data, { count: 1 }, 're-signed with the new secret');
    assert.deepEqual((await request(onlyNew.app).get('/read').set('Cookie', `sid=${old}`)).body.data, {});
    assert.deepEqual(reasons(onlyNew.events), ['bad_signature']);
  });
});

describe('cookieSession(): vectors, errors and rotation', () => {
  test('T41 seal round-trip property (ST-01…ST-06, through the middleware): open(seal(p)) ≅ p; two seals of p differ', async () => {
    const c = cookieApp();
    const mw = c.mw as unknown as AnyMiddleware;
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        const first = await drive(mw, undefined, (session) => Object.assign(session, p));
        const second = await drive(mw, undefined, (session) => Object.assign(session, p));
        const line = first.setCookies.find((x) => x.startsWith('session='))!;
        assert.notEqual(line, second.setCookies.find((x) => x.startsWith('session=')), 'fresh IV');
        const again = await drive(mw, line.slice(0, line.indexOf(';')));
        assert.equal(json(again.data), json(JSON.parse(json(p))));
      }),
      { numRuns: 300 },
    );
  });

  test('T41 ST-01: a seal from a key the ring lacks → anonymous', async () => {
    const other = cookieApp();
    const foreign = mustIssue(await request(other.app).get('/write'), 'session');
    const c = cookieApp();
    assert.deepEqual((await request(c.app).get('/read').set('Cookie', `session=${foreign}`)).body.data, {});
    assert.deepEqual(reasons(c.events), ['unknown_key']);
  });

  test('T43 clock skew (TO-06): an expiry of now−skew+1 ms is accepted, now−skew−1 ms refused; negative or NaN skew throws', async () => {
    const c = cookieApp({ clockSkew: 60_000 });
    const start = c.clock.now();
    const value = mustIssue(await request(c.app).get('/write'), 'session');
    const exp = start + 30 * 60_000;
    c.clock.set(exp + 60_000 - 1);
    assert.deepEqual((await request(c.app).get('/read').set('Cookie', `session=${value}`)).body.data, { count: 1 });
    c.clock.set(exp + 60_000 + 1);
    assert.deepEqual((await request(c.app).get('/read').set('Cookie', `session=${value}`)).body.data, {});
    for (const clockSkew of [-1, Number.NaN]) assert.throws(() => cookieSession({ keys: [newSecret()], clockSkew }), SessionOptionsError);
  });

  test('T45 no token echo (DET-02): a failing revocation backend, an oversized seal and a bad JSON body put no cookie value into the response', async () => {
    let down = false;
    const c = cookieApp(
      {
        revoke: () => {
          if (down) throw new Error('revocation backend down');
          return false;
        },
      },
      (app) => {
        app.get('/big', (req, res) => {
          cs(req).blob = 'x'.repeat(5000);
          res.send('ok');
        });
        app.post('/json', express.json(), (_req, res) => res.send('parsed'));
        app.use(echoErrors);
      },
    );
    const value = mustIssue(await request(c.app).get('/write'), 'session');
    down = true;
    const outage = await request(c.app).get('/read').set('Cookie', `session=${value}`);
    assert.equal(outage.status, 500);
    down = false;
    const big = await request(c.app).get('/big').set('Cookie', `session=${value}`);
    assert.equal(big.body.code, 'ERR_SESSION_COOKIE_TOO_LARGE');
    const badJson = await request(c.app).post('/json').set('Cookie', `session=${value}`).set('Content-Type', 'application/json').send('{"a":');
    for (const res of [outage, big, badJson]) {
      for (let i = 0; i + 16 <= value.length; i += 16) assert.equal(visible(res).includes(value.slice(i, i + 16)), false, `${res.status}: ${res.text.slice(0, 200)}`);
    }
  });

  test('T46 clearing cookie matches (TM-02): logout answers with the same Name, Path, Domain, Secure and SameSite as the issuing cookie', async () => {
    const c = cookieApp({ name: '__Secure-s', domain: 'example.test', sameSite: 'strict' });
    const issued = await request(c.app).get('/write').set('X-Forwarded-Proto', 'https');
    const issuing = attributes(setCookieLine(issued, '__Secure-s')!);
    const out = await request(c.app).get('/logout').set('X-Forwarded-Proto', 'https').set('Cookie', `__Secure-s=${mustIssue(issued, '__Secure-s')}`);
    const clearing = attributes(setCookieLine(out, '__Secure-s')!);
    for (const attr of ['path', 'domain', 'secure', 'samesite', 'httponly']) assert.equal(clearing.get(attr), issuing.get(attr), attr);
    assert.equal(clearing.get('max-age'), '0');
  });

  test('T47 store TTL lag (TO-03): not applicable — no store; a seal the browser keeps past its sealed deadline is refused', async () => {
    const c = cookieApp({ clockSkew: 0 });
    const value = mustIssue(await request(c.app).get('/write'), 'session');
    c.clock.advance(30 * 60_000 + 1);
    assert.deepEqual((await request(c.app).get('/read').set('Cookie', `session=${value}`)).body.data, {});
    assert.ok(c.events.some((e) => e.event === 'expired'));
  });

  test('T48 signed-id rotation (KR-02): not applicable — no HMAC layer over ids; the value is a v1 seal whose key rotation is T17', async () => {
    const c = cookieApp();
    const value = mustIssue(await request(c.app).get('/write'), 'session');
    const parts = value.split('.');
    assert.equal(parts.length, 5);
    assert.equal(parts[0], 'v1');
    assert.equal(value.startsWith('s:') || value.startsWith('s%3A'), false);
  });
});

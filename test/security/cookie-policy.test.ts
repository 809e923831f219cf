/**
 * One cookie policy for startup options and every per-request change: `session()`'s cookie
 * function and `req.session.cookie`, `cookieSession()`'s `req.sessionOptions`; the transport
 * rules (Secure over plain HTTP, production) and the cookie prefixes in any letter case.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import request from 'supertest';
import dropIn from '../../src/compat/express-session.js';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import { session } from '../../src/adapters/express/middleware.js';
import type { SessionOptions } from '../../src/adapters/express/middleware.js';
import type { CookieSessionOptions } from '../../src/lifecycle/sealed/options.js';
import { attributes, newSecret, setCookieLine, setCookies } from './support/apps.js';

type Handler = (req: Request & { sessionOptions?: Record<string, unknown> }) => void | Promise<unknown>;

function appOf(middleware: unknown, handler: Handler, trustProxy = false) {
  const app = express();
  if (trustProxy) app.set('trust proxy', true);
  app.use(middleware as RequestHandler);
  app.get('/', async (req, res) => {
    try {
      await handler(req);
      res.send('ok');
    } catch (error) {
      res.status(409).json({ caught: (error as { code?: string }).code });
    }
  });
  app.use(((error, _req, res, _next) => res.status(500).json({ code: error.code, name: error.name })) as ErrorRequestHandler);
  return app;
}

const sessionApp = (options: Partial<SessionOptions>, handler: Handler, trustProxy = false) =>
  appOf(session({ secret: newSecret(), ...options }), handler, trustProxy);
const cookieApp = (options: Partial<CookieSessionOptions>, handler: Handler, trustProxy = false) =>
  appOf(cookieSession({ keys: [newSecret()], ...options }), handler, trustProxy);

function inProduction<T>(run: () => Promise<T>): Promise<T> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  return run().finally(() => {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  });
}

const https = (app: express.Express) => request(app).get('/').set('X-Forwarded-Proto', 'https');
const write = (req: Request) => void ((req.session as unknown as Record<string, unknown>).user = 'alice');

describe('audit L2: per-request cookie changes go through the startup cookie policy', () => {
  test('audit L2: cookieSession() in production refuses req.sessionOptions.secure = false (ERR_SESSION_INSECURE_COOKIE, no cookie)', () =>
    inProduction(async () => {
      const app = cookieApp({}, (req) => {
        req.sessionOptions!.secure = false;
        write(req);
      }, true);
      const res = await https(app);
      assert.deepEqual([res.status, res.body], [500, { code: 'ERR_SESSION_INSECURE_COOKIE', name: 'SessionCookieError' }]);
      assert.deepEqual(setCookies(res), []);
    }));

  test("audit L2: cookieSession() refuses req.sessionOptions.sameSite = 'none' without Secure, in production and out", async () => {
    const dev = cookieApp({}, (req) => {
      req.sessionOptions!.sameSite = 'none';
      write(req);
    });
    const res = await request(dev).get('/');
    assert.deepEqual(res.body, { code: 'ERR_SESSION_COOKIE_INVALID', name: 'SessionCookieError' });
    assert.deepEqual(setCookies(res), []);
    await inProduction(async () => {
      const prod = cookieApp({}, (req) => {
        Object.assign(req.sessionOptions!, { sameSite: 'none', secure: false });
        write(req);
      }, true);
      assert.equal((await https(prod)).body.code, 'ERR_SESSION_INSECURE_COOKIE');
    });
  });

  test('audit L2: cookieSession() save() rejects with the same SessionCookieError; a read-only request is untouched', async () => {
    const app = cookieApp({}, async (req) => {
      req.sessionOptions!.domain = 'example.com'; // a __Host- cookie cannot have a Domain
      if (req.query.write) {
        write(req);
        await (req.session as unknown as { save(): Promise<void> }).save();
      }
    }, true);
    assert.deepEqual((await https(app).query({ write: 1 })).body, { caught: 'ERR_SESSION_COOKIE_INVALID' });
    assert.equal((await https(app)).status, 200);
  });

  test('audit L2: session() cookie function: a per-request refusal is a SessionCookieError through next(err)', () =>
    inProduction(async () => {
      const insecure = sessionApp({ cookie: () => ({ secure: false }) }, write, true);
      assert.deepEqual((await https(insecure)).body, { code: 'ERR_SESSION_INSECURE_COOKIE', name: 'SessionCookieError' });
      const noneWithoutSecure = sessionApp({ cookie: () => ({ sameSite: 'none', secure: false }), allowInsecureCookie: true }, write, true);
      assert.deepEqual((await https(noneWithoutSecure)).body, { code: 'ERR_SESSION_COOKIE_INVALID', name: 'SessionCookieError' });
    }));

  test('audit L2: session() req.session.cookie changes are sent, and refused like the startup options', async () => {
    const allowed = sessionApp({}, (req) => {
      Object.assign(req.session.cookie, { httpOnly: false, sameSite: 'strict' });
      write(req);
    });
    const line = setCookieLine(await request(allowed).get('/'), 'sid')!;
    assert.equal(attributes(line).has('httponly'), false, line);
    assert.equal(attributes(line).get('samesite'), 'Strict');
    const hostDomain = sessionApp({}, (req) => {
      req.session.cookie.domain = 'example.com';
      write(req);
    }, true);
    const refused = await https(hostDomain);
    assert.deepEqual(refused.body, { code: 'ERR_SESSION_COOKIE_INVALID', name: 'SessionCookieError' });
    assert.deepEqual(setCookies(refused), []);
    const caught: unknown[] = [];
    const saved = sessionApp({}, async (req) => {
      req.session.cookie.sameSite = 'none';
      write(req);
      await req.session.save().catch((error: { code?: string }) => caught.push(error.code));
    });
    const afterSave = await request(saved).get('/');
    assert.deepEqual(caught, ['ERR_SESSION_COOKIE_INVALID'], 'save() rejects');
    assert.deepEqual(setCookies(afterSave), [], 'and the response still sends no such cookie');
    await inProduction(async () => {
      const insecure = sessionApp({}, (req) => {
        req.session.cookie.secure = false;
        write(req);
      }, true);
      const res = await https(insecure);
      assert.equal(res.body.code, 'ERR_SESSION_INSECURE_COOKIE');
      assert.deepEqual(setCookies(res), []);
    });
  });
});

describe('audit L3: Secure cookies that browsers would drop', () => {
  test('audit L3: session() with cookie.secure: true over plain HTTP to a non-localhost host fails with ERR_SESSION_INSECURE_COOKIE', async () => {
    const app = sessionApp({ cookie: { secure: true } }, (req) => {
      if (req.query.write) write(req);
    });
    const res = await request(app).get('/?write=1').set('Host', 'example.com');
    assert.deepEqual(res.body, { code: 'ERR_SESSION_INSECURE_COOKIE', name: 'SessionCookieError' });
    assert.deepEqual(setCookies(res), []);
    assert.equal((await request(app).get('/').set('Host', 'example.com')).status, 200, 'a request that sets no cookie passes');
    assert.ok(setCookieLine(await request(app).get('/?write=1'), '__Host-sid'), 'localhost keeps Secure cookies over plain HTTP');
  });

  test('audit L3: cookieSession() with secure: true over plain HTTP to a non-localhost host fails the same way', async () => {
    const app = cookieApp({ secure: true }, write);
    const res = await request(app).get('/').set('Host', 'example.com');
    assert.deepEqual(res.body, { code: 'ERR_SESSION_INSECURE_COOKIE', name: 'SessionCookieError' });
    assert.deepEqual(setCookies(res), []);
  });

  for (const [label, make] of [
    ['session()', () => session({ secret: newSecret() })],
    ['cookieSession()', () => cookieSession({ keys: [newSecret()] })],
  ] as const) {
    test(`audit L3: ${label} warns once when X-Forwarded-Proto: https arrives without trust proxy`, async () => {
      const middleware = make();
      const events: Array<{ code: string }> = [];
      (middleware as { on(event: 'warning', listener: (warning: { code: string }) => void): unknown }).on('warning', (warning) => events.push(warning));
      const app = appOf(middleware, write);
      for (let i = 0; i < 3; i++) await https(app);
      assert.deepEqual(events.map((w) => w.code), ['WARN_SESSION_FORWARDED_PROTO_IGNORED']);
      const trusted = appOf(make(), write, true);
      const processWarnings: string[] = [];
      const onWarning = (warning: Error & { code?: string }) => processWarnings.push(String(warning.code));
      process.on('warning', onWarning);
      try {
        await https(trusted);
        const untrusted = appOf(make(), write);
        for (let i = 0; i < 3; i++) await https(untrusted);
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('warning', onWarning);
      }
      assert.deepEqual(processWarnings, ['WARN_SESSION_FORWARDED_PROTO_IGNORED'], 'without a listener: one process warning, none when trusted');
    });
  }
});

describe('audit L5: cookie prefixes in any letter case', () => {
  test('audit L5: __HOST-sid and __secure-x get the prefix rules in session()', async () => {
    const secret = newSecret();
    assert.throws(() => session({ secret, name: '__HOST-sid', cookie: { domain: 'example.com' } }), { code: 'ERR_SESSION_OPTIONS' });
    assert.throws(() => session({ secret, name: '__HOST-sid', cookie: { path: '/app' } }), { code: 'ERR_SESSION_OPTIONS' });
    assert.throws(() => session({ secret, name: '__secure-x', cookie: { secure: false } }), { code: 'ERR_SESSION_OPTIONS' });
    const line = setCookieLine(await request(sessionApp({ name: '__secure-x' }, write)).get('/'), '__secure-x')!;
    assert.ok(attributes(line).has('secure'), `a __secure- cookie is Secure even on plain HTTP: ${line}`);
  });

  test('audit L5: __HOST-/__secure- names get the prefix rules in cookieSession()', async () => {
    const keys = [newSecret()];
    assert.throws(() => cookieSession({ keys, name: '__HOST-s', path: '/app' }), { code: 'ERR_SESSION_OPTIONS' });
    assert.throws(() => cookieSession({ keys, name: '__HOST-s', domain: 'example.com' }), { code: 'ERR_SESSION_OPTIONS' });
    assert.throws(() => cookieSession({ keys, name: '__secure-x', secure: false }), { code: 'ERR_SESSION_OPTIONS' });
    const app = cookieApp({ name: '__secure-x' }, write, true);
    assert.ok(setCookieLine(await request(app).get('/'), 'x'), 'plain-HTTP localhost: the prefix is dropped');
    assert.ok(attributes(setCookieLine(await https(app), '__secure-x')!).has('secure'));
    const override = cookieApp({ name: '__HOST-s' }, (req) => {
      req.sessionOptions!.path = '/app';
      write(req);
    }, true);
    assert.equal((await https(override)).body.code, 'ERR_SESSION_COOKIE_INVALID');
  });

  test('audit L5: the express-session drop-in applies them under secureDefaults only', () => {
    const secret = newSecret();
    const base = { secret, resave: false, saveUninitialized: false };
    assert.throws(() => dropIn({ ...base, secureDefaults: true, name: '__HOST-x', cookie: { domain: 'example.com' } }), { code: 'ERR_SESSION_OPTIONS' });
    assert.throws(() => dropIn({ ...base, secureDefaults: true, name: '__secure-x', cookie: { secure: false } }), { code: 'ERR_SESSION_OPTIONS' });
    assert.throws(() => dropIn({ ...base, secureDefaults: true, cookie: { sameSite: 'none' } }), { code: 'ERR_SESSION_OPTIONS' });
    assert.doesNotThrow(() => dropIn({ ...base, secureDefaults: true, name: '__Secure-x', cookie: { secure: true, sameSite: 'none' } }));
    assert.doesNotThrow(() => dropIn({ ...base, name: '__HOST-x', cookie: { domain: 'example.com' } }), 'express-session behaviour by default');
  });
});

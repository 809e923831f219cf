import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import type { CookieSession } from '../../src/lifecycle/sealed/session.js';
import type { CookieSessionOptions } from '../../src/lifecycle/sealed/options.js';
import { SessionOptionsError } from '../../src/errors.js';
import { attributesOf, clearsCookie, cookieHeaderFrom, newKey, setCookieFor, setCookies, shouldSetCookie } from './helpers.js';

// Typed through `unknown`: the engine's global Express.Request augmentation types `session` for session().
type Req = { session: CookieSession | null; sessionOptions: Record<string, unknown> };
const session = (req: express.Request) => (req as unknown as Req).session as CookieSession;
const carrier = (req: express.Request) => req as unknown as Req;

function appWith(options: Partial<CookieSessionOptions> = {}, routes?: (app: express.Express) => void) {
  const app = express();
  app.use(cookieSession({ keys: [newKey()], ...options }));
  app.get('/set', (req, res) => {
    for (const [k, v] of Object.entries(req.query)) session(req)[k] = v;
    res.json({ isNew: session(req).isNew, isChanged: session(req).isChanged, isPopulated: session(req).isPopulated });
  });
  app.get('/get', (req, res) => {
    const s = session(req);
    res.json({ data: s, isNew: s.isNew, isChanged: s.isChanged, isPopulated: s.isPopulated, keys: Object.keys(s) });
  });
  app.get('/logout', (req, res) => {
    carrier(req).session = null;
    res.json({ after: carrier(req).session });
  });
  routes?.(app);
  app.use((err: Error & { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ code: err.code ?? err.name });
  });
  return app;
}

describe('req.session API', () => {
  test('LC-06: an untouched session sends no cookie', async () => {
    const res = await request(appWith()).get('/get');
    assert.deepEqual(res.body, { data: {}, isNew: true, isChanged: true, isPopulated: false, keys: [] });
    assert.deepEqual(setCookies(res), []);
  });

  test('isNew / isChanged / isPopulated follow the data across requests', async () => {
    const app = appWith();
    const first = await request(app).get('/set?user=ann');
    assert.deepEqual(first.body, { isNew: true, isChanged: true, isPopulated: true });
    const cookie = cookieHeaderFrom(first);
    const second = await request(app).get('/get').set('Cookie', cookie);
    assert.deepEqual(second.body, { data: { user: 'ann' }, isNew: false, isChanged: false, isPopulated: true, keys: ['user'] });
    assert.deepEqual(setCookies(second), [], 'an unchanged, fresh seal is not re-sent');
    const third = await request(app).get('/set?user=bob').set('Cookie', cookie);
    assert.deepEqual(third.body, { isNew: false, isChanged: true, isPopulated: true });
    const fourth = await request(app).get('/get').set('Cookie', cookieHeaderFrom(third));
    assert.deepEqual(fourth.body.data, { user: 'bob' });
  });

  test('methods and flags are non-enumerable; JSON.stringify(req.session) is the data only', async () => {
    const app = appWith({}, (a) =>
      a.get('/shape', (req, res) => {
        const s = session(req);
        s.a = 1;
        const forIn: string[] = [];
        for (const k in s) forIn.push(k);
        res.json({
          json: JSON.stringify(s),
          forIn,
          fns: [typeof s.regenerate, typeof s.save, typeof s.destroy],
          enumerable: ['regenerate', 'save', 'destroy', 'isNew'].map((k) => Object.prototype.propertyIsEnumerable.call(s, k)),
        });
      }),
    );
    const res = await request(app).get('/shape');
    assert.deepEqual(res.body, { json: '{"a":1}', forIn: ['a'], fns: ['function', 'function', 'function'], enumerable: [false, false, false, false] });
  });

  test('TM-02: req.session = null clears the cookie with matching attributes and reads back null', async () => {
    const app = appWith({ path: '/', sameSite: 'strict' });
    const login = await request(app).get('/set?user=ann');
    const res = await request(app).get('/logout').set('Cookie', cookieHeaderFrom(login));
    assert.deepEqual(res.body, { after: null });
    assert.ok(clearsCookie(res, 'session'));
    const attrs = attributesOf(setCookieFor(res, 'session')!);
    assert.equal(attrs.get('path'), '/');
    assert.equal(attrs.get('samesite'), 'Strict');
    assert.ok(attrs.has('httponly'));
    const noCookie = await request(app).get('/logout');
    assert.ok(clearsCookie(noCookie, 'session'), 'cleared even without a cookie, like cookie-session');
  });

  test('req.session = {…} replaces the session; a non-object throws', async () => {
    const app = appWith({}, (a) => {
      a.get('/replace', (req, res) => {
        carrier(req).session = { fresh: true } as unknown as CookieSession;
        res.json({ isNew: session(req).isNew, data: session(req) });
      });
      a.get('/bad', (req, res) => {
        try {
          (req as unknown as { session: unknown }).session = 'str';
          res.json({ threw: false });
        } catch (e) {
          res.json({ threw: (e as Error).message });
        }
      });
    });
    const old = await request(app).get('/set?x=1');
    const res = await request(app).get('/replace').set('Cookie', cookieHeaderFrom(old));
    assert.deepEqual(res.body, { isNew: true, data: { fresh: true } });
    const next = await request(app).get('/get').set('Cookie', cookieHeaderFrom(res));
    assert.deepEqual(next.body.data, { fresh: true });
    assert.match((await request(app).get('/bad')).body.threw, /null or an object/);
  });

  test('destroy() logs out; regenerate() starts an empty session', async () => {
    const app = appWith({}, (a) => {
      a.get('/destroy', (req, res, next) => session(req).destroy((err) => (err ? next(err) : res.json({ s: carrier(req).session }))));
      a.get('/regen', async (req, res) => {
        await session(req).regenerate();
        session(req).after = 1;
        res.json({ data: session(req), isNew: session(req).isNew });
      });
    });
    const c = cookieHeaderFrom(await request(app).get('/set?before=1'));
    const d = await request(app).get('/destroy').set('Cookie', c);
    assert.deepEqual(d.body, { s: null });
    assert.ok(clearsCookie(d, 'session'));
    const r = await request(app).get('/regen').set('Cookie', c);
    assert.deepEqual(r.body, { data: { after: 1 }, isNew: true });
    assert.deepEqual((await request(app).get('/get').set('Cookie', cookieHeaderFrom(r))).body.data, { after: 1 });
  });

  test('req.sessionOptions overrides cookie settings for one response, prototype-chained', async () => {
    const app = appWith({}, (a) =>
      a.get('/short', (req, res) => {
        const o = carrier(req).sessionOptions;
        const ownKeys = Object.keys(o);
        o.persistent = false;
        o.sameSite = 'strict';
        session(req).x = 1;
        res.json({ ownKeys, inherited: o.httpOnly });
      }),
    );
    const res = await request(app).get('/short');
    assert.deepEqual(res.body, { ownKeys: [], inherited: true });
    const attrs = attributesOf(setCookieFor(res, 'session')!);
    assert.equal(attrs.has('max-age'), false);
    assert.equal(attrs.has('expires'), false);
    assert.equal(attrs.get('samesite'), 'Strict');
    const other = await request(app).get('/set?y=1');
    assert.equal(attributesOf(setCookieFor(other, 'session')!).get('samesite'), 'Lax', 'other requests keep the defaults');
  });
});

describe('cookie attributes and defaults', () => {
  test('T23 CK-02 CK-03 CK-06: plain-HTTP localhost gets `session`, HttpOnly, SameSite=Lax, Path=/, no Domain, no Secure', async () => {
    const res = await request(appWith()).get('/set?a=1');
    const header = setCookieFor(res, 'session')!;
    const attrs = attributesOf(header);
    assert.ok(attrs.has('httponly'));
    assert.equal(attrs.get('samesite'), 'Lax');
    assert.equal(attrs.get('path'), '/');
    assert.equal(attrs.has('domain'), false);
    assert.equal(attrs.has('secure'), false);
  });

  test('T23 CK-01 CK-04 CK-05: over HTTPS (trust proxy) the cookie is __Host-session, Secure', async () => {
    const app = appWith();
    app.set('trust proxy', 'loopback');
    const res = await request(app).get('/set?a=1').set('X-Forwarded-Proto', 'https');
    const header = setCookieFor(res, '__Host-session');
    assert.ok(header, JSON.stringify(setCookies(res)));
    assert.ok(attributesOf(header).has('secure'));
    const back = await request(app).get('/get').set('X-Forwarded-Proto', 'https').set('Cookie', cookieHeaderFrom(res));
    assert.deepEqual(back.body.data, { a: '1' });
    const downgraded = await request(app).get('/get').set('Cookie', cookieHeaderFrom(res).replace('__Host-session', 'session'));
    assert.deepEqual(downgraded.body.data, {}, 'a seal bound to __Host-session does not open as session (ST-02)');
  });

  test('T25 CK-01: a spoofed X-Forwarded-Proto is ignored without trust proxy', async () => {
    const res = await request(appWith()).get('/set?a=1').set('X-Forwarded-Proto', 'https');
    assert.equal(setCookieFor(res, '__Host-session'), undefined);
    assert.ok(setCookieFor(res, 'session'));
  });

  test('T25 CK-01: plain HTTP to a non-localhost host is an explicit error, never a dropped cookie', async () => {
    const res = await request(appWith()).get('/set?a=1').set('Host', 'example.com');
    assert.equal(res.status, 500);
    assert.equal(res.body.code, 'ERR_SESSION_INSECURE_COOKIE');
    assert.deepEqual(setCookies(res), []);
  });

  test('T23 CK-09: Max-Age never outlives the sealed idle or absolute deadline', async () => {
    let now = 1_700_000_000_000;
    const app = appWith({ idleTimeout: 600_000, absoluteTimeout: 900_000, rolling: true, now: () => now });
    const first = await request(app).get('/set?a=1');
    assert.equal(attributesOf(setCookieFor(first, 'session')!).get('max-age'), '600');
    now += 500_000;
    const later = await request(app).get('/get').set('Cookie', cookieHeaderFrom(first));
    const attrs = attributesOf(setCookieFor(later, 'session')!);
    assert.equal(attrs.get('max-age'), '400', 'capped by the absolute deadline');
    assert.equal(new Date(attrs.get('expires')!).getTime(), now + 400_000);
  });

  test('T24 CK-04 CK-08 ST-09: bad configurations throw at construction with SessionOptionsError', () => {
    const key = newKey();
    const bad: Array<Partial<CookieSessionOptions>> = [
      { keys: ['keyboard cat'] },
      { keys: ['a'.repeat(64)] },
      { keys: [key], name: '__Host-x', domain: 'example.com' },
      { keys: [key], name: '__Host-x', path: '/app' },
      { keys: [key], name: 'a;b' },
      { keys: [key], name: 'a b' },
      { keys: [key], name: 'sé' },
      { keys: [key], sameSite: 'none' },
      { keys: [key], idleTimeout: 0 },
      { keys: [key], idleTimeout: 10_000, absoluteTimeout: 5_000 },
      { keys: [key], absoluteTimeout: 401 * 24 * 3_600_000 },
      { keys: [key], clockSkew: -1 },
      { keys: [key], chunking: { maxChunks: 20 } },
    ];
    for (const options of bad) {
      assert.throws(() => cookieSession(options as CookieSessionOptions), SessionOptionsError, JSON.stringify(options));
    }
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      assert.throws(() => cookieSession({ keys: [key], secure: false }), SessionOptionsError);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});

describe('development over plain HTTP', () => {
  test('CK-01: an explicit secure: false outside production uses the plain name and no Secure attribute', async () => {
    const res = await request(appWith({ secure: false })).get('/set?a=1');
    const line = setCookieFor(res, 'session');
    assert.ok(line, 'a `session` cookie is set');
    assert.doesNotMatch(line, /;\s*Secure/i);
  });
});

describe('expiry and renewal (TO-01, TO-02, TO-04, TO-05)', () => {
  test('T08 TO-01: no activity for idle+skew → a fresh session and an `expired` idle event', async () => {
    let now = 1_700_000_000_000;
    const mw = cookieSession({ keys: [newKey()], idleTimeout: 60_000, absoluteTimeout: 3_600_000, clockSkew: 0, now: () => now });
    const events: unknown[] = [];
    mw.on('expired', (e) => events.push(e));
    const app = express().use(mw);
    app.get('/set', (req, res) => ((session(req).a = 1), res.end()));
    app.get('/get', (req, res) => res.json(session(req)));
    const c = cookieHeaderFrom(await request(app).get('/set'));
    now += 60_001;
    const res = await request(app).get('/get').set('Cookie', c);
    assert.deepEqual(res.body, {});
    assert.deepEqual(events, [{ reason: 'idle' }]);
    assert.ok(clearsCookie(res, 'session'));
  });

  test('T08 TO-02 TO-05: activity every idle−1 s keeps a session only until the absolute deadline', async () => {
    let now = 1_700_000_000_000;
    const mw = cookieSession({ keys: [newKey()], idleTimeout: 60_000, absoluteTimeout: 300_000, clockSkew: 0, now: () => now });
    const events: unknown[] = [];
    mw.on('expired', (e) => events.push(e));
    const app = express().use(mw);
    app.get('/set', (req, res) => ((session(req).a = 1), res.end()));
    app.get('/get', (req, res) => res.json(session(req)));
    let cookie = cookieHeaderFrom(await request(app).get('/set'));
    let alive = 0;
    for (let i = 0; i < 10; i++) {
      now += 59_000;
      const res = await request(app).get('/get').set('Cookie', cookie);
      if (res.body.a !== 1) break;
      alive++;
      // Read-only requests re-seal once half the idle window has passed (touchAfter).
      shouldSetCookie(res, 'session');
      cookie = cookieHeaderFrom(res);
    }
    assert.equal(alive, 5, '5 × 59 s fits in 300 s, the 6th request is past the absolute deadline');
    assert.deepEqual(events, [{ reason: 'absolute' }]);
  });

  test('TO-05: a read-only request within touchAfter does not re-seal; rolling: true always does', async () => {
    let now = 1_700_000_000_000;
    const app = appWith({ idleTimeout: 60_000, now: () => now });
    const rolling = appWith({ idleTimeout: 60_000, rolling: true, now: () => now });
    const c1 = cookieHeaderFrom(await request(app).get('/set?a=1'));
    const c2 = cookieHeaderFrom(await request(rolling).get('/set?a=1'));
    now += 10_000;
    assert.deepEqual(setCookies(await request(app).get('/get').set('Cookie', c1)), []);
    shouldSetCookie(await request(rolling).get('/get').set('Cookie', c2), 'session');
  });
});

describe('response handling (CK-10, CK-11, T38)', () => {
  test('T36 CK-10: a response that sets the session cookie is Cache-Control: no-store; others are untouched', async () => {
    const app = appWith({}, (a) =>
      a.get('/cached', (req, res) => {
        res.set('Cache-Control', 'public, max-age=3600');
        session(req).a = 1;
        res.end();
      }),
    );
    assert.equal((await request(app).get('/cached')).headers['cache-control'], 'no-store');
    assert.equal((await request(app).get('/get')).headers['cache-control'], undefined);
  });

  test('T37 CK-11: other Set-Cookie headers survive, exactly one per session cookie name', async () => {
    const app = appWith({}, (a) =>
      a.get('/others', (req, res) => {
        res.cookie('theme', 'dark');
        res.append('Set-Cookie', 'session=stale; Path=/');
        res.cookie('lang', 'en');
        session(req).a = 1;
        res.end();
      }),
    );
    const names = setCookies(await request(app).get('/others')).map((c) => c.slice(0, c.indexOf('=')));
    assert.deepEqual(names.sort(), ['lang', 'session', 'theme']);
  });

  test('T38: save() after the headers were sent reports ERR_SESSION_HEADERS_SENT', async () => {
    let reportLate: (err: unknown) => void = () => {};
    const late = new Promise<unknown>((resolve) => (reportLate = resolve));
    const app = appWith({}, (a) =>
      a.get('/late', (req, res) => {
        res.end('done', () => {
          session(req).b = 2;
          session(req).save(reportLate);
        });
      }),
    );
    await request(app).get('/late');
    assert.equal(((await late) as { code?: string })?.code, 'ERR_SESSION_HEADERS_SENT');
  });
});

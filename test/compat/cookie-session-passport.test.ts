import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import request from 'supertest';
import { expressVersions, implementations } from './support/side-by-side.js';

const require = createRequire(import.meta.url);
const { Passport } = require('passport') as { Passport: new () => any };
const { Strategy: LocalStrategy } = require('passport-local') as { Strategy: new (verify: (...args: any[]) => void) => unknown };

const USERS = new Map([['ada', { id: 1, username: 'ada', password: 'lovelace' }]]);

// Passport 0.7 calls req.session.regenerate() and .save() on login and logout; cookie-session
// has neither. The drop-in adds them as non-enumerable prototype methods.
function buildApp(makeApp: () => any, factory: (o: unknown) => unknown) {
  const passport = new Passport();
  passport.use(new LocalStrategy((username: string, password: string, done: (e: unknown, u?: unknown) => void) => {
    const user = USERS.get(username);
    done(null, user && user.password === password ? user : false);
  }));
  passport.serializeUser((user: { id: number }, done: (e: unknown, id: number) => void) => done(null, user.id));
  passport.deserializeUser((id: number, done: (e: unknown, u?: unknown) => void) => {
    done(null, [...USERS.values()].find((u) => u.id === id) ?? false);
  });

  const app = makeApp();
  const express = require('express');
  app.use(express.urlencoded({ extended: false }));
  app.use(factory({ keys: ['k1', 'k0'], maxAge: 3_600_000 }));
  app.use(passport.initialize());
  app.use(passport.session());
  app.post('/login', passport.authenticate('local', { failureMessage: false }), (req: any, res: any) => {
    res.end(`hello ${req.user.username} ${JSON.stringify(Object.keys(req.session))}`);
  });
  app.get('/me', (req: any, res: any) => {
    if (!req.user) return res.status(401).end('anonymous');
    res.end(`me ${req.user.username}`);
  });
  app.post('/logout', (req: any, res: any, next: (e?: unknown) => void) => {
    req.logout((err: unknown) => (err ? next(err) : res.end('bye')));
  });
  app.use((err: Error, _req: unknown, res: any, _next: unknown) => res.status(500).end(`error: ${err.message}`));
  return app;
}

for (const [expressName, makeApp] of Object.entries(expressVersions)) {
  describe(`Passport 0.7 with passport-local on the cookie-session drop-in (${expressName})`, () => {
    test('LC-02: login, protected page, logout, protected page refused', async () => {
      const agent = request.agent(buildApp(makeApp, implementations.satchel));
      await agent.get('/me').expect(401, 'anonymous');
      await agent.post('/login').type('form').send({ username: 'ada', password: 'lovelace' })
        .expect(200, 'hello ada ["passport"]');
      await agent.get('/me').expect(200, 'me ada');
      const logout = await agent.post('/logout').expect(200, 'bye');
      // Logout regenerates to an empty session: the old cookies are expired, not kept.
      const cleared = (logout.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';').slice(0, 3).join(';'));
      assert.deepEqual(cleared.map((c) => c.split('=')[0]), ['session', 'session.sig']);
      for (const line of cleared) assert.match(line, /expires=Thu, 01 Jan 1970 00:00:00 GMT/);
      await agent.get('/me').expect(401, 'anonymous');
    });

    test('a failed login sends no session cookie', async () => {
      const res = await request(buildApp(makeApp, implementations.satchel)).post('/login').type('form')
        .send({ username: 'ada', password: 'wrong' }).expect(401);
      assert.equal(res.headers['set-cookie'], undefined);
    });

    test('upstream cookie-session fails the same login (the bug the helpers fix)', async () => {
      await request(buildApp(makeApp, implementations.upstream)).post('/login').type('form')
        .send({ username: 'ada', password: 'lovelace' })
        .expect(500, /regenerate is not a function/);
    });
  });
}

describe('audit F5: data under the helpers\' names is never dropped', () => {
  function stashApp() {
    const app = buildApp(expressVersions['express 5'], implementations.satchel);
    // Registered after buildApp's error handler, which only sees errors: plain requests reach them.
    app.post('/stash', (req: any, res: any) => (Object.assign(req.session, JSON.parse(String(req.query.data))), res.end()));
    app.get('/stash', (req: any, res: any) => res.json({ save: req.session.save, regenerate: req.session.regenerate, destroy: req.session.destroy }));
    return app;
  }

  test('audit F5: save/regenerate/destroy written as data round-trip through the cookie', async () => {
    const agent = request.agent(stashApp());
    const stash = { save: 'draft', regenerate: [1, 2], destroy: { at: 3 } };
    await agent.post('/stash').query({ data: JSON.stringify(stash) }).expect(200);
    assert.deepEqual((await agent.get('/stash').expect(200)).body, stash);
    assert.deepEqual((await agent.get('/stash').expect(200)).body, stash, 'and again: unchanged, still there');
  });

  test('audit F5: Passport 0.7 login and logout still work, also from a session holding data under "save" and "destroy"', async () => {
    const agent = request.agent(stashApp());
    await agent.post('/stash').query({ data: JSON.stringify({ save: 'draft', destroy: 1 }) }).expect(200);
    assert.deepEqual((await agent.get('/stash').expect(200)).body, { save: 'draft', destroy: 1 });
    // Login regenerates first: the new session has every helper again.
    await agent.post('/login').type('form').send({ username: 'ada', password: 'lovelace' }).expect(200, 'hello ada ["passport"]');
    await agent.get('/me').expect(200, 'me ada');
    await agent.post('/logout').expect(200, 'bye');
    await agent.get('/me').expect(401, 'anonymous');
  });

  test('audit F5: a session whose data holds "regenerate" fails Passport login as cookie-session does, never by losing the data', async () => {
    const agent = request.agent(stashApp());
    await agent.post('/stash').query({ data: JSON.stringify({ regenerate: 'mine' }) }).expect(200);
    await agent.post('/login').type('form').send({ username: 'ada', password: 'lovelace' })
      .expect(500, /regenerate is not a function/);
    assert.equal((await agent.get('/stash').expect(200)).body.regenerate, 'mine');
  });
});

describe('the Passport helpers stay out of the data', () => {
  test('regenerate, save and destroy are non-enumerable and do not count for isPopulated', async () => {
    const makeApp = expressVersions['express 5'];
    const app = makeApp();
    app.use(implementations.satchel({ keys: ['k'] }));
    app.get('/', (req: any, res: any) => {
      const s = req.session;
      res.end(JSON.stringify({
        keys: Object.keys(s), json: JSON.stringify(s), populated: s.isPopulated,
        types: [typeof s.regenerate, typeof s.save, typeof s.destroy],
      }));
    });
    const res = await request(app).get('/').expect(200);
    assert.deepEqual(JSON.parse(res.text), { keys: [], json: '{}', populated: false, types: ['function', 'function', 'function'] });
    assert.equal(res.headers['set-cookie'], undefined);
  });

  test('destroy() behaves like req.session = null and calls back', async () => {
    const app = expressVersions['express 5']();
    app.use(implementations.satchel({ keys: ['k'] }));
    app.get('/', (req: any, res: any) => {
      req.session.a = 1;
      req.session.destroy((err: unknown) => res.end(`${err} ${req.session}`));
    });
    const res = await request(app).get('/').expect(200, 'undefined null');
    const lines = res.headers['set-cookie'] as unknown as string[];
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^session=; path=\/; expires=Thu, 01 Jan 1970 00:00:00 GMT/);
    // Like upstream, the expired .sig carries the signature of the empty value.
    assert.match(lines[1], /^session\.sig=[\w-]+; path=\/; expires=Thu, 01 Jan 1970 00:00:00 GMT/);
  });

  test('save() is a no-op that calls back; the cookie is still written with the headers', async () => {
    const app = expressVersions['express 5']();
    app.use(implementations.satchel({ keys: ['k'] }));
    app.get('/', (req: any, res: any) => {
      req.session.a = 1;
      req.session.save(() => res.end('saved'));
    });
    const res = await request(app).get('/').expect(200, 'saved');
    assert.equal((res.headers['set-cookie'] as unknown as string[])[0].split(';')[0], `session=${Buffer.from('{"a":1}').toString('base64')}`);
  });

  test('regenerate() on a fresh request with no cookie sends nothing when left empty', async () => {
    const app = expressVersions['express 5']();
    app.use(implementations.satchel({ keys: ['k'] }));
    app.get('/', (req: any, res: any) => {
      req.session.regenerate(() => res.end(String(req.session.isNew)));
    });
    const res = await request(app).get('/').expect(200, 'true');
    assert.equal(res.headers['set-cookie'], undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import type { RequestHandler } from 'express';
import { randomBytes } from 'node:crypto';
import { cookieSession, session } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { EXPRESS, SECRET, makeApp, sessionCookie } from './helpers.js';

const own = (target: object, name: string) => Object.prototype.hasOwnProperty.call(target, name);

for (const [label, express] of EXPRESS) {
  describe(`req.sessionID and req.sessionStore through the app's request prototype (${label})`, () => {
    test('neither is an own property of the request, and both read as before', async () => {
      const { app, store } = makeApp(express, {}, (app) => {
        app.get('/', (req, res) => {
          req.session.n = 1;
          res.json({
            ownId: own(req, 'sessionID'),
            ownStore: own(req, 'sessionStore'),
            ownSession: own(req, 'session'),
            same: req.sessionID === req.session.id,
            store: req.sessionStore === store,
          });
        });
      });
      const res = await request(app).get('/').expect(200);
      assert.deepEqual(res.body, { ownId: false, ownStore: false, ownSession: true, same: true, store: true });
    });

    test('req.sessionID follows regenerate, destroy and a loaded session', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/new', (req, res) => {
          req.session.n = 1;
          res.json({ id: req.sessionID });
        });
        app.get('/cycle', async (req, res) => {
          const loaded = req.sessionID;
          await req.session.regenerate();
          const regenerated = req.sessionID;
          const regeneratedMatches = regenerated === req.session.id;
          await req.session.destroy();
          res.json({ loaded, regenerated, regeneratedMatches, afterDestroy: req.sessionID === req.session.id });
        });
      });
      const first = await request(app).get('/new').expect(200);
      const cookie = sessionCookie(first)!;
      const res = await request(app).get('/cycle').set('Cookie', cookie).expect(200);
      assert.equal(res.body.loaded, first.body.id);
      assert.notEqual(res.body.regenerated, first.body.id);
      assert.equal(res.body.regeneratedMatches, true);
      assert.equal(res.body.afterDestroy, true);
    });

    test('an assignment to req.sessionID becomes that request’s own value, the next request is unaffected', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/', (req, res) => {
          (req as { sessionID: string }).sessionID = 'assigned';
          res.json({ id: req.sessionID, own: own(req, 'sessionID') });
        });
        app.get('/id', (req, res) => res.json({ same: req.sessionID === req.session.id }));
      });
      assert.deepEqual((await request(app).get('/').expect(200)).body, { id: 'assigned', own: true });
      assert.deepEqual((await request(app).get('/id').expect(200)).body, { same: true });
    });

    test('two session() on one app with different stores: each route sees its own store and id', async () => {
      const app = express();
      const a = new MemoryStore({ sweepInterval: 0 });
      const b = new MemoryStore({ sweepInterval: 0 });
      app.get('/a', session({ secret: SECRET, store: a, name: 'a' }) as unknown as RequestHandler, (req, res) => {
        req.session.n = 1;
        res.json({ store: req.sessionStore === a, same: req.sessionID === req.session.id });
      });
      app.get('/b', session({ secret: SECRET, store: b, name: 'b' }) as unknown as RequestHandler, (req, res) => {
        req.session.n = 1;
        res.json({ store: req.sessionStore === b, same: req.sessionID === req.session.id, ownStore: own(req, 'sessionStore') });
      });
      app.get('/none', (req, res) => res.json({ id: req.sessionID ?? null }));
      for (let i = 0; i < 2; i++) {
        assert.deepEqual((await request(app).get('/a').expect(200)).body, { store: true, same: true });
        assert.deepEqual((await request(app).get('/b').expect(200)).body, { store: true, same: true, ownStore: true });
      }
      // A route the middleware never ran on has no session and so no id.
      assert.deepEqual((await request(app).get('/none').expect(200)).body, { id: null });
    });

    test('a mounted sub-app reads the parent app’s session through its own request prototype', async () => {
      const { app, store } = makeApp(express);
      const child = express();
      child.get('/in', async (req, res) => {
        req.session.n = 2;
        const before = req.sessionID;
        await req.session.regenerate();
        res.json({ store: req.sessionStore === store, changed: before !== req.sessionID, same: req.sessionID === req.session.id });
      });
      app.use('/child', child);
      assert.deepEqual((await request(app).get('/child/in').expect(200)).body, { store: true, changed: true, same: true });
    });
  });
}

describe("cookieSession()'s req.session and req.sessionOptions through the app's request prototype", () => {
  for (const [label, express] of EXPRESS) {
    test(`neither is own; reads, writes, sessionOptions and logout work as before (${label})`, async () => {
      const app = express();
      // A route before the middleware: an assignment there is an own value of that request only.
      app.get('/before', (req, res) => {
        (req as { session: unknown }).session = 'mine';
        res.json({ session: (req as { session: unknown }).session, own: own(req, 'session') });
      });
      app.use(cookieSession({ keys: [randomBytes(32).toString('base64url')], name: 's' }) as unknown as RequestHandler);
      app.get('/set', (req, res) => {
        const r = req as unknown as { session: Record<string, unknown> | null; sessionOptions: { sameSite?: string } };
        r.session!.n = 1;
        r.sessionOptions.sameSite = 'strict';
        res.json({ ownSession: own(req, 'session'), ownOptions: own(req, 'sessionOptions') });
      });
      app.get('/read', (req, res) => res.json({ n: (req as unknown as { session: { n?: number } }).session.n ?? null }));
      app.get('/out', (req, res) => {
        (req as unknown as { session: unknown }).session = null;
        res.json({ session: (req as unknown as { session: unknown }).session });
      });
      assert.deepEqual((await request(app).get('/before').expect(200)).body, { session: 'mine', own: true });
      const set = await request(app).get('/set').expect(200);
      assert.deepEqual(set.body, { ownSession: false, ownOptions: false });
      const line = ([] as string[]).concat(set.headers['set-cookie'] ?? []).find((c) => c.startsWith('s='))!;
      assert.match(line, /SameSite=Strict/);
      const cookie = line.split(';')[0]!;
      assert.deepEqual((await request(app).get('/read').set('Cookie', cookie).expect(200)).body, { n: 1 });
      const out = await request(app).get('/out').set('Cookie', cookie).expect(200);
      assert.deepEqual(out.body, { session: null });
      assert.ok(([] as string[]).concat(out.headers['set-cookie'] ?? []).some((c) => c.startsWith('s=;')));
    });

    test(`cookieSession() and session() on separate paths of one app (${label})`, async () => {
      const app = express();
      const store = new MemoryStore({ sweepInterval: 0 });
      app.use('/c', cookieSession({ keys: [randomBytes(32).toString('base64url')], name: 'c' }) as unknown as RequestHandler);
      app.use('/s', session({ secret: SECRET, store, name: 's' }) as unknown as RequestHandler);
      app.get('/c/x', (req, res) => {
        (req as unknown as { session: Record<string, unknown> }).session.kind = 'cookie';
        res.json({ own: own(req, 'session'), id: req.sessionID ?? null });
      });
      app.get('/s/x', (req, res) => {
        req.session.kind = 'server';
        res.json({ own: own(req, 'session'), same: req.sessionID === req.session.id, store: req.sessionStore === store });
      });
      for (let i = 0; i < 2; i++) {
        assert.deepEqual((await request(app).get('/c/x').expect(200)).body, { own: false, id: null });
        assert.deepEqual((await request(app).get('/s/x').expect(200)).body, { own: true, same: true, store: true });
      }
    });
  }
});

describe('a session middleware inside a mounted sub-app: the parent’s later routes still see the session', () => {
  for (const [label, express] of EXPRESS) {
    test(`session() and cookieSession() in a child app, read by a parent route the request falls through to (${label})`, async () => {
      const app = express();
      const stored = express();
      const sealed = express();
      const store = new MemoryStore({ sweepInterval: 0 });
      stored.use(session({ secret: SECRET, store, name: 's' }) as unknown as RequestHandler);
      sealed.use(cookieSession({ keys: [randomBytes(32).toString('base64url')], name: 'c' }) as unknown as RequestHandler);
      app.use('/s', stored);
      app.use('/c', sealed);
      // The request leaves the child (no route there) and the parent's prototype takes over again.
      app.get('/s/after', (req, res) => {
        req.session.n = 1;
        res.json({ same: req.sessionID === req.session.id, store: req.sessionStore === store });
      });
      app.get('/c/after', (req, res) => {
        const r = req as unknown as { session: Record<string, unknown> | null; sessionOptions?: object };
        r.session!.n = 2;
        res.json({ session: r.session, options: typeof r.sessionOptions });
      });
      const s = await request(app).get('/s/after').expect(200);
      assert.deepEqual(s.body, { same: true, store: true });
      assert.ok(sessionCookie(s, 's'), 'the server-side session was saved');
      const c = await request(app).get('/c/after').expect(200);
      assert.deepEqual(c.body, { session: { n: 2 }, options: 'object' });
      assert.ok(([] as string[]).concat(c.headers['set-cookie'] ?? []).some((line) => line.startsWith('c=')), 'the sealed session was written');
    });
  }
});

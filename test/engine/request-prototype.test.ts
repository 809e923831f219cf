import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import type { RequestHandler } from 'express';
import { session } from '../../src/index.js';
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

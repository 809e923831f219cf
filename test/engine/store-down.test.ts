import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import type { SessionStore } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { EXPRESS, makeApp, recordEvents, sessionCookie, standardRoutes } from './helpers.js';

// MOCK (named as such): a backend that refuses or never answers. Real connection cuts are
// covered by the store suites with the TCP proxy; the engine only needs the failure shape.
function mockBrokenStore(real: MemoryStore, mode: 'reject' | 'hang', broken: { on: boolean }): SessionStore {
  const fail = () => (mode === 'reject' ? Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379')) : new Promise<never>(() => {}));
  return {
    get: (key) => (broken.on ? fail() : real.get(key)),
    create: (key, record) => (broken.on ? fail() : real.create(key, record)),
    update: (key, patch) => (broken.on ? fail() : real.update(key, patch)),
    destroy: (key) => (broken.on ? fail() : real.destroy(key)),
    touch: (key, expiresAt, lastSeenAt) => (broken.on ? fail() : real.touch(key, expiresAt, lastSeenAt)),
  };
}

for (const [label, express] of EXPRESS) {
  describe(`store down (${label})`, () => {
    test('a failing load reaches next(err) as SessionStoreError with the driver error as cause', async () => {
      const broken = { on: false };
      let seen: unknown;
      const store = mockBrokenStore(new MemoryStore({ sweepInterval: 0 }), 'reject', broken);
      const { app, mw } = makeApp(express, { store }, standardRoutes);
      mw.on('error', ({ error }) => (seen = error));
      const cookie = sessionCookie(await request(app).get('/write'))!;
      broken.on = true;
      const res = await request(app).get('/read').set('Cookie', cookie).expect(500);
      assert.equal(res.body.code, 'ERR_SESSION_STORE');
      assert.equal((seen as { cause?: Error }).cause?.message, 'ECONNREFUSED 127.0.0.1:6379');
    });

    test('a hanging store fails with ERR_SESSION_STORE_TIMEOUT within operationTimeout', async () => {
      const broken = { on: false };
      const store = mockBrokenStore(new MemoryStore({ sweepInterval: 0 }), 'hang', broken);
      const { app } = makeApp(express, { store, operationTimeout: 50 }, standardRoutes);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      broken.on = true;
      const res = await request(app).get('/read').set('Cookie', cookie).expect(500);
      assert.equal(res.body.code, 'ERR_SESSION_STORE_TIMEOUT');
      const save = await request(app).get('/write').expect(500);
      assert.equal(save.body.code, 'ERR_SESSION_STORE_TIMEOUT');
    });

    test("a failing save becomes a 500 before any header is sent, never a silent success", async () => {
      const broken = { on: true };
      const store = mockBrokenStore(new MemoryStore({ sweepInterval: 0 }), 'reject', broken);
      const { app, mw } = makeApp(express, { store }, (app) => {
        app.get('/go', (req, res) => {
          req.session.who = 'alice';
          res.redirect('/home');
        });
      });
      const events = recordEvents(mw);
      const res = await request(app).get('/go').expect(500);
      assert.equal(res.body.code, 'ERR_SESSION_STORE');
      assert.equal(res.headers.location, undefined);
      assert.equal(res.headers['set-cookie'], undefined);
      assert.ok(events.some((e) => e.event === 'error'));
    });

    test("onStoreError: 'anonymous' continues with a fresh unsaved session", async () => {
      const broken = { on: false };
      const store = mockBrokenStore(new MemoryStore({ sweepInterval: 0 }), 'reject', broken);
      const { app } = makeApp(express, { store, onStoreError: 'anonymous' }, standardRoutes);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      broken.on = true;
      const res = await request(app).get('/write').set('Cookie', cookie).expect(200);
      assert.equal(res.body.count, 1);
      assert.equal(res.headers['set-cookie'], undefined);
    });

    test('a store with getSync is read through it in the same tick; a throwing getSync is a SessionStoreError like a failed get', async () => {
      const real = new MemoryStore({ sweepInterval: 0 });
      const calls = { get: 0, getSync: 0 };
      const broken = { on: false };
      // MOCK (named as such): an in-process store whose synchronous read fails on demand.
      const store: SessionStore = {
        ...mockBrokenStore(real, 'reject', { on: false }),
        get: (key, options) => (calls.get++, real.get(key, options)),
        getSync: (key, options) => {
          calls.getSync++;
          if (broken.on) throw new Error('SQLITE_CORRUPT: database disk image is malformed');
          return real.getSync(key, options);
        },
      };
      let seen: unknown;
      const { app, mw } = makeApp(express, { store }, standardRoutes);
      mw.on('error', ({ error }) => (seen = error));
      const cookie = sessionCookie(await request(app).get('/write'))!;
      const read = await request(app).get('/read').set('Cookie', cookie).expect(200);
      assert.equal(read.body.data.count, 1);
      assert.deepEqual(calls, { get: 0, getSync: 1 });
      broken.on = true;
      const res = await request(app).get('/read').set('Cookie', cookie).expect(500);
      assert.equal(res.body.code, 'ERR_SESSION_STORE');
      assert.equal((seen as { operation?: string }).operation, 'get');
      assert.match(String((seen as { cause?: Error }).cause?.message), /SQLITE_CORRUPT/);
      const anonymous = makeApp(express, { store, onStoreError: 'anonymous' }, standardRoutes);
      const fresh = await request(anonymous.app).get('/read').set('Cookie', cookie).expect(200);
      assert.equal(fresh.body.data.count, undefined);
    });
  });
}

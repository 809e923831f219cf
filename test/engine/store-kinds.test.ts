import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import request from 'supertest';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { toExpressStore } from '../../src/stores/kit/express-interop.js';
import { EXPRESS, SECRET, makeApp, sessionCookie, standardRoutes } from './helpers.js';

const require = createRequire(import.meta.url);
const expressSession = require('express-session') as {
  (options: object): (req: unknown, res: unknown, next: () => void) => void;
  MemoryStore: new () => { sessions: Record<string, string> };
  Store: unknown;
};

const idOf = (cookie: string) => decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)).slice(2, 45);

for (const [label, express] of EXPRESS) {
  describe(`stores (${label})`, () => {
    test('SID-05: the store key is SHA-256(id) hex and the raw id appears nowhere in the store', async () => {
      const { app, store } = makeApp(express, {}, standardRoutes);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      const id = idOf(cookie);
      const all = await store.all();
      assert.deepEqual(all.map((entry) => entry.key), [createHash('sha256').update(id).digest('hex')]);
      assert.ok(!JSON.stringify(all).includes(id));
    });

    test("an express-session callback store (express-session's MemoryStore) works through fromExpressStore", async () => {
      const legacy = new expressSession.MemoryStore();
      const { app } = makeApp(express, { store: legacy as never }, standardRoutes);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      assert.equal((await request(app).get('/write').set('Cookie', cookie)).body.count, 2);
      assert.equal(Object.keys(legacy.sessions).length, 1);
    });

    test('legacyUnhashedKeys: a record under the raw id is read once and re-keyed to its hash', async () => {
      const store = new MemoryStore({ sweepInterval: 0 });
      const writer = makeApp(express, { store }, standardRoutes);
      const cookie = sessionCookie(await request(writer.app).get('/write'))!;
      const id = idOf(cookie);
      const hashed = createHash('sha256').update(id).digest('hex');
      // Move the record under its raw id, as a pre-hashing deployment would have stored it.
      const record = (await store.get(hashed))!;
      await store.destroy(hashed);
      await store.create(id, record);
      const strict = makeApp(express, { store }, standardRoutes);
      assert.equal((await request(strict.app).get('/read').set('Cookie', cookie)).body.data.count, undefined, 'off by default');
      const migrating = makeApp(express, { store, legacyUnhashedKeys: true }, standardRoutes);
      assert.equal((await request(migrating.app).get('/read').set('Cookie', cookie)).body.data.count, 1);
      assert.deepEqual(await store.ids(), [hashed]);
    });

    test('legacyUnhashedKeys: a user logged in by the real express-session stays logged in after the switch', async () => {
      const store = new MemoryStore({ sweepInterval: 0 });
      const before = express();
      before.use(expressSession({ secret: SECRET, resave: false, saveUninitialized: false, store: toExpressStore(store, { Store: expressSession.Store as never }) }));
      before.get('/login', (req, res) => {
        (req.session as unknown as { user: string }).user = 'ada';
        res.json({ ok: true });
      });
      const cookie = sessionCookie(await request(before).get('/login'), 'connect.sid')!;
      const after = makeApp(express, { store, name: 'connect.sid', legacyUnhashedKeys: true }, standardRoutes);
      assert.equal((await request(after.app).get('/read').set('Cookie', cookie)).body.data.user, 'ada');
      // Re-keyed: the raw express-session id is no longer a store key.
      const legacyId = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)).slice(2).split('.')[0]!;
      assert.deepEqual(await store.ids(), [createHash('sha256').update(legacyId).digest('hex')]);
    });

    test('two middlewares sharing one store keep their own cookie options', async () => {
      const store = new MemoryStore({ sweepInterval: 0 });
      const a = makeApp(express, { store, name: 'a_sid', cookie: { path: '/a' } }, standardRoutes);
      const b = makeApp(express, { store, name: 'b_sid', cookie: { sameSite: 'strict' } }, standardRoutes);
      const fromA = String((await request(a.app).get('/write')).headers['set-cookie']);
      const fromB = String((await request(b.app).get('/write')).headers['set-cookie']);
      assert.match(fromA, /^a_sid=.*Path=\/a/);
      assert.match(fromB, /^b_sid=.*SameSite=Strict/);
    });
  });
}

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import request from 'supertest';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { EXPRESS, SECRET, makeApp, sessionCookie, setCookies, standardRoutes } from './helpers.js';

const require = createRequire(import.meta.url);
const signature = require('cookie-signature') as { unsign(v: string, s: string): string | false };
const NEW = 'n3w-s3cret-with-plenty-of-entropy-QRSTUV';

for (const [label, express] of EXPRESS) {
  describe(`secret rotation (${label})`, () => {
    test('KR-02: a cookie signed by an old secret is accepted and re-signed with the first one in the same response', async () => {
      const store = new MemoryStore({ sweepInterval: 0 });
      const old = makeApp(express, { store }, standardRoutes);
      const cookie = sessionCookie(await request(old.app).get('/write'))!;
      const rotated = makeApp(express, { store, secret: [NEW, SECRET] }, standardRoutes);
      const res = await request(rotated.app).get('/read').set('Cookie', cookie).expect(200);
      assert.equal(res.body.data.count, 1, 'accepted');
      const fresh = sessionCookie(res)!;
      assert.ok(fresh, 're-issued although the data did not change');
      const value = decodeURIComponent(fresh.slice('sid='.length)).slice(2);
      assert.equal(signature.unsign(value, NEW), res.body.id);
      assert.deepEqual(setCookies(await request(rotated.app).get('/read').set('Cookie', fresh)), [], 'no further re-sign');
    });

    test('KR-03: removing the old secret invalidates its cookies', async () => {
      const store = new MemoryStore({ sweepInterval: 0 });
      const old = makeApp(express, { store }, standardRoutes);
      const cookie = sessionCookie(await request(old.app).get('/write'))!;
      const rotated = makeApp(express, { store, secret: NEW }, standardRoutes);
      const res = await request(rotated.app).get('/read').set('Cookie', cookie).expect(200);
      assert.equal(res.body.data.count, undefined);
    });
  });
}

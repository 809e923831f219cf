import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { EXPRESS, countingStore, makeApp, sessionCookie, setCookies, standardRoutes } from './helpers.js';

for (const [label, express] of EXPRESS) {
  describe(`lazy sessions (${label})`, () => {
    test('LC-06: requests that never write create no record and send no cookie', async () => {
      const { store, calls } = countingStore();
      const { app } = makeApp(express, { store }, standardRoutes);
      for (let i = 0; i < 20; i++) {
        const res = await request(app).get('/read').expect(200);
        assert.deepEqual(setCookies(res), []);
      }
      assert.equal(await store.length(), 0);
      assert.equal(calls.create + calls.update + calls.touch, 0);
    });

    test('LC-06: the first write creates one record and one cookie', async () => {
      const { store, calls } = countingStore();
      const { app } = makeApp(express, { store }, standardRoutes);
      const res = await request(app).get('/write').expect(200);
      assert.ok(sessionCookie(res));
      assert.equal(calls.create, 1);
      assert.equal(await store.length(), 1);
    });

    test('SID-03/SID-04: a well-formed, validly signed but unknown id is not adopted and not written', async () => {
      const { store, calls } = countingStore();
      const { app } = makeApp(express, { store }, standardRoutes);
      const first = await request(app).get('/write').expect(200);
      const cookie = sessionCookie(first)!;
      await store.clear();
      const read = await request(app).get('/read').set('Cookie', cookie).expect(200);
      assert.equal(calls.create, 1);
      assert.equal(await store.length(), 0);
      const again = await request(app).get('/write').set('Cookie', cookie).expect(200);
      assert.notEqual(sessionCookie(again), cookie, 'a new id is issued');
      assert.notEqual(read.body.id, decodeURIComponent(cookie).slice(6, 49));
    });
  });
}

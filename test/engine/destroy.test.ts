import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { EXPRESS, makeApp, sessionCookie, setCookies, standardRoutes } from './helpers.js';

for (const [label, express] of EXPRESS) {
  describe(`destroy (${label})`, () => {
    test('TM-01: destroy deletes the record and a replayed cookie is anonymous', async () => {
      const { app, store } = makeApp(express, {}, standardRoutes);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      await request(app).get('/destroy').set('Cookie', cookie).expect(200);
      assert.equal(await store.length(), 0);
      const replay = await request(app).get('/read').set('Cookie', cookie).expect(200);
      assert.deepEqual(Object.keys(replay.body.data), ['cookie']);
    });

    test('TM-02: the clearing cookie matches name, path and domain, with Max-Age=0 and a past Expires', async () => {
      const { app } = makeApp(express, { cookie: { path: '/', domain: 'example.test' } }, standardRoutes);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      const res = await request(app).get('/destroy').set('Cookie', cookie).expect(200);
      const lines = setCookies(res);
      assert.equal(lines.length, 1);
      const line = lines[0]!;
      assert.match(line, /^sid=; /);
      assert.match(line, /Max-Age=0/);
      assert.match(line, /Domain=example\.test/);
      assert.match(line, /Path=\//);
      assert.match(line, /Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
      assert.equal(res.headers['cache-control'], 'no-store');
    });

    test('after destroy, req.session is a fresh session that saves only if written', async () => {
      const { app, store } = makeApp(express, {}, (app) => {
        app.get('/write', (req, res) => {
          req.session.a = 1;
          res.end();
        });
        app.get('/destroy-then-write', async (req, res) => {
          const old = req.sessionID;
          await req.session.destroy();
          assert.ok(req.session, 'never undefined');
          assert.notEqual(req.sessionID, old);
          req.session.b = 2;
          res.end();
        });
      });
      const cookie = sessionCookie(await request(app).get('/write'))!;
      const res = await request(app).get('/destroy-then-write').set('Cookie', cookie).expect(200);
      const next = sessionCookie(res);
      assert.ok(next && next !== cookie && next !== 'sid=');
      assert.equal(await store.length(), 1);
    });
  });
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { EXPRESS, makeApp, sessionCookie } from './helpers.js';

for (const [label, express] of EXPRESS) {
  describe(`per-user sessions (${label})`, () => {
    const routes = (app: import('express').Express) => {
      app.get('/anon', (req, res) => {
        req.session.cart = ['pear'];
        req.session.csrfHint = 'x';
        res.end();
      });
      app.get('/login/:user', async (req, res) => {
        await req.session.login(req.params.user!, { keep: ['cart'] });
        res.end();
      });
      app.get('/me', (req, res) => res.json(req.session));
      app.get('/list', async (req, res) => res.json(await req.session.listUserSessions()));
      app.get('/others', async (req, res) => res.json({ destroyed: await req.session.destroyOtherSessions() }));
      app.get('/logout', async (req, res) => {
        await req.session.logout();
        res.end();
      });
    };

    test('LC-02: login rotates the id, keeps only the allowlist and binds the user', async () => {
      const { app, store } = makeApp(express, {}, routes);
      const anon = sessionCookie(await request(app).get('/anon'))!;
      const authed = sessionCookie(await request(app).get('/login/alice').set('Cookie', anon))!;
      assert.notEqual(authed, anon);
      const me = await request(app).get('/me').set('Cookie', authed).expect(200);
      assert.deepEqual(me.body.cart, ['pear']);
      assert.equal(me.body.csrfHint, undefined);
      assert.equal((await request(app).get('/me').set('Cookie', anon)).body.cart, undefined, 'pre-login cookie is dead');
      const [{ record }] = await store.all();
      assert.equal(record.userId, 'alice');
    });

    test('TM-04/TM-05: list (metadata, current marked), destroy others, admin kill', async () => {
      const { app, mw } = makeApp(express, {}, routes);
      const s1 = sessionCookie(await request(app).get('/login/bob').set('User-Agent', 'laptop'))!;
      const s2 = sessionCookie(await request(app).get('/login/bob').set('User-Agent', 'phone'))!;
      const list = await request(app).get('/list').set('Cookie', s1).expect(200);
      assert.equal(list.body.length, 2);
      assert.deepEqual(list.body.map((s: { current: boolean }) => s.current).sort(), [false, true]);
      assert.ok(list.body.every((s: Record<string, unknown>) => !('data' in s) && /^[0-9a-f]{64}$/.test(s.key as string)));
      assert.deepEqual(list.body.map((s: { userAgent: string }) => s.userAgent).sort(), ['laptop', 'phone']);
      assert.equal((await request(app).get('/others').set('Cookie', s1)).body.destroyed, 1);
      assert.deepEqual(Object.keys((await request(app).get('/me').set('Cookie', s2)).body), ['cookie'], 'S2 is anonymous');
      assert.equal((await mw.listUserSessions('bob')).length, 1);
      assert.equal(await mw.destroyUserSessions('bob'), 1);
      assert.deepEqual(Object.keys((await request(app).get('/me').set('Cookie', s1)).body), ['cookie']);
    });

    test('logout destroys the record and clears the cookie', async () => {
      const { app, store } = makeApp(express, {}, routes);
      const s = sessionCookie(await request(app).get('/login/carol'))!;
      const res = await request(app).get('/logout').set('Cookie', s).expect(200);
      assert.match(String(res.headers['set-cookie']), /^sid=;.*Max-Age=0/);
      assert.equal(await store.length(), 0);
    });
  });
}

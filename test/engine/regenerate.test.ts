import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { EXPRESS, makeApp, sessionCookie, setCookies } from './helpers.js';

for (const [label, express] of EXPRESS) {
  describe(`regenerate (${label})`, () => {
    test('LC-01/LC-03: new id, old record gone, only allowlisted keys carried', async () => {
      const { app, store } = makeApp(express, {}, (app) => {
        app.get('/fill', (req, res) => {
          req.session.cart = ['apple'];
          req.session.secretStep = 'pre-auth';
          res.end();
        });
        app.get('/rotate', async (req, res) => {
          const before = req.sessionID;
          await req.session.regenerate({ keep: ['cart'] });
          res.json({ changed: before !== req.sessionID });
        });
        app.get('/read', (req, res) => res.json(req.session));
      });
      const a = sessionCookie(await request(app).get('/fill'))!;
      const rotated = await request(app).get('/rotate').set('Cookie', a).expect(200);
      assert.equal(rotated.body.changed, true);
      const b = sessionCookie(rotated)!;
      assert.ok(b && b !== a);
      assert.equal(setCookies(rotated).filter((line) => line.startsWith('sid=')).length, 1, 'CK-11');
      assert.equal(await store.length(), 1);
      const onB = await request(app).get('/read').set('Cookie', b).expect(200);
      assert.deepEqual(onB.body.cart, ['apple']);
      assert.equal(onB.body.secretStep, undefined);
      const onA = await request(app).get('/read').set('Cookie', a).expect(200);
      assert.equal(onA.body.cart, undefined, 'old cookie replays as anonymous');
    });

    test('LC-01: regenerate twice in one request gives one cookie and one record', async () => {
      const { app, store } = makeApp(express, {}, (app) => {
        app.get('/twice', async (req, res) => {
          req.session.a = 1;
          await req.session.regenerate();
          await req.session.regenerate();
          req.session.b = 2;
          res.end();
        });
      });
      const res = await request(app).get('/twice').expect(200);
      assert.equal(setCookies(res).filter((line) => line.startsWith('sid=')).length, 1);
      assert.equal(await store.length(), 1);
    });

    test('a stale reference to the old session refuses to save (ERR_SESSION_DESTROYED)', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/', async (req, res) => {
          const old = req.session;
          await old.regenerate();
          await assert.rejects(old.save(), { code: 'ERR_SESSION_DESTROYED' });
          res.send('ok');
        });
      });
      await request(app).get('/').expect(200);
    });
  });
}

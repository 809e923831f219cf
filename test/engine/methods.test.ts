import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { EXPRESS, makeApp, sessionCookie } from './helpers.js';

for (const [label, express] of EXPRESS) {
  describe(`session methods (${label})`, () => {
    test('save, reload, regenerate, destroy and touch accept node callbacks', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/', (req, res, next) => {
          req.session.a = 1;
          req.session.save((error) => {
            if (error) return next(error);
            req.session.a = 2;
            req.session.reload((error) => {
              if (error) return next(error);
              const afterReload = req.session.a;
              req.session.touch((error) => {
                if (error) return next(error);
                req.session.regenerate((error) => {
                  if (error) return next(error);
                  req.session.destroy((error) => {
                    if (error) return next(error);
                    res.json({ afterReload });
                  });
                });
              });
            });
          });
        });
      });
      const res = await request(app).get('/').expect(200);
      assert.equal(res.body.afterReload, 1);
    });

    test('the same methods return promises; a failing one rejects and reports to its callback', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/', async (req, res) => {
          req.session.a = 1;
          await req.session.save();
          await req.session.touch();
          await req.session.regenerate({ keep: ['a'] });
          const stale = req.session;
          await stale.destroy();
          const viaCallback = await new Promise<string | undefined>((resolve) => stale.save((error) => resolve((error as { code?: string } | null)?.code)));
          await assert.rejects(stale.reload(), { code: 'ERR_SESSION_DESTROYED' });
          res.json({ viaCallback });
        });
      });
      const res = await request(app).get('/').expect(200);
      assert.equal(res.body.viaCallback, 'ERR_SESSION_DESTROYED');
    });

    test('JSON.stringify(req.session) is the data: cookie + keys; id and methods are not enumerable', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/', (req, res) => {
          req.session.name = 'Napoleon';
          res.json({ keys: Object.keys(req.session), json: JSON.parse(JSON.stringify(req.session)), id: req.session.id === req.sessionID });
        });
      });
      const res = await request(app).get('/').expect(200);
      assert.deepEqual(res.body.keys, ['cookie', 'name']);
      assert.equal(res.body.json.name, 'Napoleon');
      assert.equal(res.body.json.cookie.originalMaxAge, null);
      assert.equal(res.body.id, true);
    });

    test('stored keys named like methods do not shadow them', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/w', (req, res) => {
          req.session.payload = { save: 1 };
          res.end();
        });
        app.get('/r', (req, res) => res.json({ fn: typeof req.session.save }));
      });
      const cookie = sessionCookie(await request(app).get('/w'))!;
      assert.equal((await request(app).get('/r').set('Cookie', cookie)).body.fn, 'function');
    });

    test("unset 'destroy': req.session = null destroys the record and clears the cookie", async () => {
      const { app, store } = makeApp(express, {}, (app) => {
        app.get('/w', (req, res) => {
          req.session.a = 1;
          res.end();
        });
        app.get('/null', (req, res) => {
          (req as unknown as { session: null }).session = null;
          res.end();
        });
      });
      const cookie = sessionCookie(await request(app).get('/w'))!;
      const res = await request(app).get('/null').set('Cookie', cookie).expect(200);
      assert.equal(await store.length(), 0);
      assert.match(String(res.headers['set-cookie']), /^sid=;/);
    });
  });
}

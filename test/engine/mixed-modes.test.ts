import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { cookieSession } from '../../src/index.js';
import { generateSealKey } from '../../src/crypto/seal-keyring.js';
import { EXPRESS, makeApp, sessionCookie } from './helpers.js';

for (const [label, express] of EXPRESS) {
  describe(`session() and cookieSession() in one app (${label})`, () => {
    test('audit mixing modes: cookieSession() under session() refuses with a clear error and the server session survives', async () => {
      const { app, store } = makeApp(express, {}, (app) => {
        app.get('/login', async (req, res) => {
          await req.session.login('u1');
          res.send('in');
        });
        app.use('/settings', cookieSession({ keys: [generateSealKey()] }) as unknown as import('express').RequestHandler);
        app.get('/settings', (_req, res) => res.send('settings'));
        app.get('/me', (req, res) => res.json({ keys: Object.keys(req.session) }));
      });
      const cookie = sessionCookie(await request(app).get('/login'))!;
      const settings = await request(app).get('/settings').set('Cookie', cookie);
      assert.equal(settings.status, 500);
      assert.equal(settings.body.code, 'ERR_SESSION_OPTIONS');
      assert.ok(!String(settings.headers['set-cookie'] ?? '').includes('sid=;'), 'the server session cookie is not cleared');
      assert.equal((await store.all()).length, 1, 'the server session is still stored');
      assert.equal((await request(app).get('/me').set('Cookie', cookie)).status, 200);
    });

    test('audit mixing modes: session() under cookieSession() refuses too', async () => {
      const app = express();
      app.use(cookieSession({ keys: [generateSealKey()] }) as unknown as import('express').RequestHandler);
      const inner = makeApp(express).mw;
      app.use('/stored', inner as unknown as import('express').RequestHandler);
      app.get('/stored', (_req, res) => res.send('never'));
      app.use(((error, _req, res, _next) => {
        res.status(500).json({ code: (error as { code?: string }).code });
      }) as import('express').ErrorRequestHandler);
      const res = await request(app).get('/stored');
      assert.equal(res.status, 500);
      assert.equal(res.body.code, 'ERR_SESSION_OPTIONS');
    });

    test('two session() middlewares on one request: the second steps aside, as express-session does', async () => {
      const { mw, store } = makeApp(express);
      const app = express();
      app.use(mw as unknown as import('express').RequestHandler);
      app.use(mw as unknown as import('express').RequestHandler);
      app.get('/write', (req, res) => {
        req.session.n = 1;
        res.send('ok');
      });
      const res = await request(app).get('/write').expect(200);
      assert.ok(sessionCookie(res));
      assert.equal((await store.all()).length, 1);
    });
  });
}

import assert from 'node:assert/strict';
import type { RequestHandler } from 'express';
import { describe, test } from 'node:test';
import request from 'supertest';
import { cookieSession, cookieSessionOf, cookieSessionOptionsOf, sessionOf } from '../../src/index.js';
import { generateSealKey } from '../../src/crypto/seal-keyring.js';
import { EXPRESS, makeApp, sessionCookie } from './helpers.js';

// The accessors check at runtime what their return type promises: a live session of their kind.
const names = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).name;
  }
};

for (const [label, express] of EXPRESS) {
  describe(`typed accessors (${label})`, () => {
    test('sessionOf(req) is the session() session; the cookie accessors refuse it', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/', async (req, res) => {
          await sessionOf(req).login('u1');
          res.json({
            same: sessionOf(req) === req.session,
            cookie: names(() => cookieSessionOf(req)),
            options: names(() => cookieSessionOptionsOf(req)),
          });
        });
        app.get('/ended', (req, res) => {
          req.session = null;
          res.json({ store: names(() => sessionOf(req)) });
        });
      });
      const res = await request(app).get('/');
      assert.deepEqual(res.body, { same: true, cookie: 'ERR_SESSION_OPTIONS', options: 'ERR_SESSION_OPTIONS' });
      assert.ok(sessionCookie(res));
      assert.deepEqual((await request(app).get('/ended')).body, { store: 'ERR_SESSION_OPTIONS' });
    });

    test('cookieSessionOf(req) and cookieSessionOptionsOf(req) are cookieSession()\'s; sessionOf refuses them', async () => {
      const app = express();
      app.get('/bare', (req, res) => res.json({ store: names(() => sessionOf(req)), cookie: names(() => cookieSessionOf(req)) }));
      app.use(cookieSession({ keys: [generateSealKey()] }) as unknown as RequestHandler);
      app.get('/', (req, res) => {
        cookieSessionOf(req).userId = 'u1';
        cookieSessionOptionsOf(req).path = '/account';
        res.json({ same: cookieSessionOf(req) === (req as { session?: unknown }).session, store: names(() => sessionOf(req)) });
      });
      app.get('/ended', (req, res) => {
        req.session = null;
        res.json({ cookie: names(() => cookieSessionOf(req)), options: names(() => cookieSessionOptionsOf(req)) });
      });
      const res = await request(app).get('/');
      assert.deepEqual(res.body, { same: true, store: 'ERR_SESSION_OPTIONS' });
      assert.match(String(res.headers['set-cookie']), /Path=\/account/);
      assert.deepEqual((await request(app).get('/ended')).body, { cookie: 'ERR_SESSION_OPTIONS', options: 'ok' });
      assert.deepEqual((await request(app).get('/bare')).body, { store: 'ERR_SESSION_OPTIONS', cookie: 'ERR_SESSION_OPTIONS' });
    });
  });
}

/**
 * Both kinds of session commit through one response module (src/adapters/express/commit.ts), so a failed
 * commit looks the same in both modes: the handler's success headers never reach the error
 * response, and a commit that fails at the first streamed write abandons the body cleanly.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { session, cookieSession } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { newKey } from '../cookie-session/helpers.js';
import { SECRET } from './helpers.js';

type Handler = express.RequestHandler;

function appWith(middleware: Handler, fill: (req: express.Request) => void) {
  const app = express();
  app.use(middleware);
  app.get('/redirect', (req, res) => {
    fill(req);
    res.setHeader('x-app', 'success-only');
    res.cookie('theme', 'dark');
    res.redirect('/done');
  });
  app.get('/stream', (req, res) => {
    fill(req);
    res.setHeader('content-type', 'text/plain');
    res.write('first chunk');
    res.end('last chunk');
  });
  app.use((err: Error & { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ code: err.code });
  });
  return app;
}

const modes: Array<[string, () => Handler, (req: express.Request) => void, string]> = [
  [
    'session() with a value no store can hold',
    () => session({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }) }) as unknown as Handler,
    (req) => void ((req.session as unknown as Record<string, unknown>).big = 10n),
    'ERR_SESSION_VALUE',
  ],
  [
    'cookieSession() with data too large for its cookie',
    () => cookieSession({ keys: [newKey()] }) as unknown as Handler,
    (req) => void ((req.session as unknown as Record<string, unknown>).blob = 'x'.repeat(6000)),
    'ERR_SESSION_COOKIE_TOO_LARGE',
  ],
];

describe('one commit for both kinds of session', () => {
  for (const [name, make, fill, code] of modes) {
    test(`${name}: a failed commit at end reaches next(err) on a clean response`, async () => {
      const res = await request(appWith(make(), fill)).get('/redirect');
      assert.equal(res.status, 500);
      assert.equal(res.body.code, code);
      assert.equal(res.headers.location, undefined, 'the redirect target leaked into the error response');
      assert.equal(res.headers['x-app'], undefined);
      assert.equal(res.headers['set-cookie'], undefined, 'neither the session cookie nor the app cookie of the failed response');
    });
  }

  test('cookieSession(): a seal that fails at the first streamed write abandons the body, and the error handler answers', async () => {
    const [, make, fill] = modes[1]!;
    const res = await request(appWith(make(), fill)).get('/stream');
    assert.equal(res.status, 500);
    assert.equal(res.body.code, 'ERR_SESSION_COOKIE_TOO_LARGE');
    assert.doesNotMatch(res.text, /chunk/);
  });

  test('session(): a streamed response still carries the new session cookie, decided at the first write', async () => {
    const app = appWith(session({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }) }) as unknown as Handler, (req) => {
      (req.session as unknown as Record<string, unknown>).n = 1;
    });
    const res = await request(app).get('/stream');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'first chunklast chunk');
    assert.match(String(res.headers['set-cookie']), /^(__Host-)?sid=/);
  });
});

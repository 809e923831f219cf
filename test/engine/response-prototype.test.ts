import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import compression from 'compression';
import morgan from 'morgan';
import type { Express, RequestHandler } from 'express';
import { randomBytes } from 'node:crypto';
import { cookieSession, session } from '../../src/index.js';
import type { SessionStore } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { EXPRESS, SECRET, sessionCookie, setCookies } from './helpers.js';

// satchel patches `writeHead`/`write`/`end` on an Express app's response prototype when no
// wrapper sits on the response yet: no own property per request. These tests hold it to the
// order own properties give, with real packages that wrap `res` themselves (compression wraps
// write/end and uses on-headers; morgan uses on-headers and on-finished), on both sides of it.

const own = (target: object, name: string) => Object.prototype.hasOwnProperty.call(target, name);
const BIG = 'x'.repeat(4096); // above compression's 1 KB threshold

type Mode = 'session' | 'cookieSession';

function middleware(mode: Mode, store: SessionStore): RequestHandler {
  return (mode === 'session'
    ? session({ secret: SECRET, store, name: 'sid' })
    : cookieSession({ keys: [randomBytes(32).toString('base64url')], name: 'sid' })) as unknown as RequestHandler;
}

function routes(app: Express, seen: { own?: boolean[] }): void {
  app.get('/write', (req, res) => {
    (req as unknown as { session: Record<string, unknown> }).session.n = 1;
    seen.own = [own(res, 'writeHead'), own(res, 'write'), own(res, 'end')];
    res.type('text').send(BIG);
  });
  app.get('/read', (req, res) => {
    res.json({ n: (req as unknown as { session: { n?: number } }).session.n ?? null });
  });
  app.get('/stream', (req, res) => {
    (req as unknown as { session: Record<string, unknown> }).session.n = 2;
    res.type('text');
    res.write(BIG);
    setImmediate(() => res.end('tail'));
  });
  app.use(((error, _req, res, _next) => {
    res.status(500).json({ code: (error as { code?: string }).code ?? 'unknown' });
  }) as import('express').ErrorRequestHandler);
}

// superagent inflates a gzip body itself; content-encoding says it travelled compressed.
const text = (res: request.Response): string => (res.body as Buffer).toString();
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

for (const [label, express] of EXPRESS) {
  for (const mode of ['session', 'cookieSession'] as const) {
    describe(`${mode}() with wrappers of res on either side (${label})`, () => {
      for (const order of ['compression first', 'session first', 'none'] as const) {
        test(`${order}: cookie set, body intact (gzip when compressed), session saved, streaming too`, async () => {
          const app = express();
          const seen: { own?: boolean[] } = {};
          const store = new MemoryStore({ sweepInterval: 0 });
          if (order === 'compression first') app.use(compression());
          app.use(middleware(mode, store));
          if (order === 'session first') app.use(compression());
          routes(app, seen);
          const write = await request(app).get('/write').set('Accept-Encoding', 'gzip').buffer(true).parse(binary).expect(200);
          const cookie = sessionCookie(write);
          assert.ok(cookie, `Set-Cookie: ${setCookies(write).join(' | ')}`);
          if (order === 'none') {
            assert.equal(write.headers['content-encoding'], undefined);
            assert.equal(text(write), BIG);
            assert.deepEqual(seen.own, [false, false, false], 'no own property on the response');
          } else {
            assert.equal(write.headers['content-encoding'], 'gzip');
            assert.equal(text(write), BIG);
            // compression's wrappers are own properties; satchel's are not when it came first.
            assert.equal(seen.own![2], true);
          }
          assert.deepEqual((await request(app).get('/read').set('Cookie', cookie).expect(200)).body, { n: 1 });
          const stream = await request(app).get('/stream').set('Accept-Encoding', 'gzip').buffer(true).parse(binary).expect(200);
          assert.equal(stream.headers['content-encoding'], order === 'none' ? undefined : 'gzip');
          assert.equal(text(stream), `${BIG}tail`);
          const next = sessionCookie(stream);
          assert.ok(next, 'a streamed response carries the cookie (decided at the first write)');
          assert.deepEqual((await request(app).get('/read').set('Cookie', next).expect(200)).body, { n: 2 });
        });
      }

      test('morgan before and after: it logs the status the client got, and the cookie is there', async () => {
        for (const first of [true, false]) {
          const app = express();
          const lines: string[] = [];
          const log = morgan(':status :res[set-cookie]', { stream: { write: (line: string) => void lines.push(line) } }) as unknown as RequestHandler;
          const store = new MemoryStore({ sweepInterval: 0 });
          if (first) app.use(log);
          app.use(middleware(mode, store));
          if (!first) app.use(log);
          routes(app, {});
          const res = await request(app).get('/write').expect(200);
          assert.ok(sessionCookie(res));
          await new Promise((resolve) => setImmediate(resolve));
          assert.equal(lines.length, 1);
          assert.match(lines[0]!, /^200 .*sid=/, 'the logged headers include the session cookie');
        }
      });
    });
  }

  test(`session(): a failing save still becomes a 500 before any header, with or without a wrapper before it (${label})`, async () => {
    for (const withCompression of [false, true]) {
      const app = express();
      // MOCK (named as such): a store whose writes fail, to provoke a failed save on demand.
      const real = new MemoryStore({ sweepInterval: 0 });
      const store: SessionStore = {
        get: (key) => real.get(key),
        create: () => Promise.reject(new Error('ECONNREFUSED')),
        update: () => Promise.reject(new Error('ECONNREFUSED')),
        destroy: (key) => real.destroy(key),
        touch: (key, expiresAt, lastSeenAt) => real.touch(key, expiresAt, lastSeenAt),
      };
      if (withCompression) app.use(compression());
      app.use(middleware('session', store));
      app.get('/go', (req, res) => {
        req.session.who = 'alice';
        res.redirect('/home');
      });
      app.use(((error, _req, res, _next) => {
        res.status(500).json({ code: (error as { code?: string }).code ?? 'unknown' });
      }) as import('express').ErrorRequestHandler);
      const res = await request(app).get('/go').expect(500);
      assert.equal(res.body.code, 'ERR_SESSION_STORE');
      assert.equal(res.headers.location, undefined);
      // The next response of the same app prototype is not affected by the failed one.
      const ok = await request(app).get('/missing').expect(404);
      assert.equal(setCookies(ok).length, 0);
    }
  });
}

/**
 * satchel/hono in Hono's own idioms, beyond the shared edge suite: middleware order, responses
 * with immutable headers, `c.body(stream)`, the app's own cookies, typed errors in
 * `app.onError` on a clean response, `onStoreError: 'anonymous'`, and the cookie mode's ways to
 * replace or end the session through `c.set`. Real Hono apps on a real Node server.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { cookieSession, MemoryStore, session, SessionStoreError, SessionValueError, type CookieSessionEnv, type SessionEnv } from '../../src/hono.js';
import type { SessionStore } from '../../src/types.js';
import { Client } from './client.js';
import { serveFetch } from './harness/serve.js';
import type { EdgeServer } from './contract.js';

const SECRET = `hono-conventions-${randomBytes(24).toString('base64url')}`;
const servers: EdgeServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function clientOf(app: { fetch: (request: Request) => Response | Promise<Response> }): Promise<Client> {
  const server = await serveFetch(app.fetch);
  servers.push(server);
  return new Client(server.url);
}

describe('satchel/hono session(): Hono conventions', () => {
  test('middleware order: an outer middleware sees the committed Set-Cookie on c.res, an inner one cannot drop it', async () => {
    const seen: string[][] = [];
    const app = new Hono<SessionEnv>();
    app.use(async (c, next) => {
      // Registered before session(): no session yet, and after next() the response is final.
      assert.equal(c.get('session'), undefined);
      await next();
      seen.push(c.res.headers.getSetCookie());
    });
    app.use(session({ secret: SECRET, store: new MemoryStore() }));
    app.use(async (c, next) => {
      await next();
      // Replacing c.res after the handler, as compress/etag-style middleware do.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set('x-inner', '1');
    });
    app.post('/set', (c) => {
      c.get('session').name = 'Napoleon';
      return c.json({ ok: true });
    });
    app.get('/read', (c) => c.json({ name: c.var.session.name ?? null }));
    const c = await clientOf(app);
    const reply = await c.post('/set');
    assert.equal(reply.headers.get('x-inner'), '1');
    assert.equal(reply.setCookies.length, 1);
    assert.equal(seen[0]!.length, 1);
    assert.equal((await c.get('/read')).json().name, 'Napoleon');
  });

  test('a Response with immutable headers (Response.redirect, fetch results) is copied with the cookie added', async () => {
    const app = new Hono<SessionEnv>();
    app.use(session({ secret: SECRET, store: new MemoryStore() }));
    app.get('/go', (c) => {
      c.get('session').went = 'yes';
      return Response.redirect(new URL('/read', c.req.url), 303);
    });
    app.get('/read', (c) => c.json({ went: c.get('session').went ?? null }));
    const c = await clientOf(app);
    const reply = await c.get('/go');
    assert.equal(reply.status, 303);
    assert.match(reply.headers.get('location')!, /\/read$/);
    assert.equal(reply.setCookies.length, 1);
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    assert.equal((await c.get('/read')).json().went, 'yes');
  });

  test('c.body(ReadableStream): the cookie goes with the headers and the whole body follows', async () => {
    const app = new Hono<SessionEnv>();
    app.use(session({ secret: SECRET, store: new MemoryStore() }));
    app.get('/stream', (c) => {
      c.get('session').streamed = 'yes';
      const encoder = new TextEncoder();
      let n = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (n === 3) controller.close();
          else controller.enqueue(encoder.encode(`part-${++n};`));
        },
      });
      return c.body(body, 200, { 'content-type': 'text/plain' });
    });
    app.get('/read', (c) => c.json({ streamed: c.get('session').streamed ?? null }));
    const c = await clientOf(app);
    const reply = await c.get('/stream');
    assert.equal(reply.text, 'part-1;part-2;part-3;');
    assert.equal(reply.setCookies.length, 1);
    assert.equal((await c.get('/read')).json().streamed, 'yes');
  });

  test("the app's own cookies (hono/cookie setCookie) stay beside the session cookie; its Cache-Control: private is kept", async () => {
    const app = new Hono<SessionEnv>();
    app.use(session({ secret: SECRET, store: new MemoryStore() }));
    app.post('/set', (c) => {
      c.get('session').x = 1;
      setCookie(c, 'theme', 'dark');
      setCookie(c, 'lang', 'fr');
      c.header('cache-control', 'private, max-age=60');
      return c.json({ ok: true });
    });
    const reply = await (await clientOf(app)).post('/set');
    assert.deepEqual(reply.setCookies.map((line) => line.split('=')[0]).sort(), ['lang', 'sid', 'theme']);
    assert.equal(reply.headers.get('cache-control'), 'private, max-age=60');
  });

  test("a failed commit reaches app.onError as the typed error, on a response without the handler's headers", async () => {
    const errors: unknown[] = [];
    const app = new Hono<SessionEnv>();
    app.use(session({ secret: SECRET, store: new MemoryStore() }));
    app.get('/fail', (c) => {
      c.get('session').big = 10n;
      c.header('x-handler', 'yes');
      setCookie(c, 'flash', 'saved');
      return c.redirect('/done');
    });
    app.onError((error, c) => {
      errors.push(error);
      return c.json({ code: (error as SessionValueError).code }, 500);
    });
    const reply = await (await clientOf(app)).get('/fail');
    assert.equal(reply.status, 500);
    assert.deepEqual(reply.json(), { code: 'ERR_SESSION_VALUE' });
    assert.ok(errors[0] instanceof SessionValueError);
    assert.equal(reply.headers.get('x-handler'), null);
    assert.equal(reply.headers.get('location'), null);
    assert.deepEqual(reply.setCookies, []);
  });

  test("onStoreError: 'anonymous': a store failure at the commit lets the response go on without the session", async () => {
    const memory = new MemoryStore();
    const failing: SessionStore = Object.assign(Object.create(memory) as SessionStore, {
      create: () => Promise.reject(new SessionStoreError('create', 'store down')),
    });
    const errors: unknown[] = [];
    const sessions = session({ secret: SECRET, store: failing, onStoreError: 'anonymous' }).on('error', ({ error }) => void errors.push(error));
    const app = new Hono<SessionEnv>();
    app.use(sessions);
    app.post('/set', (c) => {
      c.get('session').x = 1;
      return c.text('still here');
    });
    const reply = await (await clientOf(app)).post('/set');
    assert.equal(reply.status, 200);
    assert.equal(reply.text, 'still here');
    assert.deepEqual(reply.setCookies, []);
    assert.ok(errors.some((error) => error instanceof SessionStoreError));
  });

  test('session() and cookieSession() on one request: a typed options error, not a silent takeover', async () => {
    const app = new Hono();
    app.use(session({ secret: SECRET, store: new MemoryStore() }));
    app.use(cookieSession({ keys: [randomBytes(32).toString('base64url')] }) as never);
    app.get('/read', (c) => c.text('unreachable'));
    app.onError((error, c) => c.json({ code: (error as SessionValueError).code }, 500));
    const reply = await (await clientOf(app)).get('/read');
    assert.equal(reply.status, 500);
    assert.equal(reply.json().code, 'ERR_SESSION_OPTIONS');
  });

  test('session() mounted twice (globally and on a route) keeps one session per request', async () => {
    const sessions = session({ secret: SECRET, store: new MemoryStore() });
    const app = new Hono<SessionEnv>();
    app.use(sessions);
    app.use('/api/*', sessions);
    app.post('/api/set', (c) => {
      c.get('session').x = 'once';
      return c.json({ ok: true });
    });
    app.get('/read', (c) => c.json({ x: c.get('session').x ?? null }));
    const c = await clientOf(app);
    assert.equal((await c.post('/api/set')).setCookies.length, 1);
    assert.equal((await c.get('/read')).json().x, 'once');
  });
});

describe('satchel/hono cookieSession(): replacing and ending the session through Hono', () => {
  async function app() {
    const hono = new Hono<CookieSessionEnv>();
    hono.use(cookieSession({ keys: [randomBytes(32).toString('base64url')] }));
    hono.post('/set', (c) => {
      c.get('session')[c.req.query('k')!] = c.req.query('v');
      return c.json({ ok: true });
    });
    hono.post('/regenerate', async (c) => {
      const before = c.get('session');
      await before.regenerate();
      // c.get('session') follows the regenerate: the new, empty session.
      return c.json({ same: before === c.get('session'), keys: Object.keys(c.get('session')) });
    });
    hono.post('/replace', (c) => {
      c.set('session', { fresh: 'start' } as never);
      return c.json({ ok: true });
    });
    hono.post('/null', (c) => {
      c.set('session', null as never);
      return c.json({ ok: true });
    });
    hono.post('/destroy', async (c) => {
      await c.get('session').destroy();
      return c.json({ after: c.get('session') });
    });
    hono.post('/short', (c) => {
      c.get('session').x = 1;
      c.get('sessionOptions').idleTimeout = 5_000;
      return c.json({ ok: true });
    });
    hono.get('/read', (c) => c.json(c.get('session')));
    return clientOf(hono);
  }

  test("regenerate(): c.get('session') is the new session at once", async () => {
    const c = await app();
    await c.post('/set?k=a&v=1');
    assert.deepEqual((await c.post('/regenerate')).json(), { same: false, keys: [] });
  });

  test("c.set('session', {…}) starts a new session with that data", async () => {
    const c = await app();
    await c.post('/set?k=a&v=1');
    await c.post('/replace');
    assert.deepEqual((await c.read()) as unknown, { fresh: 'start' });
  });

  test("c.set('session', null) and session.destroy() log out: the cookie is cleared", async () => {
    for (const path of ['/null', '/destroy']) {
      const c = await app();
      await c.post('/set?k=a&v=1');
      assert.equal(c.jar.size, 1);
      const reply = await c.post(path);
      if (path === '/destroy') assert.equal(reply.json().after, null);
      assert.equal(c.jar.size, 0, `${path}: ${JSON.stringify(reply.setCookies)}`);
      assert.deepEqual((await c.read()) as unknown, {});
    }
  });

  test('cookieSession() mounted twice (globally and on a route) keeps one session per request', async () => {
    const sessions = cookieSession({ keys: [randomBytes(32).toString('base64url')] });
    const hono = new Hono<CookieSessionEnv>();
    hono.use(sessions);
    hono.use('/api/*', sessions);
    hono.post('/api/login', async (c) => {
      await c.get('session').regenerate();
      c.get('session').userId = 'u1';
      return c.json({ ok: true });
    });
    hono.get('/read', (c) => c.json(c.get('session')));
    const c = await clientOf(hono);
    assert.equal((await c.post('/api/login')).setCookies.length, 1);
    assert.deepEqual((await c.read()) as unknown, { userId: 'u1' });
  });

  test("c.get('sessionOptions') changes this response's cookie only", async () => {
    const c = await app();
    const short = await c.post('/short');
    assert.match(short.setCookies[0]!, /Max-Age=5\b/);
    const normal = await c.post('/set?k=b&v=2');
    assert.doesNotMatch(normal.setCookies[0]!, /Max-Age=5\b/);
  });
});

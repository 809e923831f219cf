/**
 * satchel/web's own promises, beyond the shared edge suite: commit onto `Headers`, one commit
 * per load, one load per request, the app's cookies and caching kept, `session = null` with
 * `unset`, typed rejections, and the forwarded-HTTPS warning. Real Request/Response objects from
 * a real Node server (@hono/node-server).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cookieSession, MemoryStore, session, SessionError, SessionValueError, CookieTooLargeError } from '../../src/web.js';
import { Client } from './client.js';
import { serveFetch } from './harness/serve.js';
import type { EdgeServer } from './contract.js';

const SECRET = `web-api-${randomBytes(24).toString('base64url')}`;
const servers: EdgeServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function clientOf(fetch: (request: Request) => Promise<Response>): Promise<Client> {
  const server = await serveFetch(async (request) => {
    try {
      return await fetch(request);
    } catch (error) {
      return Response.json({ code: (error as SessionError).code, name: (error as Error).name }, { status: 500 });
    }
  });
  servers.push(server);
  return new Client(server.url);
}

describe('satchel/web session()', () => {
  test('commit(headers): the cookie lands on Headers the app builds its response with', async () => {
    const sessions = session({ secret: SECRET, store: new MemoryStore() });
    const c = await clientOf(async (request) => {
      const s = await sessions.load(request);
      if (new URL(request.url).pathname === '/read') return s.commit(Response.json({ n: s.session.n ?? null }));
      s.session.n = 1;
      const headers = new Headers({ location: '/read' });
      assert.equal(await s.commit(headers), headers);
      return new Response(null, { status: 303, headers });
    });
    const reply = await c.post('/set');
    assert.equal(reply.status, 303);
    assert.equal(reply.setCookies.length, 1);
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    assert.equal((await c.get('/read')).json().n, 1);
  });

  test('load() twice for one Request answers the same session; commit() twice rejects with ERR_SESSION_HEADERS_SENT', async () => {
    const sessions = session({ secret: SECRET, store: new MemoryStore() });
    const c = await clientOf(async (request) => {
      const [a, b] = await Promise.all([sessions.load(request), sessions.load(request)]);
      a.session.x = 1;
      const response = await a.commit(Response.json({ same: a === b }));
      await assert.rejects(b.commit(new Response()), (error: SessionError) => error.code === 'ERR_SESSION_HEADERS_SENT');
      return response;
    });
    const reply = await c.post('/');
    assert.equal(reply.json().same, true);
    assert.equal(reply.setCookies.length, 1);
  });

  test("the app's Set-Cookie lines stay beside the session cookie, and Cache-Control: private is kept", async () => {
    const sessions = session({ secret: SECRET, store: new MemoryStore() });
    const c = await clientOf(async (request) => {
      const s = await sessions.load(request);
      s.session.x = 1;
      const headers = new Headers({ 'cache-control': 'private' });
      headers.append('set-cookie', 'theme=dark; Path=/');
      headers.append('set-cookie', 'lang=fr; Path=/');
      return s.commit(new Response('ok', { headers }));
    });
    const reply = await c.post('/');
    assert.deepEqual(reply.setCookies.map((line) => line.split('=')[0]).sort(), ['lang', 'sid', 'theme']);
    assert.equal(reply.headers.get('cache-control'), 'private');
  });

  test("session = null with unset: 'destroy' deletes the stored session", async () => {
    const store = new MemoryStore();
    const sessions = session({ secret: SECRET, store, unset: 'destroy' });
    const c = await clientOf(async (request) => {
      const s = await sessions.load(request);
      const path = new URL(request.url).pathname;
      if (path === '/set') s.session.x = 1;
      if (path === '/unset') s.session = null;
      return s.commit(Response.json({ x: s.session?.x ?? null }));
    });
    await c.post('/set');
    const old = c.cookieHeader();
    await c.post('/unset');
    assert.equal((await c.get('/read', { cookie: old })).json().x, null);
  });

  test('a value no session can hold rejects commit() with SessionValueError', async () => {
    const sessions = session({ secret: SECRET, store: new MemoryStore() });
    let rejected: unknown;
    const c = await clientOf(async (request) => {
      const s = await sessions.load(request);
      s.session.big = 10n;
      try {
        return await s.commit(Response.json({ ok: true }));
      } catch (error) {
        rejected = error;
        throw error;
      }
    });
    const reply = await c.get('/');
    assert.ok(rejected instanceof SessionValueError);
    assert.equal(reply.json().code, 'ERR_SESSION_VALUE');
  });

  test('an untrusted X-Forwarded-Proto: https is reported once through the warning event', async () => {
    const warnings: string[] = [];
    const sessions = session({ secret: SECRET, store: new MemoryStore() }).on('warning', ({ code }) => void warnings.push(code));
    const c = await clientOf(async (request) => {
      const s = await sessions.load(request);
      s.session.x = 1;
      return s.commit(new Response('ok'));
    });
    for (let i = 0; i < 2; i++) await new Client(c.base).post('/', { headers: { 'x-forwarded-proto': 'https' } });
    assert.deepEqual(warnings, ['WARN_SESSION_FORWARDED_PROTO_IGNORED']);
  });
});

describe('satchel/web cookieSession()', () => {
  test('session = null logs out, options change one response, CookieTooLargeError rejects commit()', async () => {
    const sessions = cookieSession({ keys: [randomBytes(32).toString('base64url')] });
    const c = await clientOf(async (request) => {
      const s = await sessions.load(request);
      const path = new URL(request.url).pathname;
      if (path === '/set') s.session.x = 1;
      if (path === '/short') {
        s.session.y = 2;
        s.options.idleTimeout = 5_000;
      }
      if (path === '/huge') s.session.blob = randomBytes(8_000).toString('base64');
      if (path === '/logout') s.session = null;
      return s.commit(Response.json(s.session ?? {}));
    });
    await c.post('/set');
    assert.match((await c.post('/short')).setCookies[0]!, /Max-Age=5\b/);
    const huge = await c.post('/huge');
    assert.equal(huge.status, 500);
    assert.equal(huge.json().name, new CookieTooLargeError(1, 1, 1).name);
    assert.deepEqual((await c.read()) as unknown, { x: 1, y: 2 });
    await c.post('/logout');
    assert.equal(c.jar.size, 0);
    assert.deepEqual((await c.read()) as unknown, {});
  });

  test('proxy: true trusts the first X-Forwarded-Proto: the cookie is Secure with the __Host- prefix', async () => {
    const sessions = cookieSession({ keys: [randomBytes(32).toString('base64url')], proxy: true });
    const c = await clientOf(async (request) => {
      const s = await sessions.load(request);
      s.session.x = 1;
      return s.commit(new Response('ok'));
    });
    const reply = await c.post('/', { headers: { 'x-forwarded-proto': 'https, http' } });
    assert.match(reply.setCookies[0]!, /^__Host-.*;\s*Secure/i);
  });
});

/**
 * satchel/fastify beyond the shared edge suite: Fastify's own conventions. Real Fastify 5, real
 * HTTP on 127.0.0.1 (app.inject only where it says so), real stores.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createClient } from 'redis';
import { cookieSession, session, MemoryStore, SessionValueError, CookieTooLargeError } from '../../src/fastify.js';
import type { CookieSessionRequestOptions, FastifySessionOptions } from '../../src/fastify.js';
import { RedisStore } from '../../src/stores/redis.js';
import type { SessionStore } from '../../src/types.js';
import { Client } from './client.js';
import { collectUnhandledRejections } from '../support/unhandled.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';

const unhandled = collectUnhandledRejections();
const secret = () => randomBytes(32).toString('base64url');
const stored = (extra: Partial<FastifySessionOptions> = {}) => session({ secret: secret(), store: new MemoryStore({ sweepInterval: 0 }), ...extra });
const sealed = () => cookieSession({ keys: [randomBytes(32).toString('base64url')] });

const open: FastifyInstance[] = [];
after(async () => {
  for (const app of open) {
    app.server.closeAllConnections();
    await app.close();
  }
  assert.deepEqual(unhandled, [], 'unhandled rejections');
});

/** Listens on a free port of 127.0.0.1 and answers a cookie-keeping client for it. */
async function serve(app: FastifyInstance): Promise<Client> {
  open.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  assert.ok(address !== null && typeof address === 'object');
  return new Client(`http://127.0.0.1:${address.port}`);
}

type Bag = Record<string, unknown>;
const bag = (value: unknown) => value as Bag;

describe('fastify-plugin: one registration at the root serves the whole app', () => {
  test('routes of encapsulated child contexts (with a prefix) share the session with the root', async () => {
    const app = Fastify();
    await app.register(stored());
    await app.register(
      async (child) => {
        child.post('/set', async (request) => {
          request.session.fromChild = 'yes';
          return { ok: true };
        });
      },
      { prefix: '/child' },
    );
    await app.register(async (child) => {
      child.get('/grandchild-read', async (request) => ({ fromChild: request.session.fromChild ?? null }));
    });
    app.get('/read', async (request) => ({ fromChild: request.session.fromChild ?? null }));
    const c = await serve(app);
    assert.equal((await c.post('/child/set')).setCookies.length, 1);
    assert.deepEqual((await c.get('/read')).json(), { fromChild: 'yes' });
    assert.deepEqual((await c.get('/grandchild-read')).json(), { fromChild: 'yes' });
  });

  test('registered inside one context it stays there: both kinds live side by side in sibling contexts', async () => {
    const app = Fastify();
    await app.register(
      async (scope) => {
        await scope.register(stored());
        scope.post('/set', async (request) => {
          request.session.kind = 'stored';
          return { ok: true };
        });
      },
      { prefix: '/stored' },
    );
    await app.register(
      async (scope) => {
        await scope.register(sealed());
        scope.post('/set', async (request) => {
          bag(request.session).kind = 'sealed';
          return { ok: true };
        });
      },
      { prefix: '/sealed' },
    );
    app.get('/outside', async (request) => ({ session: request.session ?? null }));
    const c = await serve(app);
    const one = await c.post('/stored/set');
    const two = await c.post('/sealed/set');
    assert.match(one.setCookies[0]!, /^sid=/);
    assert.match(two.setCookies[0]!, /^session=/);
    const outside = await c.get('/outside');
    assert.deepEqual(outside.json(), { session: null });
    assert.deepEqual(outside.setCookies, []);
  });

  test('both kinds in one scope: registration fails with ERR_SESSION_OPTIONS instead of one ending the other', async () => {
    const app = Fastify();
    await app.register(stored());
    await assert.rejects(async () => {
      await app.register(sealed());
    }, { code: 'ERR_SESSION_OPTIONS' });
  });

  test('a write in the not-found handler persists like any other (the root hooks run for 404s)', async () => {
    const app = Fastify();
    await app.register(stored());
    app.setNotFoundHandler(async (request, reply) => {
      request.session.lost = request.url;
      return reply.code(404).send({ missing: true });
    });
    app.get('/read', async (request) => ({ lost: request.session.lost ?? null }));
    const c = await serve(app);
    assert.equal((await c.get('/nowhere')).status, 404);
    assert.deepEqual((await c.get('/read')).json(), { lost: '/nowhere' });
  });

  test('app.inject (light-my-request) carries the cookie like a real client', async () => {
    const app = Fastify();
    await app.register(stored());
    app.post('/set', async (request) => {
      request.session.via = 'inject';
      return { ok: true };
    });
    app.get('/read', async (request) => ({ via: request.session.via ?? null }));
    open.push(app);
    const set = await app.inject({ method: 'POST', url: '/set' });
    const cookie = set.cookies[0]!;
    const read = await app.inject({ method: 'GET', url: '/read', cookies: { [cookie.name]: cookie.value } });
    assert.deepEqual(read.json(), { via: 'inject' });
  });
});

describe("hooks: satchel's onSend beside the app's own", () => {
  test("the app's onSend hooks see the session cookie, and their own Set-Cookie values are kept beside it", async () => {
    const app = Fastify();
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('set-cookie', 'before=1; Path=/');
      return payload;
    });
    await app.register(stored());
    let seenByLaterHook: unknown;
    app.addHook('onSend', async (_request, reply, payload) => {
      seenByLaterHook = reply.getHeader('set-cookie');
      reply.header('set-cookie', 'after=1; Path=/');
      return String(payload).replace('"ok":true', '"ok":"transformed"');
    });
    // A preHandler of the app runs after satchel's onRequest: its writes are saved.
    app.addHook('preHandler', async (request) => {
      request.session.fromPreHandler = 'yes';
    });
    app.post('/set', async () => ({ ok: true }));
    app.get('/read', async (request) => ({ fromPreHandler: request.session.fromPreHandler ?? null }));
    const c = await serve(app);
    const reply = await c.post('/set');
    assert.deepEqual(reply.json(), { ok: 'transformed' });
    assert.deepEqual(
      reply.setCookies.map((line) => line.split('=')[0]),
      ['before', 'sid', 'after'],
    );
    assert.ok(Array.isArray(seenByLaterHook) && seenByLaterHook.some((line: string) => line.startsWith('sid=')), String(seenByLaterHook));
    assert.equal(reply.headers.get('cache-control'), 'no-store');
    assert.deepEqual((await c.get('/read')).json(), { fromPreHandler: 'yes' });
  });
});

describe('@fastify/cookie beside satchel', () => {
  for (const order of ['cookie plugin first', 'satchel first'] as const) {
    test(`${order}: reply.setCookie() values and the session cookie both go out, and satchel reads its cookie unaided`, async () => {
      const app = Fastify();
      if (order === 'cookie plugin first') await app.register(fastifyCookie);
      await app.register(stored());
      if (order === 'satchel first') await app.register(fastifyCookie);
      app.post('/set', async (request, reply) => {
        request.session.theme = 'dark';
        reply.setCookie('theme', 'dark', { path: '/' });
        return { ok: true };
      });
      app.get('/read', async (request) => ({ theme: request.session.theme ?? null, parsed: Object.keys(request.cookies).sort() }));
      const c = await serve(app);
      const reply = await c.post('/set');
      assert.deepEqual(reply.setCookies.map((line) => line.split('=')[0]).sort(), ['sid', 'theme']);
      assert.deepEqual((await c.get('/read')).json(), { theme: 'dark', parsed: ['sid', 'theme'] });
    });
  }
});

/**
 * The store every write goes through, a real MemoryStore; the wrapper (an observer, not a mock:
 * every call reaches the real store) records what the response had sent when the write ran.
 */
function observedStore(reply: { current?: FastifyReply }, seen: string[]): SessionStore {
  const real = new MemoryStore({ sweepInterval: 0 });
  const note = (what: string) => seen.push(`${what}: headersSent=${String(reply.current?.raw.headersSent)}`);
  return {
    get: (key) => real.get(key),
    create: (key, record) => (note('create'), real.create(key, record)),
    update: (key, patch) => (note('update'), real.update(key, patch)),
    destroy: (key) => real.destroy(key),
    touch: (key, expiresAt, lastSeenAt) => real.touch(key, expiresAt, lastSeenAt),
  };
}

describe('commit before send', () => {
  for (const kind of ['json', 'stream', 'redirect'] as const) {
    test(`${kind}: the store write completes before the headers go out, and the body arrives whole`, async () => {
      const current: { current?: FastifyReply } = {};
      const seen: string[] = [];
      const app = Fastify();
      await app.register(session({ secret: secret(), store: observedStore(current, seen) }));
      app.get('/go', (request, reply) => {
        current.current = reply;
        request.session.kind = kind;
        if (kind === 'redirect') return reply.redirect('/read');
        if (kind === 'json') return reply.send({ ok: true });
        const body = new PassThrough();
        body.write('chunk-1');
        setImmediate(() => body.end('chunk-2'));
        return reply.type('text/plain').send(body);
      });
      app.get('/read', async (request) => ({ kind: request.session.kind ?? null }));
      const c = await serve(app);
      const reply = await c.get('/go');
      assert.deepEqual(seen, ['create: headersSent=false']);
      assert.equal(reply.status, kind === 'redirect' ? 302 : 200);
      if (kind === 'stream') assert.equal(reply.text, 'chunk-1chunk-2');
      if (kind === 'redirect') assert.equal(reply.headers.get('location'), '/read');
      assert.deepEqual((await c.get('/read')).json(), { kind });
    });
  }
});

describe("a failed commit reaches Fastify's error handler", () => {
  test('setErrorHandler receives the typed error on a clean reply: no Location, no handler headers, no cookies, status 500', async () => {
    const app = Fastify();
    await app.register(stored());
    let received: unknown;
    app.setErrorHandler((error, _request, reply) => {
      received = error;
      // This handler picks no status: the failed reply must not keep the handler's 302.
      return reply.send({ code: (error as { code?: string }).code, headers: Object.keys(reply.getHeaders()).sort() });
    });
    app.get('/fail', (request, reply) => {
      request.session.big = 10n;
      reply.header('x-handler', 'success').header('set-cookie', 'app=1; Path=/');
      reply.raw.setHeader('x-raw', 'success');
      return reply.redirect('/done');
    });
    const reply = await (await serve(app)).get('/fail');
    assert.ok(received instanceof SessionValueError, String(received));
    assert.equal(reply.status, 500);
    assert.equal(reply.headers.get('location'), null);
    assert.equal(reply.headers.get('x-handler'), null);
    assert.equal(reply.headers.get('x-raw'), null);
    assert.deepEqual(reply.setCookies, []);
    assert.deepEqual(reply.json(), { code: 'ERR_SESSION_VALUE', headers: [] });
  });

  test("Fastify's default error handler answers 500 with the code; a stream that will not be sent is closed", async () => {
    const app = Fastify({ logger: false });
    await app.register(stored());
    const body = new PassThrough();
    app.get('/fail', (request, reply) => {
      request.session.big = 10n;
      body.write('never sent');
      return reply.type('text/plain').send(body);
    });
    const reply = await (await serve(app)).get('/fail');
    assert.equal(reply.status, 500);
    assert.equal(reply.json().code, 'ERR_SESSION_VALUE');
    assert.equal(reply.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(body.destroyed, true);
  });

  test('cookieSession(): a session too large for its cookie is a CookieTooLargeError for the error handler', async () => {
    const app = Fastify();
    await app.register(sealed());
    let received: unknown;
    app.setErrorHandler((error, _request, reply) => {
      received = error;
      return reply.code(500).send({ code: (error as { code?: string }).code });
    });
    app.post('/big', async (request) => {
      bag(request.session).blob = randomBytes(6000).toString('hex');
      return { ok: true };
    });
    const reply = await (await serve(app)).post('/big');
    assert.ok(received instanceof CookieTooLargeError, String(received));
    assert.deepEqual(reply.json(), { code: 'ERR_SESSION_COOKIE_TOO_LARGE' });
    assert.deepEqual(reply.setCookies, []);
  });
});

describe('a real Redis', () => {
  const clients: Array<ReturnType<typeof createClient>> = [];
  after(async () => {
    for (const client of clients) if (client.isOpen) await client.quit();
  });
  async function redisStore(): Promise<{ store: RedisStore; client: ReturnType<typeof createClient> }> {
    const client = createClient({ url: REDIS_URL });
    client.on('error', () => {});
    await client.connect();
    clients.push(client);
    return { store: new RedisStore({ client, prefix: `${uniqueName('satchel_fastify')}:` }), client };
  }

  test('login, the user index through the plugin, and ending the other devices', async () => {
    const { store } = await redisStore();
    const plugin = session({ secret: secret(), store });
    assert.equal(plugin.store, store);
    const created: unknown[] = [];
    plugin.on('created', (event) => created.push(event));
    const app = Fastify();
    await app.register(plugin);
    app.post('/login', async (request) => {
      await request.session.login('ada');
      return { ok: true };
    });
    // The user id lives in the store record, not in the data: a session knows its devices.
    app.get('/devices', async (request) => ({ devices: (await request.session.listUserSessions()).length }));
    app.post('/other-devices', async (request) => ({ ended: await request.session.destroyOtherSessions() }));
    const laptop = await serve(app);
    const phone = new Client(laptop.base);
    await laptop.post('/login');
    await phone.post('/login');
    assert.equal(created.length, 2);
    assert.equal((await plugin.listUserSessions('ada')).length, 2);
    assert.deepEqual((await laptop.post('/other-devices')).json(), { ended: 1 });
    assert.equal((await plugin.listUserSessions('ada')).length, 1);
    assert.deepEqual((await phone.get('/devices')).json(), { devices: 0 });
    assert.equal(phone.jar.size, 0, 'the ended session cookie is cleared');
    assert.deepEqual((await laptop.get('/devices')).json(), { devices: 1 });
    assert.equal(await plugin.destroyUserSessions('ada'), 1);
    assert.deepEqual((await laptop.get('/devices')).json(), { devices: 0 });
  });

  for (const onStoreError of ['error', 'anonymous'] as const) {
    test(`Redis gone (client closed), onStoreError '${onStoreError}': ${onStoreError === 'error' ? 'a typed 500' : 'the reply goes on without the session'}`, async () => {
      const { store, client } = await redisStore();
      const plugin = session({ secret: secret(), store, onStoreError });
      const errors: unknown[] = [];
      plugin.on('error', ({ error }) => errors.push(error));
      const app = Fastify();
      await app.register(plugin);
      app.setErrorHandler((error, _request, reply) => reply.code(500).send({ code: (error as { code?: string }).code }));
      app.post('/set', async (request, reply) => {
        request.session.x = 1;
        return reply.header('x-handler', 'success').send({ ok: true });
      });
      const c = await serve(app);
      client.destroy();
      const reply = await c.post('/set');
      assert.deepEqual(reply.setCookies, []);
      assert.equal(errors.length, 1);
      if (onStoreError === 'error') {
        assert.equal(reply.status, 500);
        assert.match(reply.json().code, /^ERR_SESSION_STORE/);
        assert.equal(reply.headers.get('x-handler'), null);
      } else {
        assert.equal(reply.status, 200);
        assert.deepEqual(reply.json(), { ok: true });
        assert.equal(reply.headers.get('x-handler'), 'success');
      }
    });
  }
});

describe("HTTPS by Fastify's trustProxy, unless `proxy` says otherwise", () => {
  const cases = [
    { trustProxy: true, proxy: undefined, secure: true },
    { trustProxy: false, proxy: undefined, secure: false },
    { trustProxy: true, proxy: false, secure: false },
    { trustProxy: false, proxy: true, secure: true },
  ];
  for (const { trustProxy, proxy, secure } of cases) {
    test(`trustProxy ${trustProxy}, proxy ${String(proxy)}: X-Forwarded-Proto: https gives ${secure ? 'a Secure __Host- cookie' : 'a plain cookie'}`, async () => {
      const app = Fastify({ trustProxy });
      const plugin = stored(proxy === undefined ? {} : { proxy });
      plugin.on('warning', () => {});
      await app.register(plugin);
      app.post('/set', async (request) => {
        request.session.x = 1;
        return { ok: true };
      });
      const reply = await (await serve(app)).post('/set', { headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(reply.setCookies.length, 1);
      if (secure) assert.match(reply.setCookies[0]!, /^__Host-sid=.*; Secure/i);
      else assert.doesNotMatch(reply.setCookies[0]!, /Secure/i);
    });
  }

  test("an untrusted X-Forwarded-Proto: https is reported once, naming Fastify's trustProxy", async () => {
    const app = Fastify();
    const plugin = stored();
    const warnings: Array<{ code: string; message: string }> = [];
    plugin.on('warning', (warning) => warnings.push(warning));
    await app.register(plugin);
    app.post('/set', async (request) => {
      request.session.x = 1;
      return { ok: true };
    });
    const c = await serve(app);
    await c.post('/set', { headers: { 'x-forwarded-proto': 'https' } });
    await c.post('/set', { headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.code, 'WARN_SESSION_FORWARDED_PROTO_IGNORED');
    assert.match(warnings[0]!.message, /trustProxy/);
  });
});

describe('cookieSession(): request.session and request.sessionOptions', () => {
  test('sessionOptions change this reply only; request.session = null logs out', async () => {
    const app = Fastify();
    const plugin = sealed();
    const events: string[] = [];
    plugin.on('created', () => events.push('created')).on('destroyed', () => events.push('destroyed'));
    await app.register(plugin);
    app.post('/strict', async (request) => {
      // This program types request.session for session() (the default mode); the cookie-mode types are in test/types/fastify.
      (request as unknown as { sessionOptions: CookieSessionRequestOptions }).sessionOptions.sameSite = 'strict';
      bag(request.session).n = 1;
      return { ok: true };
    });
    app.post('/bump', async (request) => {
      const s = bag(request.session);
      s.n = Number(s.n) + 1;
      return { n: s.n };
    });
    app.post('/logout', async (request) => {
      (request as unknown as { session: null }).session = null;
      return { ok: true };
    });
    const c = await serve(app);
    assert.match((await c.post('/strict')).setCookies[0]!, /SameSite=Strict/i);
    const bumped = await c.post('/bump');
    assert.deepEqual(bumped.json(), { n: 2 });
    assert.match(bumped.setCookies[0]!, /SameSite=Lax/i);
    await c.post('/logout');
    assert.equal(c.jar.size, 0);
    assert.deepEqual(events, ['created', 'destroyed']);
  });
});

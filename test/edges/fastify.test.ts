/**
 * satchel/fastify on a real Fastify 5 server: the contract routes through the Fastify harness
 * (both kinds of session), and what only Fastify has (onSend after a failed commit, trustProxy,
 * registration rules, @fastify/cookie beside the session, an async store).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { createClient } from 'redis';
import { fastifyHarness } from './harness/fastify.js';
import type { EdgeMode, EdgeServer } from './contract.js';
import { cookieSession, session, MemoryStore } from '../../src/fastify.js';
import { generateSealKey } from '../../src/crypto/seal-keyring.js';
import { RedisStore } from '../../src/stores/redis.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';
import { collectUnhandledRejections } from '../support/unhandled.js';

const SECRET = 'k3y-0f-at-least-32-random-chars-AbCdEfGh';
const unhandled = collectUnhandledRejections();

/** A browser's cookie jar, enough for one origin: name → value, emptied by an expired Set-Cookie. */
class Client {
  readonly jar = new Map<string, string>();
  constructor(readonly base: string) {}

  async call(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string; cookies: string[] }> {
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(this.base + path, { method, redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
    const cookies = res.headers.getSetCookie();
    for (const line of cookies) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: res.status, headers: res.headers, text: await res.text(), cookies };
  }

  async json(method: string, path: string): Promise<any> {
    const res = await this.call(method, path);
    assert.equal(res.status, 200, `${method} ${path}: ${res.text}`);
    return JSON.parse(res.text);
  }
}

function optionsFor(mode: EdgeMode): Record<string, unknown> {
  return mode === 'stored' ? { secret: SECRET, store: new MemoryStore() } : { keys: [generateSealKey()] };
}

async function withServer(mode: EdgeMode, run: (client: Client, server: EdgeServer) => Promise<void>, settings?: { trustProxy?: boolean }, options = optionsFor(mode)): Promise<void> {
  const server = await fastifyHarness.start(mode, options, settings);
  try {
    await run(new Client(server.url), server);
  } finally {
    await server.close();
  }
}

for (const mode of ['stored', 'sealed'] as const) {
  describe(`fastify harness, ${mode}`, () => {
    test('set, push and delete persist across requests; a read writes nothing', () =>
      withServer(mode, async (client) => {
        const first = await client.call('GET', '/read');
        assert.deepEqual(first.cookies, [], 'a read of no session sets no cookie');
        assert.deepEqual(JSON.parse(first.text).data, {});
        await client.json('POST', '/set?k=a&v=1');
        await client.json('POST', '/push?k=list&v=x');
        await client.json('POST', '/push?k=list&v=y');
        await client.json('POST', '/set?k=gone&v=soon');
        await client.json('POST', '/delete?k=gone');
        const read = await client.call('GET', '/read');
        assert.deepEqual(JSON.parse(read.text).data, { a: '1', list: ['x', 'y'] });
        if (mode === 'sealed') assert.equal(JSON.parse(read.text).id, null);
      }));

    test('a response carrying the session cookie is Cache-Control: no-store', () =>
      withServer(mode, async (client) => {
        const res = await client.call('POST', '/set?k=a&v=1');
        assert.equal(res.cookies.length, 1);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        assert.match(res.cookies[0]!, /HttpOnly/i);
      }));

    test('redirect: 302 carries the saved session', () =>
      withServer(mode, async (client) => {
        const res = await client.call('GET', '/redirect');
        assert.equal(res.status, 302);
        assert.equal(res.headers.get('location'), '/read');
        assert.equal(res.cookies.length, 1);
        assert.deepEqual((await client.json('GET', '/read')).data, { redirected: 'yes' });
      }));

    test('stream: the cookie goes out with the streamed body, both chunks arrive', () =>
      withServer(mode, async (client) => {
        const res = await client.call('GET', '/stream');
        assert.equal(res.status, 200);
        assert.equal(res.text, 'chunk-1chunk-2');
        assert.equal(res.cookies.length, 1);
        assert.deepEqual((await client.json('GET', '/read')).data, { streamed: 'yes' });
      }));

    test('fail: a value no session can hold answers 500 { code } with no session cookie', () =>
      withServer(mode, async (client) => {
        await client.json('POST', '/set?k=a&v=1');
        const res = await client.call('GET', '/fail');
        assert.equal(res.status, 500);
        const { code } = JSON.parse(res.text);
        assert.match(code, /^ERR_SESSION_/);
        assert.deepEqual(res.cookies, []);
        assert.deepEqual((await client.json('GET', '/read')).data, { a: '1' }, 'the failed request changed nothing');
      }));

    test('regenerate keeps going with a new session; logout ends it', () =>
      withServer(mode, async (client) => {
        await client.json('POST', '/set?k=a&v=1');
        const before = (await client.json('GET', '/read')).id;
        await client.json('POST', '/regenerate');
        const after = await client.json('GET', '/read');
        assert.equal(after.data.after, 'regenerate');
        if (mode === 'stored') assert.notEqual(after.id, before);
        await client.json('POST', '/login?user=ann');
        const logout = await client.call('POST', '/logout');
        assert.equal(logout.status, 200);
        assert.equal(logout.cookies.length, 1, 'logout clears the cookie');
        assert.deepEqual((await client.json('GET', '/read')).data, {});
      }));

    test('trustProxy: X-Forwarded-Proto https makes the cookie Secure only when Fastify trusts the proxy', async () => {
      await withServer(
        mode,
        async (client) => {
          const res = await client.call('POST', '/set?k=a&v=1', { 'x-forwarded-proto': 'https' });
          assert.match(res.cookies[0]!, /;\s*Secure/i);
        },
        { trustProxy: true },
      );
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => warnings.push(warning);
      process.on('warning', onWarning);
      try {
        await withServer(mode, async (client) => {
          // Host 127.0.0.1 is loopback: browsers keep a Secure cookie there; the point is the warning.
          await client.call('POST', '/set?k=a&v=1', { 'x-forwarded-proto': 'https' });
          await new Promise((resolve) => setImmediate(resolve));
        });
      } finally {
        process.off('warning', onWarning);
      }
      const ours = warnings.filter((w) => (w as { code?: string }).code === 'WARN_SESSION_FORWARDED_PROTO_IGNORED');
      assert.equal(ours.length, 1);
      assert.match(ours[0]!.message, /trustProxy/);
    });
  });
}

describe('fastify harness, stored only', () => {
  test('a slow handler and a quick one from the same browser: both writes persist (update-only saves)', () =>
    withServer('stored', async (client) => {
      await client.json('POST', '/set?k=a&v=1');
      const slow = client.json('POST', '/slow-set?k=b&v=2&ms=100');
      await client.json('POST', '/set?k=c&v=3');
      await slow;
      assert.deepEqual((await client.json('GET', '/read')).data, { a: '1', b: '2', c: '3' });
    }));

  test('per-user management on the plugin; destroyOtherSessions ends the other device', async () => {
    const store = new MemoryStore();
    await withServer(
      'stored',
      async (phone, server) => {
        const laptop = new Client(server.url);
        await phone.json('POST', '/login?user=ann');
        await laptop.json('POST', '/login?user=ann');
        assert.equal((await phone.json('GET', '/users?user=ann')).count, 2);
        assert.equal((await laptop.json('POST', '/other-devices')).ended, 1);
        assert.equal((await laptop.json('GET', '/users?user=ann')).count, 1);
        assert.deepEqual((await phone.json('GET', '/read')).data, {}, 'the phone was logged out');
      },
      undefined,
      { secret: SECRET, store },
    );
  });
});

describe('fastify edge', () => {
  test('a commit that fails on a redirect answers the error handler with a clean response (no Location, no handler cookie)', async () => {
    const app = Fastify();
    await app.register(session({ secret: SECRET, store: new MemoryStore() }));
    app.setErrorHandler((error: { code?: string }, _request, reply) => {
      reply.send({ code: error.code });
    });
    app.get('/go', async (request, reply) => {
      (request.session as unknown as Record<string, unknown>).big = 10n;
      reply.header('set-cookie', 'handler=1; Path=/');
      return reply.redirect('/elsewhere');
    });
    const res = await app.inject({ method: 'GET', url: '/go' });
    assert.equal(res.statusCode, 500);
    assert.equal(res.headers.location, undefined);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.match(JSON.parse(res.body).code, /^ERR_SESSION_/);
    await app.close();
  });

  test('a commit that fails on a streamed reply answers 500 and closes the stream nobody will read', async () => {
    const app = Fastify();
    await app.register(cookieSession({ keys: [generateSealKey()] }));
    app.setErrorHandler((error: { code?: string }, _request, reply) => {
      reply.send({ code: error.code });
    });
    let body: Readable | undefined;
    app.get('/file', async (request, reply) => {
      (request.session as unknown as Record<string, unknown>).big = 10n;
      body = new Readable({ read() {} });
      return reply.type('text/plain').send(body);
    });
    const res = await app.inject({ method: 'GET', url: '/file' });
    assert.equal(res.statusCode, 500);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.match(JSON.parse(res.body).code, /^ERR_SESSION_/);
    assert.equal(body?.destroyed, true);
    await app.close();
  });

  test('a handler error still commits the session on the error response', async () => {
    const app = Fastify();
    const store = new MemoryStore();
    await app.register(session({ secret: SECRET, store }));
    app.get('/boom', async (request) => {
      (request.session as unknown as Record<string, unknown>).seen = 'yes';
      throw Object.assign(new Error('boom'), { statusCode: 418 });
    });
    app.get('/seen', async (request) => ({ seen: (request.session as unknown as Record<string, unknown>).seen ?? null }));
    const res = await app.inject({ method: 'GET', url: '/boom' });
    assert.equal(res.statusCode, 418);
    const lines = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    assert.equal(lines.length, 1, 'one session cookie');
    const again = await app.inject({ method: 'GET', url: '/seen', headers: { cookie: lines[0]!.split(';')[0]! } });
    assert.deepEqual(JSON.parse(again.body), { seen: 'yes' });
    await app.close();
  });

  test('session() and cookieSession() in one scope: registration fails with the reason', async () => {
    const app = Fastify();
    app.register(session({ secret: SECRET, store: new MemoryStore() }));
    app.register(cookieSession({ keys: [generateSealKey()] }));
    await assert.rejects(async () => {
      await app.ready();
    }, { code: 'ERR_SESSION_OPTIONS' });
    await app.close();
  });

  test('session() and cookieSession() in separate encapsulated plugins both work', async () => {
    const app = Fastify();
    await app.register(async (api) => {
      await api.register(cookieSession({ keys: [generateSealKey()] }));
      api.post('/api/set', async (request) => {
        request.session.userId = 'sealed';
        return { ok: true };
      });
    });
    await app.register(async (site) => {
      await site.register(session({ secret: SECRET, store: new MemoryStore() }));
      site.post('/site/set', async (request) => {
        (request.session as unknown as Record<string, unknown>).userId = 'stored';
        return { ok: true };
      });
    });
    const sealed = await app.inject({ method: 'POST', url: '/api/set' });
    const stored = await app.inject({ method: 'POST', url: '/site/set' });
    assert.equal(sealed.statusCode, 200, sealed.body);
    assert.equal(stored.statusCode, 200, stored.body);
    assert.equal(([] as string[]).concat(sealed.headers['set-cookie'] ?? []).length, 1);
    assert.equal(([] as string[]).concat(stored.headers['set-cookie'] ?? []).length, 1);
    await app.close();
  });

  test('@fastify/cookie registered first: its cookies and the session cookie both go out', async () => {
    const app = Fastify();
    await app.register(fastifyCookie);
    await app.register(session({ secret: SECRET, store: new MemoryStore() }));
    app.get('/both', async (request, reply) => {
      (request.session as unknown as Record<string, unknown>).a = 1;
      reply.setCookie('theme', 'dark', { path: '/' });
      return { ok: true };
    });
    const res = await app.inject({ method: 'GET', url: '/both' });
    const names = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((line) => line.slice(0, line.indexOf('=')));
    assert.equal(names.length, 2, String(names));
    assert.ok(names.includes('theme'));
    await app.close();
  });

  test('an async store (Redis): the load and the save are awaited around the handler', async () => {
    const client = await createClient({ url: REDIS_URL }).connect();
    try {
      await withServer(
        'stored',
        async (browser) => {
          await browser.json('POST', '/set?k=a&v=1');
          assert.equal((await browser.call('GET', '/redirect')).status, 302);
          assert.deepEqual((await browser.json('GET', '/read')).data, { a: '1', redirected: 'yes' });
        },
        undefined,
        { secret: SECRET, store: new RedisStore({ client, prefix: `${uniqueName('fastify')}:` }) },
      );
    } finally {
      await client.quit();
    }
  });

  test('no unhandled rejections', () => {
    assert.deepEqual(unhandled, []);
  });
});

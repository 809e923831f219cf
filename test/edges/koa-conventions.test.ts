/**
 * satchel/koa the Koa way, beyond the shared edge suite: ctx.session = null in both modes,
 * ctx.sessionOptions, failed commits thrown into Koa's error handling (upstream try/catch and
 * Koa's own), a handler's error after a session write, a real Redis outage at load and at commit,
 * ctx.respond = false, and the proxy option against app.proxy. Real Koa, real HTTP.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import type { Context, Middleware } from 'koa';
import { cookieSession, session } from '../../src/koa.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { RedisStore } from '../../src/stores/redis.js';
import { connectStandalone, type TestRedis } from '../support/redis-cluster.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';
import { collectUnhandledRejections } from '../support/unhandled.js';
import { Client } from './client.js';

const SECRET = 'koa-conventions-' + randomBytes(24).toString('base64url');
const KEYS = [randomBytes(32).toString('base64url')];
type Data = Record<string, any>;
const data = (ctx: Context) => (ctx as unknown as { session: Data }).session;
const unhandled = collectUnhandledRejections();

/** The app's error handler as Koa apps write it: upstream, try/catch around next(). */
const renderErrors: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    ctx.status = 500;
    ctx.body = { code: (error as { code?: string }).code };
  }
};

async function serve(app: Koa): Promise<{ client: () => Client; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    client: () => new Client(url),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => void server.closeAllConnections()),
  };
}

/** A Koa app: [upstream middleware…], then the session, then routes by "METHOD /path". */
function koaApp(unit: Middleware, routes: Record<string, Middleware>, upstream: Middleware[] = [renderErrors]): Koa {
  const app = new Koa();
  // Koa's default logger would print expected errors; the tests that need them listen themselves.
  app.silent = true;
  for (const middleware of upstream) app.use(middleware);
  app.use(unit);
  app.use(async (ctx, next) => {
    const route = routes[`${ctx.method} ${ctx.path}`];
    if (route) await route(ctx, next);
    else {
      const s = data(ctx);
      const plain = s ? (JSON.parse(JSON.stringify(s)) as Data) : {};
      delete plain.cookie;
      ctx.body = plain;
    }
  });
  return app;
}

const set: Middleware = (ctx) => {
  data(ctx)[String(ctx.query.k)] = String(ctx.query.v);
  ctx.body = { ok: true };
};

describe('satchel/koa: ctx.session = null', () => {
  for (const unset of ['destroy', 'keep'] as const) {
    // As express-session's `unset`: 'keep' leaves the stored session and its cookie alone (only this request's changes are dropped).
    test(`session() with unset: '${unset}': the stored session ${unset === 'destroy' ? 'is destroyed and its cookie cleared' : 'and its cookie stay'}`, async () => {
      const store = new MemoryStore({ sweepInterval: 0 });
      const server = await serve(
        koaApp(session({ secret: SECRET, store, unset }), {
          'POST /set': set,
          'POST /null': (ctx) => {
            (ctx as unknown as { session: null }).session = null;
            ctx.body = { ok: true };
          },
        }),
      );
      try {
        const c = server.client();
        await c.post('/set?k=x&v=1');
        const old = c.cookieHeader();
        assert.equal(store.size, 1);
        const reply = await c.post('/null');
        assert.equal(reply.status, 200);
        assert.equal(c.jar.size, unset === 'destroy' ? 0 : 1, JSON.stringify(reply.setCookies));
        assert.equal(store.size, unset === 'destroy' ? 0 : 1);
        assert.deepEqual((await c.get('/', { cookie: old })).json(), unset === 'destroy' ? {} : { x: '1' });
      } finally {
        await server.close();
      }
    });
  }

  test('cookieSession(): ctx.session = null logs out, and ctx.sessionOptions changes one response only', async () => {
    const server = await serve(
      koaApp(cookieSession({ keys: KEYS }), {
        'POST /set': set,
        'POST /session-only': (ctx) => {
          ctx.sessionOptions.persistent = false;
          data(ctx).kind = 'browser-session';
          ctx.body = { ok: true };
        },
        'POST /null': (ctx) => {
          ctx.session = null;
          ctx.body = { ok: true };
        },
      }),
    );
    try {
      const c = server.client();
      const once = await c.post('/session-only');
      assert.equal(once.setCookies.length, 1);
      assert.doesNotMatch(once.setCookies[0]!, /Max-Age|Expires/i);
      const next = await c.post('/set?k=x&v=1');
      assert.match(next.setCookies[0]!, /Max-Age=\d+/i);
      assert.deepEqual((await c.get('/')).json(), { kind: 'browser-session', x: '1' });
      await c.post('/null');
      assert.equal(c.jar.size, 0);
      assert.deepEqual((await c.get('/')).json(), {});
    } finally {
      await server.close();
    }
  });
});

describe('satchel/koa: a failed commit is a Koa error', () => {
  // A redirect with its own header and cookie, over a value no session can hold.
  const failing: Middleware = (ctx) => {
    ctx.set('x-handler', 'yes');
    ctx.append('Set-Cookie', 'theme=dark; Path=/');
    data(ctx).big = 10n;
    ctx.redirect('/elsewhere');
  };

  for (const mode of ['session()', 'cookieSession()'] as const) {
    const unit = () => (mode === 'session()' ? session({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }) }) : cookieSession({ keys: KEYS }));

    test(`${mode}: an upstream try/catch gets the typed error, on a response without the handler's headers`, async () => {
      const server = await serve(koaApp(unit(), { 'GET /fail': failing }));
      try {
        const reply = await server.client().get('/fail');
        assert.equal(reply.status, 500);
        assert.deepEqual(reply.json(), { code: 'ERR_SESSION_VALUE' });
        assert.equal(reply.headers.get('location'), null);
        assert.equal(reply.headers.get('x-handler'), null);
        assert.deepEqual(reply.setCookies, []);
      } finally {
        await server.close();
      }
    });

    test(`${mode}: without one, Koa's own error handling answers 500 and the app's 'error' event gets the typed error`, async () => {
      const app = koaApp(unit(), { 'GET /fail': failing }, []);
      const seen: Array<{ code?: string; status?: number }> = [];
      app.on('error', (error: { code?: string; status?: number }) => seen.push(error));
      const server = await serve(app);
      try {
        const reply = await server.client().get('/fail');
        assert.equal(reply.status, 500);
        assert.equal(reply.text, 'Internal Server Error');
        assert.equal(reply.headers.get('location'), null);
        assert.deepEqual(reply.setCookies, []);
        assert.deepEqual(
          seen.map((error) => [error.code, error.status]),
          [['ERR_SESSION_VALUE', 500]],
        );
      } finally {
        await server.close();
      }
    });
  }

  test("session(): a handler's own error after a session write: the write is saved and the upstream error page keeps the cookie", async () => {
    const server = await serve(
      koaApp(session({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }) }), {
        'POST /boom': (ctx) => {
          data(ctx).before = 'boom';
          ctx.throw(Object.assign(new Error('handler failed'), { code: 'APP_BOOM' }));
        },
      }),
    );
    try {
      const c = server.client();
      const reply = await c.post('/boom');
      assert.equal(reply.status, 500);
      assert.deepEqual(reply.json(), { code: 'APP_BOOM' });
      assert.equal(reply.setCookies.length, 1);
      assert.deepEqual((await c.get('/')).json(), { before: 'boom' });
    } finally {
      await server.close();
    }
  });
});

describe('satchel/koa: RedisStore outage (real Redis behind a TCP proxy that is cut)', () => {
  let proxy: TcpProxy;
  let redis: TestRedis;
  let server: Awaited<ReturnType<typeof serve>>;
  const prefix = `${uniqueName('satchel_koa')}:`;
  before(async () => {
    const url = new URL(REDIS_URL);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 6379) });
    redis = await connectStandalone('node-redis 5', proxy.port);
    const store = new RedisStore({ client: redis.client, prefix, operationTimeout: 300 });
    server = await serve(
      koaApp(session({ secret: SECRET, store }), {
        'POST /set': set,
        'POST /cut-then-set': (ctx) => {
          proxy.cut();
          data(ctx).late = 'yes';
          ctx.body = { ok: true };
        },
      }),
    );
  });
  after(async () => {
    proxy.restore();
    await server?.close();
    await redis?.quit();
    await proxy?.close();
  });

  test('a save that fails reaches the upstream handler with the store code; a load that fails too; back when Redis is', async () => {
    const c = server.client();
    assert.equal((await c.post('/set?k=x&v=1')).status, 200);
    const saved = await c.post('/cut-then-set');
    assert.equal(saved.status, 500);
    assert.match(saved.json().code, /^ERR_SESSION_STORE/);
    assert.deepEqual(saved.setCookies, []);
    const loaded = await c.get('/');
    assert.equal(loaded.status, 500);
    assert.match(loaded.json().code, /^ERR_SESSION_STORE/);
    proxy.restore();
    assert.deepEqual((await c.get('/')).json(), { x: '1' });
  });
});

describe('satchel/koa: ctx.respond = false and the proxy option', () => {
  test('ctx.respond = false: the app ends ctx.res itself after the chain; the save completes first and the cookie goes out', async () => {
    const server = await serve(
      koaApp(session({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }) }), {
        'POST /raw': (ctx) => {
          data(ctx).raw = 'yes';
          ctx.respond = false;
          const res = ctx.res;
          setImmediate(() => {
            res.setHeader('content-type', 'text/plain');
            res.write('raw-1');
            res.end('raw-2');
          });
        },
      }),
    );
    try {
      const c = server.client();
      const reply = await c.post('/raw');
      assert.equal(reply.text, 'raw-1raw-2');
      assert.equal(reply.setCookies.length, 1);
      assert.deepEqual((await c.get('/')).json(), { raw: 'yes' });
    } finally {
      await server.close();
    }
  });

  test('ctx.flushHeaders() before a new session is written: no record without a cookie, and the error event says why', async () => {
    const store = new MemoryStore({ sweepInterval: 0 });
    const unit = session({ secret: SECRET, store });
    const codes: string[] = [];
    unit.on('error', ({ error }) => codes.push((error as { code?: string }).code ?? '?'));
    const server = await serve(
      koaApp(unit, {
        'GET /flushed': (ctx) => {
          ctx.type = 'text/plain';
          ctx.flushHeaders();
          data(ctx).late = 'yes';
          ctx.body = 'flushed';
        },
      }),
    );
    try {
      const reply = await server.client().get('/flushed');
      assert.equal(reply.text, 'flushed');
      assert.deepEqual(reply.setCookies, []);
      assert.equal(store.size, 0);
      assert.deepEqual(codes, ['ERR_SESSION_HEADERS_SENT']);
    } finally {
      await server.close();
    }
  });

  test("proxy: false wins over app.proxy: a forwarded HTTPS is not trusted, while unset follows Koa's ctx.protocol", async () => {
    const forwarded = { headers: { 'x-forwarded-proto': 'https' } };
    for (const [proxy, secure] of [
      [false, false],
      [undefined, true],
    ] as const) {
      const app = koaApp(session({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }), proxy }), { 'POST /set': set });
      app.proxy = true;
      const server = await serve(app);
      try {
        const reply = await server.client().post('/set?k=x&v=1', forwarded);
        assert.equal(reply.setCookies.length, 1);
        assert.equal(/;\s*Secure/i.test(reply.setCookies[0]!), secure, `proxy ${String(proxy)}: ${reply.setCookies[0]}`);
      } finally {
        await server.close();
      }
    }
  });
});

test('no unhandled rejection escaped the Koa edge', () => {
  assert.deepEqual(unhandled, []);
});

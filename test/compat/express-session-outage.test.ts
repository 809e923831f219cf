import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createClient } from 'redis';
import session from '../../src/compat/express-session.js';
import { RedisStore } from '../../src/stores/redis.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';
import { eventually } from '../support/eventually.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { collectUnhandledRejections } from '../support/unhandled.js';
import { cookiePair, expressVersions, get, setCookieFor } from './express-session-helpers.js';

// satchel's RedisStore behind the drop-in, with the Redis connection really cut by a TCP proxy:
// store failures reach the app as errors (never a crash, never a silent anonymous session),
// and the same users are logged in again once Redis is back.
const target = new URL(REDIS_URL);
const unhandled = collectUnhandledRejections();

describe('COMPAT-ES outage: satchel RedisStore behind satchel/express-session, connection cut for real', () => {
  let proxy: TcpProxy;
  let client: ReturnType<typeof createClient>;
  before(async () => {
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    client = createClient({ socket: { host: '127.0.0.1', port: proxy.port, reconnectStrategy: () => 100, connectTimeout: 3000 } });
    client.on('error', () => {});
    await client.connect();
  });
  after(async () => {
    client?.destroy();
    await proxy?.close();
  });

  test('E2: during the cut requests fail with SessionStoreError (500 or a post-header error); after restore the session is back', async () => {
    const store = new RedisStore({ client: client as never, prefix: `${uniqueName('satchel_es_out')}:`, operationTimeout: 300 });
    const errors: Array<{ name: string; code?: string }> = [];
    const express = expressVersions['express 5']!;
    const app = express();
    app.use(session({ secret: 'outage secret', store, resave: false, saveUninitialized: false, cookie: { maxAge: 60_000 } }));
    app.use((req: any, res: ServerResponse) => {
      if (req.path === '/login') req.session.user = 'alice';
      if (req.path === '/write') req.session.last = Date.now();
      res.end(String(req.session.user ?? 'anonymous'));
    });
    app.use((err: { name: string; code?: string }, _req: unknown, res: ServerResponse, _next: unknown) => {
      errors.push({ name: err.name, code: err.code });
      if (res.headersSent) return;
      res.statusCode = 500;
      res.end(err.name);
    });

    try {
      const login = await get(app, '/login');
      assert.equal(login.text, 'alice');
      const cookie = cookiePair(setCookieFor(login));

      proxy.cut();
      const load = await get(app, '/me', cookie);
      assert.equal(load.status, 500, 'a load failure is an error, not an anonymous session');
      assert.equal(load.text, 'SessionStoreError');

      // A new visitor who writes: the save fails after the response started; the app hears of it.
      const write = await get(app, '/write');
      assert.equal(write.status, 200);
      await eventually(async () => assert.equal(errors.length, 2));
      for (const error of errors) {
        assert.equal(error.name, 'SessionStoreError');
        assert.ok(['ERR_SESSION_STORE', 'ERR_SESSION_STORE_TIMEOUT'].includes(error.code!), error.code);
      }

      proxy.restore();
      const back = await eventually(async () => {
        const res = await get(app, '/me', cookie);
        assert.equal(res.status, 200);
        return res;
      });
      assert.equal(back.text, 'alice', 'still logged in after the outage');
      assert.deepEqual(unhandled, []);
    } finally {
      proxy.restore();
      await eventually(() => store.clear());
    }
  });
});

import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { createClient } from 'redis';
import { RedisStore } from 'connect-redis';
import { fromExpressStore } from '../../src/stores/kit/express-interop.js';
import { runStoreSuite } from '../../src/testing/index.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

// Untyped on purpose: @types/express-session would clash with satchel's Express.Request augmentation.
const require = createRequire(import.meta.url);
const session = require('express-session');
const createMemoryStore = require('memorystore');

// Express stores have no per-user index; everything else the suite checks, the adapter provides.
const without = ['listByUser', 'destroyByUser'] as const;

describe('fromExpressStore(memorystore)', () => {
  const MemoryStore = createMemoryStore(session);
  runStoreSuite(test, ({ now }) => fromExpressStore(new MemoryStore({ checkPeriod: 0 }), { now }), {
    name: 'memorystore',
    without: [...without],
  });
});

describe("fromExpressStore(express-session's MemoryStore)", () => {
  runStoreSuite(test, ({ now }) => fromExpressStore(new session.MemoryStore(), { now }), {
    name: 'express-session MemoryStore',
    without: [...without],
  });
});

describe('fromExpressStore(connect-redis + node-redis 5, real Redis behind a cuttable proxy)', () => {
  const redis = new URL(REDIS_URL);
  let proxy: TcpProxy;
  let client: ReturnType<typeof createClient>;
  before(async () => {
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    client = createClient({ socket: { host: '127.0.0.1', port: proxy.port, reconnectStrategy: () => 50 } });
    // Connection drops during the outage case are expected; without a listener they would crash the process.
    client.on('error', () => {});
    await client.connect();
  });
  after(async () => {
    client.destroy();
    await proxy.close();
  });
  runStoreSuite(
    test,
    ({ now }) => fromExpressStore(new RedisStore({ client, prefix: `${uniqueName('interop')}:` }), { now, operationTimeout: 500 }),
    {
      name: 'connect-redis',
      without: [...without],
      cleanup: (store) => store.clear!(),
      faults: { cut: () => proxy.cut(), restore: () => proxy.restore() },
    },
  );
});

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { Redis as Redis6 } from 'ioredis6';
import { createClient } from 'redis';
import { createClient as createClient6 } from 'redis6';
import { RedisStore, type RedisClientLike } from '../../src/stores/redis.js';
import { FLAVOURS, within } from '../support/redis-cluster.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';
import { eventually } from '../support/eventually.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { collectUnhandledRejections } from '../support/unhandled.js';

// Real connection cuts through a TCP proxy between the client and the machine's Redis.
const upstream = new URL(REDIS_URL);
const unhandled = collectUnhandledRejections();

const record = () => {
  const now = Date.now();
  return { data: { before: 'cut' }, expiresAt: now + 3_600_000, createdAt: now, lastSeenAt: now, userId: 'fault-user', userAgent: null };
};

type Connect = (port: number) => Promise<{ client: RedisClientLike; close(): Promise<void>; withdrawsQueued: boolean }>;

const clients: Record<string, Connect> = {
  'node-redis 5 (offline queue on: E2 would hang)': async (port) => {
    const client = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: () => 100 } });
    client.on('error', () => {});
    await within(REDIS_URL, client.connect(), () => client.destroy());
    return { client, close: async () => void client.destroy(), withdrawsQueued: true };
  },
  'node-redis 5 (offline queue off)': async (port) => {
    const client = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: () => 100 }, disableOfflineQueue: true });
    client.on('error', () => {});
    await within(REDIS_URL, client.connect(), () => client.destroy());
    return { client, close: async () => void client.destroy(), withdrawsQueued: true };
  },
  'ioredis 5 (offline queue on)': async (port) => {
    const client = new Redis({ host: '127.0.0.1', port, retryStrategy: () => 100, lazyConnect: true });
    client.on('error', () => {});
    await within(REDIS_URL, client.connect(), () => client.disconnect());
    // ioredis re-sends unfulfilled commands after reconnecting; satchel cannot withdraw them.
    return { client, close: async () => client.disconnect(), withdrawsQueued: false };
  },
  'ioredis 5 (offline queue off)': async (port) => {
    const client = new Redis({ host: '127.0.0.1', port, retryStrategy: () => 100, lazyConnect: true, enableOfflineQueue: false });
    client.on('error', () => {});
    await within(REDIS_URL, client.connect(), () => client.disconnect());
    // ioredis re-sends unfulfilled commands after reconnecting; satchel cannot withdraw them.
    return { client, close: async () => client.disconnect(), withdrawsQueued: false };
  },
};

for (const [name, connect] of Object.entries(clients)) {
  describe(`RedisStore outage, ${name}`, () => {
    let proxy: TcpProxy;
    let redis: Awaited<ReturnType<Connect>>;
    before(async () => {
      proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 6379) });
      redis = await connect(proxy.port);
    });
    after(async () => {
      await redis?.close();
      await proxy?.close();
    });
    afterEach(() => assert.deepEqual(unhandled, [], 'no unhandled rejections'));

    test('E2: a cut connection fails every call with a typed SessionStoreError, and the same store serves again after restore', async () => {
      const store = new RedisStore({ client: redis.client, prefix: `${uniqueName('satchel_fault')}:`, operationTimeout: 300 });
      try {
        await store.create('k', record());
        proxy.cut();
        const failures = await Promise.allSettled([
          store.get('k'),
          store.update('k', { set: { during: 'cut' }, unset: [], expiresAt: Date.now() + 60_000, lastSeenAt: Date.now() }),
          store.listByUser('fault-user'),
          store.ids(),
        ]);
        for (const failure of failures) {
          assert.equal(failure.status, 'rejected');
          const error = (failure as PromiseRejectedResult).reason as { name: string; code: string; cause?: unknown };
          assert.equal(error.name, 'SessionStoreError');
          assert.ok(['ERR_SESSION_STORE', 'ERR_SESSION_STORE_TIMEOUT'].includes(error.code), error.code);
          // A driver failure carries the driver's error; only a deadline has no cause.
          if (error.code === 'ERR_SESSION_STORE') assert.ok(error.cause instanceof Error);
        }
        proxy.restore();
        const back = await eventually(async () => {
          const got = await store.get('k');
          assert.ok(got);
          return got;
        });
        assert.equal(back.data.before, 'cut');
        // node-redis: the update that failed was withdrawn, not applied behind the caller's back.
        if (redis.withdrawsQueued) assert.equal(Object.hasOwn(back.data, 'during'), false);
        assert.deepEqual((await store.listByUser('fault-user')).map((s) => s.key), ['k']);
      } finally {
        proxy.restore();
        await eventually(() => store.clear());
      }
    });
  });
}

// A port nothing listens on: the client keeps reconnecting and queues commands offline.
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('RedisStore, Redis unreachable (offline queue on)', () => {
  afterEach(() => assert.deepEqual(unhandled, [], 'no unhandled rejections'));

  for (const flavour of FLAVOURS) {
    // The per-test timeout only bounds a hang; how fast the deadline fires is not asserted (no timed assertions).
    test(`audit finding 2: every call fails as ERR_SESSION_STORE_TIMEOUT, not as the driver's own abort (${flavour})`, { timeout: 15_000 }, async () => {
      const port = await deadPort();
      const node = flavour.startsWith('node-redis');
      const options = { socket: { host: '127.0.0.1', port, reconnectStrategy: () => 50 } };
      const nodeClient = node ? (flavour === 'node-redis 5' ? createClient(options) : createClient6(options)) : undefined;
      const ioOptions = { host: '127.0.0.1', port, retryStrategy: () => 50, lazyConnect: true };
      const ioClient = node ? undefined : flavour === 'ioredis 5' ? new Redis(ioOptions) : new Redis6(ioOptions);
      nodeClient?.on('error', () => {});
      ioClient?.on('error', () => {});
      // Never connects; the calls below wait in the client's offline queue.
      (nodeClient ?? ioClient)!.connect().catch(() => {});
      const store = new RedisStore({ client: (nodeClient ?? ioClient) as RedisClientLike, prefix: `${uniqueName('satchel_dead')}:`, operationTimeout: 300 });
      try {
        // Staggered within node-redis' 25 ms signal window, so calls share one abort signal.
        const calls: Array<Promise<unknown>> = [0, 5, 10, 20].map((delay) =>
          new Promise((resolve) => setTimeout(resolve, delay)).then(() => store.get('k')),
        );
        calls.push(store.create('c', record()), store.touch('k', Date.now() + 60_000, Date.now()));
        for (const outcome of await Promise.allSettled(calls)) {
          assert.equal(outcome.status, 'rejected');
          const error = (outcome as PromiseRejectedResult).reason as { name: string; code: string; message: string; cause?: unknown };
          assert.equal(error.name, 'SessionStoreError');
          assert.equal(error.code, 'ERR_SESSION_STORE_TIMEOUT', error.message);
          // Whichever side noticed first, the code is the timeout; when node-redis withdrew the command
          // itself, its error is kept as the cause (under load satchel's deadline can fire first: no cause).
          if (node && error.cause !== undefined) assert.ok(error.cause instanceof Error);
        }
      } finally {
        nodeClient?.destroy();
        ioClient?.disconnect();
      }
    });
  }
});

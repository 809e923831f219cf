import { after, before, describe, test } from 'node:test';
import { RedisStore } from '../../src/stores/redis.js';
import { runStoreSuite } from '../../src/testing/index.js';
import { FLAVOURS, connectStandalone, type TestRedis } from '../support/redis-cluster.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const upstream = new URL(REDIS_URL);

// Every client major against the machine's Redis (unique prefix per case), each through its own
// TCP proxy that the outage case cuts for real. The four run side by side (the outage case waits
// out one deadline per operation); cases within one client run one at a time.
describe('RedisStore conformance, standalone', { concurrency: true }, () => {
  for (const flavour of FLAVOURS) {
    describe(`${flavour}`, { concurrency: 1 }, () => {
      let proxy: TcpProxy;
      let redis: TestRedis;
      before(async () => {
        proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 6379) });
        redis = await connectStandalone(flavour, proxy.port);
      });
      after(async () => {
        await redis?.quit();
        await proxy?.close();
      });

      runStoreSuite(
        test,
        ({ now }) => new RedisStore({ client: redis.client, prefix: `${uniqueName('satchel_test')}:`, now, operationTimeout: 500 }),
        {
          name: `redis ${flavour}`,
          expiredReadable: true,
          cleanup: (store) => (store as RedisStore).clear(),
          faults: { cut: () => proxy.cut(), restore: () => proxy.restore() },
        },
      );
    });
  }
});

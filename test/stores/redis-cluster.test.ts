import { after, before, describe, test } from 'node:test';
import { RedisStore } from '../../src/stores/redis.js';
import { runStoreSuite } from '../../src/testing/index.js';
import { FLAVOURS, connectCluster, ensureRedisCluster, type TestRedis } from '../support/redis-cluster.js';
import { uniqueName } from '../support/servers.js';

// Every client major against a real 3-master cluster (scripts/redis-cluster.sh, ports 7101-7106).
before(() => ensureRedisCluster());

for (const flavour of FLAVOURS) {
  describe(`RedisStore conformance, ${flavour}, cluster`, () => {
    let redis: TestRedis;
    before(async () => {
      redis = await connectCluster(flavour);
    });
    after(() => redis?.quit());

    runStoreSuite(test, ({ now }) => new RedisStore({ client: redis.client, prefix: `${uniqueName('satchel_test')}:`, now }), {
      name: `redis ${flavour} cluster`,
      expiredReadable: true,
      cleanup: (store) => (store as RedisStore).clear(),
    });
  });
}

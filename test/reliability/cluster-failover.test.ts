import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { RedisStore } from '../../src/stores/redis.js';
import type { SessionRecord } from '../../src/types.js';
import { freshCluster, killNode, masterOf, slotsOf, stopCluster, topology } from '../../scripts/lib/redis-cluster-ctl.js';

/**
 * After a Redis Cluster master dies and its replica takes over, the store must reach that shard
 * again without a restart (issue 6). ioredis refreshes its slot map by itself; node-redis 5.12
 * does so only on MOVED/ASK replies (redis/node-redis#2806), which a dead master never sends, so
 * RedisStore asks it to rediscover after a failed command. The long version is
 * `npm run failover`. Private cluster on 7401-7406.
 */
const BASE = 7401;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

after(() => stopCluster(BASE));

test('Redis Cluster failover: RedisStore recovers the failed shard without a restart on ioredis 5 and node-redis 5', { timeout: 120_000 }, async () => {
  await freshCluster(BASE);
  const io = new Cluster([{ host: '127.0.0.1', port: BASE }], { lazyConnect: true });
  io.on('error', () => {});
  await io.connect();
  const nr = createCluster({ rootNodes: [{ url: `redis://127.0.0.1:${BASE}` }] });
  nr.on('error', () => {});
  await nr.connect();
  try {
    const stores = { 'ioredis 5': new RedisStore({ client: io, prefix: 'found:', operationTimeout: 500 }), 'node-redis 5': new RedisStore({ client: nr, prefix: 'found:', operationTimeout: 500 }) };
    // A session key on a master other than the seed node, so the kill hits a shard the client learned about.
    const { ranges } = await topology(BASE);
    const victim = ranges.map((range) => range.port).find((port) => port !== BASE)!;
    const candidates = Array.from({ length: 50 }, (_, i) => `k${i}`);
    const slots = await slotsOf(BASE, candidates.map((key) => `found:s:${key}`));
    const index = slots.findIndex((slot) => ranges.some((range) => range.port === victim && slot >= range.from && slot <= range.to));
    const key = candidates[index]!;
    const now = Date.now();
    const record: SessionRecord = { data: { a: 1 }, createdAt: now, lastSeenAt: now, expiresAt: now + 600_000, userId: null, userAgent: null };
    assert.equal(await stores['ioredis 5'].create(key, record), true);
    // Replication is asynchronous: a master killed right after a write may take it along (then
    // the promoted replica rightly answers "no such session"). WAIT, on the connection that
    // wrote, returns once the replica has it, so the test is about the client, not that race.
    const writer = io.nodes('master').find((node) => node.options.port === victim)!;
    assert.ok(Number(await writer.call('WAIT', '1', '5000')) >= 1, 'the replica acknowledged the write before the kill');
    // Both clients have used the shard before it dies.
    assert.deepEqual((await stores['node-redis 5'].get(key))?.data, { a: 1 });
    assert.deepEqual((await stores['ioredis 5'].get(key))?.data, { a: 1 });

    killNode(BASE, victim);
    let promoted = false;
    for (let i = 0; i < 150 && !promoted; i++) {
      const master = await masterOf(ranges.find((range) => range.port !== victim)!.port, slots[index]!);
      promoted = master !== null && master !== victim;
      if (!promoted) await sleep(100);
    }
    assert.ok(promoted, 'the replica was promoted');
    // After the promotion, give each client 10 s to reach the shard again.
    const recovered: Record<string, boolean> = {};
    const last: Record<string, string> = {};
    for (const [name, store] of Object.entries(stores)) {
      const deadline = Date.now() + 10_000;
      recovered[name] = false;
      while (!recovered[name] && Date.now() < deadline) {
        recovered[name] = await store.get(key).then(
          (value) => ((last[name] = value === null ? 'null' : 'found'), value !== null),
          (error: Error & { code?: string; cause?: Error }) => ((last[name] = `${error.code}: ${error.cause?.message ?? error.message}`), false),
        );
        if (!recovered[name]) await sleep(250);
      }
    }
    assert.deepEqual(recovered, { 'ioredis 5': true, 'node-redis 5': true }, `last answers: ${JSON.stringify(last)}`);
  } finally {
    io.disconnect();
    await nr.close().catch(() => nr.destroy());
  }
});

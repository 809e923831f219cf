import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RedisStore, type RedisClientLike } from '../../src/stores/redis.js';
import { runStoreSuite } from '../../src/testing/index.js';
import { createClient } from 'redis';
import { Redis } from 'ioredis';
import { connectCluster, connectStandalone, ensureRedisCluster, within, type TestRedis } from '../support/redis-cluster.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';

const HOUR = 3_600_000;
const record = (data: Record<string, unknown>, extra: Partial<{ userId: string | null; expiresAt: number }> = {}) => {
  const now = Date.now();
  return { data, expiresAt: now + HOUR, createdAt: now, lastSeenAt: now, userId: null, userAgent: 'UA', ...extra };
};
const prefix = () => `${uniqueName('satchel_rb')}:`;

/**
 * Counting wrappers (not mocks): every command goes to the real server; they only record which
 * commands the store sent, one entry per round trip.
 */
function countingNodeRedis(client: { sendCommand(args: ReadonlyArray<string>): Promise<unknown> }, sent: string[]): RedisClientLike {
  return { sendCommand: (args: ReadonlyArray<string>) => (sent.push(args[0]!), client.sendCommand(args)) };
}
function countingIoRedis(client: Redis, sent: string[]): RedisClientLike {
  return { isCluster: false, call: (command: string, ...args: string[]) => (sent.push(command), client.call(command, ...args) as Promise<unknown>) };
}

describe('RedisStore on node-redis and ioredis, standalone', () => {
  let node: TestRedis;
  let io: TestRedis;
  before(async () => {
    node = await connectStandalone('node-redis 5');
    io = await connectStandalone('ioredis 5');
  });
  after(async () => {
    await node?.quit();
    await io?.quit();
  });

  for (const which of ['node-redis', 'ioredis'] as const) {
    test(`a read costs one round trip (one HGETALL), and create, patch, touch one each (${which})`, async () => {
      const sent: string[] = [];
      const client = which === 'node-redis' ? countingNodeRedis(node.client as never, sent) : countingIoRedis(io.client as Redis, sent);
      const store = new RedisStore({ client, prefix: prefix() });
      try {
        const key = 'k'.repeat(64);
        await store.get(key); // may load the script once (NOSCRIPT → EVAL)
        await store.create(key, record({ a: 1 }));
        await store.update(key, { set: { b: 2 }, unset: [], expiresAt: Date.now() + HOUR, lastSeenAt: Date.now() });
        await store.touch(key, Date.now() + HOUR, Date.now());
        sent.length = 0;
        assert.deepEqual((await store.get(key))?.data, { a: 1, b: 2 });
        assert.deepEqual(sent, ['HGETALL']);
        sent.length = 0;
        await store.create('c'.repeat(64), record({ x: 1 }));
        await store.update(key, { set: { c: 3 }, unset: ['a'], expiresAt: Date.now() + HOUR, lastSeenAt: Date.now() });
        await store.touch(key, Date.now() + HOUR, Date.now());
        assert.deepEqual(sent, ['EVALSHA', 'EVALSHA', 'EVALSHA']);
      } finally {
        await store.clear();
      }
    });
  }

  test('layout: one HASH per session, one field per data key, native expiry at expiresAt (PEXPIREAT)', async () => {
    const p = prefix();
    const store = new RedisStore({ client: node.client, prefix: p, expiredGrace: 0 });
    const raw = node.client as ReturnType<typeof createClient>;
    try {
      const expiresAt = Date.now() + HOUR + 0.4;
      await store.create('layout', { ...record({ cart: ['x'], n: null }, { userId: 'u1' }), expiresAt });
      assert.equal(await raw.type(`${p}s:layout`), 'hash');
      const fields = await raw.hGetAll(`${p}s:layout`);
      assert.deepEqual(Object.keys(fields).sort(), ['a', 'c', 'd:cart', 'd:n', 'e', 'l', 'u']);
      assert.equal(fields['d:cart'], '["x"]');
      assert.equal(Number(await raw.sendCommand(['PEXPIRETIME', `${p}s:layout`])), Math.ceil(expiresAt));
      assert.deepEqual(await raw.zRange(`${p}u:u1`, 0, -1), ['layout']);
    } finally {
      await store.clear();
    }
  });

  test('STO-02: Redis purges a record itself once expiresAt passes in real time', async () => {
    const p = prefix();
    const store = new RedisStore({ client: io.client, prefix: p, expiredGrace: 0 });
    try {
      await store.create('short', record({ a: 1 }, { expiresAt: Date.now() + 50 }));
      await new Promise((resolve) => setTimeout(resolve, 120));
      assert.equal(await (io.client as Redis).exists(`${p}s:short`), 0);
      assert.equal(await store.get('short'), null);
    } finally {
      await store.clear();
    }
  });

  test('ioredis keyPrefix: keys carry both prefixes and enumeration still finds them', async () => {
    const url = new URL(REDIS_URL);
    const keyPrefix = `${uniqueName('satchel_kp')}:`;
    const client = new Redis({ host: url.hostname, port: Number(url.port || 6379), keyPrefix });
    const store = new RedisStore({ client, prefix: 'app:' });
    try {
      await store.create('one', record({ a: 1 }));
      await store.create('two', record({ a: 2 }, { userId: 'kp-user' }));
      assert.equal(await (io.client as Redis).exists(`${keyPrefix}app:s:one`), 1);
      assert.deepEqual((await store.ids()).sort(), ['one', 'two']);
      assert.equal((await store.all()).length, 2);
      assert.deepEqual((await store.listByUser('kp-user')).map((s) => s.key), ['two']);
      await store.clear();
      assert.equal(await store.length(), 0);
      assert.equal(await (io.client as Redis).exists(`${keyPrefix}app:u:kp-user`), 0);
    } finally {
      await store.clear();
      client.disconnect();
    }
  });

  test('TM-04: rebinds racing index cleanups never hide a session from its user', async () => {
    const store = new RedisStore({ client: node.client, prefix: prefix() });
    const users = ['alice', 'bob', 'carol'];
    try {
      const keys = Array.from({ length: 12 }, (_, i) => `race-${i}`);
      for (const key of keys) await store.create(key, record({ key }, { userId: 'alice' }));
      const expiresAt = Date.now() + HOUR;
      const work: Promise<unknown>[] = [];
      for (let round = 0; round < 6; round++) {
        for (const [i, key] of keys.entries()) {
          const userId = (i + round) % 4 === 3 ? null : users[(i * 7 + round) % 3]!;
          work.push(store.update(key, { set: { round }, unset: [], expiresAt, lastSeenAt: Date.now(), userId }));
        }
        // Cleaners run while the rebinds are in flight.
        for (const user of users) work.push(store.listByUser(user));
        work.push(store.prune());
      }
      await Promise.all(work);
      for (const user of users) {
        const bound = (await store.all()).filter((e) => e.record.userId === user).map((e) => e.key).sort();
        assert.deepEqual((await store.listByUser(user)).map((s) => s.key).sort(), bound, `index of ${user}`);
      }
      const bound = (await store.all()).filter((e) => e.record.userId !== null).length;
      let destroyed = 0;
      for (const user of users) destroyed += await store.destroyByUser(user);
      assert.equal(destroyed, bound);
      assert.ok((await store.all()).every((e) => e.record.userId === null));
    } finally {
      await store.clear();
    }
  });

  test('close() never closes the client the user passed in', async () => {
    const store = new RedisStore({ client: node.client, prefix: prefix() });
    await store.close();
    await store.close();
    assert.equal(await (node.client as ReturnType<typeof createClient>).ping(), 'PONG');
  });

  test('options are validated at construction with SessionOptionsError', () => {
    const code = { code: 'ERR_SESSION_OPTIONS' };
    assert.throws(() => new RedisStore({ client: {} as never }), code);
    assert.throws(() => new RedisStore({ client: undefined as never }), code);
    assert.throws(() => new RedisStore({ client: node.client, scanCount: 0 }), code);
    assert.throws(() => new RedisStore({ client: node.client, operationTimeout: -1 }), code);
    assert.throws(() => new RedisStore({ client: node.client, prefix: 5 as never }), code);
  });

  test('a failing value (BigInt) rejects with ERR_SESSION_STORE and writes nothing', async () => {
    const store = new RedisStore({ client: node.client, prefix: prefix() });
    try {
      await assert.rejects(store.create('big', record({ n: 1n })), { name: 'SessionStoreError', code: 'ERR_SESSION_STORE', operation: 'create' });
      assert.equal(await store.get('big'), null);
    } finally {
      await store.clear();
    }
  });
});

describe('RedisStore, node-redis 5 speaking RESP3', () => {
  const connect = () => createClient({ url: REDIS_URL, RESP: 3 });
  let client: ReturnType<typeof connect>;
  before(async () => {
    client = connect();
    client.on('error', () => {});
    await within(REDIS_URL, client.connect(), () => client.destroy());
  });
  after(() => client?.close());
  runStoreSuite(test, ({ now }) => new RedisStore({ client, prefix: prefix(), now }), {
    name: 'redis node-redis 5 RESP3',
    expiredReadable: true,
    cleanup: (store) => (store as RedisStore).clear(),
  });
});

describe('RedisStore on a cluster', () => {
  let node: TestRedis;
  let io: TestRedis;
  before(async () => {
    await ensureRedisCluster();
    node = await connectCluster('node-redis 5');
    io = await connectCluster('ioredis 5');
  });
  after(async () => {
    await node?.quit();
    await io?.quit();
  });

  test('sessions spread over every master; a user\'s sessions on different shards list and destroy together (E3)', async () => {
    const p = prefix();
    const store = new RedisStore({ client: io.client, prefix: p });
    try {
      const keys = Array.from({ length: 30 }, (_, i) => `spread-${i}`);
      for (const key of keys) await store.create(key, record({ key }, { userId: 'multi-shard' }));
      const cluster = io.client as unknown as { nodes(role: 'master'): Redis[] };
      const perMaster = await Promise.all(cluster.nodes('master').map(async (m) => (await m.keys(`${p}s:*`)).length));
      assert.equal(perMaster.length, 3);
      assert.ok(perMaster.every((n) => n > 0), `every master holds sessions: ${perMaster.join(', ')}`);
      assert.equal((await store.listByUser('multi-shard')).length, 30);
      assert.equal((await store.all()).length, 30);
      assert.equal(await store.destroyByUser('multi-shard', { exceptKey: 'spread-0' }), 29);
      assert.deepEqual(await store.ids(), ['spread-0']);
    } finally {
      await store.clear();
    }
  });

  test('a node that lost its script cache (SCRIPT FLUSH) is served again through EVAL', async () => {
    const store = new RedisStore({ client: node.client, prefix: prefix() });
    try {
      await store.create('flushed', record({ a: 1 }));
      const cluster = node.client as unknown as { masters: unknown[]; nodeClient(m: unknown): Promise<ReturnType<typeof createClient>> };
      for (const master of cluster.masters) await (await cluster.nodeClient(master)).scriptFlush();
      assert.deepEqual((await store.get('flushed'))?.data, { a: 1 });
      assert.equal(await store.update('flushed', { set: { b: 2 }, unset: [], expiresAt: Date.now() + HOUR, lastSeenAt: Date.now() }), true);
    } finally {
      await store.clear();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RedisStore } from '../../src/stores/redis.js';
import { createAdapter, type RedisAdapter } from '../../src/stores/redis/adapter.js';
import { FLAVOURS, connectCluster, connectStandalone, ensureRedisCluster, type TestRedis } from '../support/redis-cluster.js';
import { uniqueName } from '../support/servers.js';

const MINUTE = 60_000;
const record = (userId: string | null, expiresAt: number, now = Date.now()) => ({ data: { a: 1 }, expiresAt, createdAt: now, lastSeenAt: now, userId, userAgent: null });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const topology of ['standalone', 'cluster'] as const) {
  for (const flavour of FLAVOURS) {
    describe(`RedisStore user index, ${flavour}, ${topology}`, () => {
      let redis: TestRedis;
      // Raw commands routed by key on either topology, for looking at what the store wrote.
      let raw: RedisAdapter;
      before(async () => {
        if (topology === 'cluster') await ensureRedisCluster();
        redis = topology === 'cluster' ? await connectCluster(flavour) : await connectStandalone(flavour);
        raw = createAdapter(redis.client, 5000);
      });
      after(() => redis?.quit());

      const expiry = async (key: string) => Number(await raw.command(key, ['PEXPIRETIME', key]));
      const members = async (key: string) => ((await raw.command(key, ['ZRANGE', key, '0', '-1'])) as unknown[]).map(String).sort();

      test('audit L4: the Redis user index expires with its longest-lived session, and follows touch, update and rebinds', async () => {
        const prefix = `${uniqueName('satchel_l4')}:`;
        const grace = 1000;
        const store = new RedisStore({ client: redis.client, prefix, expiredGrace: grace });
        const index = `${prefix}u:alice`;
        const now = Date.now();
        try {
          await store.create('short', record('alice', now + 10 * MINUTE));
          await store.create('long', record('alice', now + 30 * MINUTE));
          await store.create('anon', record(null, now + 90 * MINUTE));
          assert.equal(await expiry(index), now + 30 * MINUTE + grace);

          await store.touch('short', now + 40 * MINUTE, now);
          assert.equal(await expiry(index), now + 40 * MINUTE + grace, 'touch extends the index');
          await store.update('long', { set: { b: 2 }, unset: [], expiresAt: now + 50 * MINUTE, lastSeenAt: now });
          assert.equal(await expiry(index), now + 50 * MINUTE + grace, 'a patch keeping the user extends the index');
          await store.update('anon', { set: {}, unset: [], expiresAt: now + 60 * MINUTE, lastSeenAt: now, userId: 'alice' });
          assert.equal(await expiry(index), now + 60 * MINUTE + grace, 'a login extends the index');

          // Rebound to bob: alice's index shrinks back to her remaining sessions, bob's follows his.
          await store.update('anon', { set: {}, unset: [], expiresAt: now + 70 * MINUTE, lastSeenAt: now, userId: 'bob' });
          assert.equal(await expiry(index), now + 50 * MINUTE + grace);
          assert.equal(await expiry(`${prefix}u:bob`), now + 70 * MINUTE + grace);
          await store.destroy('long');
          assert.equal(await expiry(index), now + 40 * MINUTE + grace, 'a destroy shrinks it too');
          assert.deepEqual(await members(index), ['short']);
          await store.destroy('short');
          assert.equal(await raw.command(index, ['EXISTS', index]), 0);
        } finally {
          await store.clear();
        }
      });

      test('audit L4: an index nobody lists or prunes is gone from Redis with its last session', async () => {
        const prefix = `${uniqueName('satchel_l4')}:`;
        const store = new RedisStore({ client: redis.client, prefix, expiredGrace: 0 });
        const index = `${prefix}u:carol`;
        try {
          for (let i = 0; i < 3; i++) await store.create(`login-${i}`, record('carol', Date.now() + 200 + i * 50));
          assert.equal(await raw.command(index, ['EXISTS', index]), 1);
          await sleep(600);
          assert.equal(await raw.command(index, ['EXISTS', index]), 0);
        } finally {
          await store.clear();
        }
      });

      test('audit L4: every login drops the index members whose sessions are gone', async () => {
        const prefix = `${uniqueName('satchel_l4')}:`;
        let clock = Date.now();
        const store = new RedisStore({ client: redis.client, prefix, expiredGrace: 0, now: () => clock });
        const index = `${prefix}u:dave`;
        try {
          for (let i = 0; i < 20; i++) {
            await store.create(`login-${i}`, record('dave', clock + MINUTE, clock));
            clock += 2 * MINUTE; // each session is gone (by the store's clock) before the next login
          }
          assert.deepEqual(await members(index), ['login-19']);
          assert.equal(await expiry(index), clock - 2 * MINUTE + MINUTE);
        } finally {
          await store.clear();
        }
      });

      test('audit L4: a user SET written before the index expired is upgraded in place and gets an expiry', async () => {
        const prefix = `${uniqueName('satchel_l4')}:`;
        const store = new RedisStore({ client: redis.client, prefix, expiredGrace: 0 });
        const index = `${prefix}u:erin`;
        const now = Date.now();
        try {
          await store.create('old-1', record('erin', now + 20 * MINUTE));
          await store.create('old-2', record('erin', now + 10 * MINUTE));
          // The 0.1 layout: a plain SET without expiry, plus a member whose session is long gone.
          await raw.command(index, ['DEL', index]);
          await raw.command(index, ['SADD', index, 'old-1', 'old-2', 'gone']);
          await store.create('new', record('erin', now + 5 * MINUTE));
          assert.equal(await raw.command(index, ['TYPE', index]), 'zset');
          assert.deepEqual(await members(index), ['gone', 'new', 'old-1', 'old-2']);
          assert.deepEqual((await store.listByUser('erin')).map((s) => s.key).sort(), ['new', 'old-1', 'old-2']);
          assert.deepEqual(await members(index), ['new', 'old-1', 'old-2']);
          assert.equal(await expiry(index), now + 20 * MINUTE);
          assert.equal(await store.destroyByUser('erin'), 3);
          assert.equal(await raw.command(index, ['EXISTS', index]), 0);
        } finally {
          await store.clear();
        }
      });
    });
  }
}

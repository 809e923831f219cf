import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { createClient } from 'redis';
import { REDIS_STORE_DEFAULTS, RedisStore } from '../../src/stores/redis.js';
import type { SessionRecord } from '../../src/types.js';
import { connectStandalone, type TestRedis } from '../support/redis-cluster.js';
import { uniqueName } from '../support/servers.js';

// RedisStore's `expiredGrace`: Redis keeps a key past `expiresAt` (PEXPIREAT expiresAt + grace) so
// `get(key, { includeExpired: true })` can still see a timed-out session, on the real server.

const MINUTE = 60_000;
type RawClient = ReturnType<typeof createClient>;

function record(expiresAt: number, data: SessionRecord['data'] = { cart: ['x'] }): SessionRecord {
  const now = Date.now();
  return { data, expiresAt, createdAt: now - 10 * MINUTE, lastSeenAt: now - 5 * MINUTE, userId: 'u-grace', userAgent: 'UA' };
}

describe('RedisStore expiredGrace (real Redis)', () => {
  let redis: TestRedis;
  let raw: RawClient;
  const stores: RedisStore[] = [];
  const prefixes = new WeakMap<RedisStore, string>();
  const storeWith = (extra: { expiredGrace?: number } = {}): RedisStore => {
    const prefix = `${uniqueName('satchel_grace')}:`;
    const store = new RedisStore({ client: redis.client, prefix, ...extra });
    stores.push(store);
    prefixes.set(store, prefix);
    return store;
  };
  const redisKey = (store: RedisStore, key: string) => `${prefixes.get(store)}s:${key}`;
  const expireTime = async (store: RedisStore, key: string) => Number(await raw.sendCommand(['PEXPIRETIME', redisKey(store, key)]));

  before(async () => {
    redis = await connectStandalone('node-redis 5');
    raw = redis.client as RawClient;
  });
  after(async () => {
    for (const store of stores) await store.clear();
    await redis?.quit();
  });

  test('the default grace is 15 minutes and Redis expires keys at expiresAt + grace on create, update and touch', async () => {
    assert.equal(REDIS_STORE_DEFAULTS.expiredGrace, 15 * MINUTE);
    const store = storeWith();
    const grace = REDIS_STORE_DEFAULTS.expiredGrace;
    const created = Date.now() + 30 * MINUTE + 0.4;
    await store.create('k', record(created));
    assert.equal(await expireTime(store, 'k'), Math.ceil(created + grace));
    const updated = created + MINUTE;
    assert.equal(await store.update('k', { set: { n: 1 }, unset: [], expiresAt: updated, lastSeenAt: Date.now() }), true);
    assert.equal(await expireTime(store, 'k'), Math.ceil(updated + grace));
    const touched = updated + MINUTE;
    await store.touch('k', touched, Date.now());
    assert.equal(await expireTime(store, 'k'), Math.ceil(touched + grace));
    assert.equal((await store.get('k'))?.expiresAt, touched, 'the record keeps its own deadline; only the key lives longer');
  });

  test('STO-02: within the grace an expired session reads as null, and with includeExpired as stored', async () => {
    const store = storeWith({ expiredGrace: 10 * MINUTE });
    // Already past its deadline in real time: without the grace Redis would drop it at once.
    const expired = record(Date.now() - MINUTE);
    assert.equal(await store.create('late', expired), true);
    assert.equal(await store.get('late'), null);
    assert.deepEqual(await store.get('late', { includeExpired: true }), expired);
    assert.deepEqual(await store.ids(), [], 'enumeration lists live sessions only');
    assert.deepEqual(await store.listByUser('u-grace'), []);
  });

  test('TM-03: within the grace update and touch refuse the expired session and create replaces it', async () => {
    const store = storeWith({ expiredGrace: 10 * MINUTE });
    const expired = record(Date.now() - MINUTE);
    await store.create('k', expired);
    assert.equal(await store.update('k', { set: { n: 2 }, unset: [], expiresAt: Date.now() + MINUTE, lastSeenAt: Date.now() }), false);
    await store.touch('k', Date.now() + MINUTE, Date.now());
    assert.deepEqual(await store.get('k', { includeExpired: true }), expired, 'refused writes changed nothing');
    const fresh = record(Date.now() + MINUTE, { generation: 2 });
    assert.equal(await store.create('k', fresh), true);
    assert.deepEqual(await store.get('k'), fresh);
  });

  test('TM-01: destroy removes a session inside its grace at once', async () => {
    const store = storeWith({ expiredGrace: 10 * MINUTE });
    await store.create('gone', record(Date.now() - MINUTE));
    await store.destroy('gone');
    assert.equal(await store.get('gone', { includeExpired: true }), null);
    assert.equal(await raw.exists(redisKey(store, 'gone')), 0);
  });

  test('expiredGrace 0: Redis drops the key at expiresAt, so includeExpired finds nothing', async () => {
    const store = storeWith({ expiredGrace: 0 });
    await store.create('late', record(Date.now() - MINUTE));
    assert.equal(await store.get('late', { includeExpired: true }), null);
    const live = Date.now() + MINUTE + 0.4;
    await store.create('live', record(live));
    assert.equal(await expireTime(store, 'live'), Math.ceil(live));
  });

  test('expiredGrace is validated at construction with SessionOptionsError', () => {
    const code = { code: 'ERR_SESSION_OPTIONS' };
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '60000' as never]) {
      assert.throws(() => new RedisStore({ client: redis.client, expiredGrace: bad }), code, `expiredGrace ${String(bad)}`);
    }
  });
});

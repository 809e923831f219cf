import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MemoryStore } from '../../src/stores/memory/store.js';
import type { SessionRecord } from '../../src/types.js';

const run = promisify(execFile);
const memoryModule = fileURLToPath(new URL('../../src/stores/memory/store.ts', import.meta.url));

function record(now: number, lifetime = 60_000): SessionRecord {
  return { data: { n: 1 }, expiresAt: now + lifetime, createdAt: now, lastSeenAt: now, userId: null, userAgent: null };
}

async function runScript(source: string, ...flags: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', source], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    timeout: 20_000,
  });
  return stdout;
}

describe('MemoryStore bounds', () => {
  test('STO-05: max bounds the entry count and evicts the least recently used', async () => {
    const now = Date.now();
    const store = new MemoryStore({ max: 3 });
    for (const key of ['a', 'b', 'c']) assert.equal(await store.create(key, record(now)), true);
    await store.get('a'); // a is now the most recently used, b the least
    assert.equal(await store.create('d', record(now)), true);
    assert.equal(store.size, 3);
    assert.equal(await store.get('b'), null);
    assert.deepEqual((await store.ids()).sort(), ['a', 'c', 'd']);
    await store.close();
  });

  test('STO-05: touch and update count as use for LRU', async () => {
    const now = Date.now();
    const store = new MemoryStore({ max: 2 });
    await store.create('a', record(now));
    await store.create('b', record(now));
    await store.touch('a', now + 120_000, now);
    await store.create('c', record(now));
    assert.equal(await store.get('b'), null);
    await store.update('c', { set: {}, unset: [], expiresAt: now + 1000, lastSeenAt: now });
    await store.create('d', record(now));
    assert.equal(await store.get('a'), null);
    assert.deepEqual((await store.ids()).sort(), ['c', 'd']);
    await store.close();
  });

  test('audit finding 4a: an anonymous flood evicts anonymous sessions only, never a logged-in one while anonymous ones exist', async () => {
    const now = Date.now();
    const store = new MemoryStore({ max: 100 });
    for (let i = 0; i < 60; i++) await store.create(`user-${i}`, { ...record(now), userId: `u${i}` });
    // Logged in after an anonymous start: the session moves to the protected order.
    await store.create('late-login', record(now));
    await store.update('late-login', { set: {}, unset: [], expiresAt: now + 60_000, lastSeenAt: now, userId: 'late' });
    for (let i = 0; i < 5000; i++) assert.equal(await store.create(`anon-${i}`, record(now)), true);
    assert.equal(store.size, 100);
    for (let i = 0; i < 60; i++) assert.deepEqual((await store.listByUser(`u${i}`)).map((s) => s.key), [`user-${i}`], `user ${i} was logged out`);
    assert.deepEqual((await store.listByUser('late')).map((s) => s.key), ['late-login']);
    // The anonymous ones kept are the most recent (LRU within their own order).
    assert.notEqual(await store.get('anon-4999'), null);
    assert.equal(await store.get('anon-0'), null);
    // Logging out makes a session anonymous again (most recently used of 40), and evictable first.
    await store.update('user-0', { set: {}, unset: [], expiresAt: now + 60_000, lastSeenAt: now, userId: null });
    for (let i = 0; i < 40; i++) await store.create(`anon-more-${i}`, record(now));
    assert.equal(await store.get('user-0'), null);
    await store.close();
  });

  test('audit finding 4a: a store full of logged-in sessions gives up only its least recently used one to an anonymous flood', async () => {
    const now = Date.now();
    const store = new MemoryStore({ max: 50 });
    for (let i = 0; i < 50; i++) await store.create(`user-${i}`, { ...record(now), userId: `u${i}` });
    await store.get('user-0'); // user-1 is now the least recently used
    for (let i = 0; i < 1000; i++) await store.create(`anon-${i}`, record(now));
    assert.equal(store.size, 50);
    const kept = (await store.all()).filter((e) => e.record.userId !== null).map((e) => e.key);
    assert.equal(kept.length, 49);
    assert.ok(!kept.includes('user-1'));
    assert.deepEqual(await store.ids().then((ids) => ids.filter((id) => id.startsWith('anon-'))), ['anon-999']);
    await store.close();
  });

  test('audit L4: MemoryStore\'s per-user index keeps no user whose sessions expired, were evicted or destroyed', async () => {
    let now = Date.now();
    const store = new MemoryStore({ max: 10, now: () => now, sweepInterval: 0 });
    // White-box: the index is private, and only its size can show a leak.
    const users = () => (store as unknown as { byUser: Map<string, Set<string>> }).byUser.size;
    for (let i = 0; i < 10; i++) await store.create(`expiring-${i}`, { ...record(now, 1000), userId: `e${i}` });
    now += 2000;
    await store.prune();
    assert.equal(users(), 0, 'expired');
    for (let i = 0; i < 30; i++) await store.create(`evicted-${i}`, { ...record(now), userId: `v${i}` });
    assert.equal(users(), 10, 'evicted');
    await store.destroyByUser('v29');
    await store.destroy('evicted-28');
    await store.update('evicted-27', { set: {}, unset: [], expiresAt: now + 1000, lastSeenAt: now, userId: null });
    assert.equal(users(), 7, 'destroyed or logged out');
    await store.close();
  });

  test('expired entries are swept by the background timer without being read', async () => {
    let now = Date.now();
    const store = new MemoryStore({ now: () => now, sweepInterval: 5, sweepBatch: 2 });
    for (let i = 0; i < 5; i++) await store.create(`old${i}`, record(now, 1000));
    await store.create('live', record(now, 600_000));
    now += 2000;
    while (store.size > 1) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(store.size, 1);
    assert.notEqual(await store.get('live'), null);
    await store.close();
  });

  test('the sweep timer is unref\'d: a process holding a store exits by itself', async () => {
    const out = await runScript(
      `const { MemoryStore } = await import(${JSON.stringify(memoryModule)});
       new MemoryStore({ sweepInterval: 1000 });
       console.log('created');`,
    );
    assert.equal(out.trim(), 'created');
  });

  test('an idle session costs at most ~250 bytes of heap beyond its key and JSON', async () => {
    const out = await runScript(
      `const { MemoryStore } = await import(${JSON.stringify(memoryModule)});
       const { createHash } = await import('node:crypto');
       const n = 20000, now = Date.now();
       const store = new MemoryStore({ max: n });
       const keys = Array.from({ length: n }, (_, i) => createHash('sha256').update(String(i)).digest('base64url'));
       const data = { cookie: { originalMaxAge: 86400000, expires: '2026-11-28T07:00:00.000Z', httpOnly: true, path: '/' } };
       const payload = keys[0].length + JSON.stringify(data).length + 2 * 16; // both strings: bytes + headers
       globalThis.gc(); const before = process.memoryUsage().heapUsed;
       for (const key of keys) await store.create(key, { data, expiresAt: now + 1e6, createdAt: now, lastSeenAt: now, userId: null, userAgent: null });
       globalThis.gc(); const after = process.memoryUsage().heapUsed;
       console.log(Math.round((after - before) / n - payload));`,
      '--expose-gc',
    );
    const overhead = Number(out.trim());
    assert.ok(overhead <= 250, `overhead per idle session was ${overhead} B`);
  });

  test('invalid options throw SessionOptionsError at construction', () => {
    for (const options of [{ max: 0 }, { max: 1.5 }, { sweepInterval: -1 }, { sweepBatch: 0 }]) {
      assert.throws(() => new MemoryStore(options), { code: 'ERR_SESSION_OPTIONS' });
    }
  });

  test('a value JSON cannot hold rejects with SessionStoreError and leaves the record as it was', async () => {
    const now = Date.now();
    const store = new MemoryStore();
    await store.create('k', record(now));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await assert.rejects(store.update('k', { set: { cyclic }, unset: ['n'], expiresAt: now, lastSeenAt: now }), {
      code: 'ERR_SESSION_STORE',
      operation: 'update',
    });
    await assert.rejects(store.create('j', { ...record(now), data: { big: 1n } }), { code: 'ERR_SESSION_STORE' });
    assert.deepEqual((await store.get('k'))?.data, { n: 1 });
    assert.equal(await store.get('j'), null);
    await store.close();
  });

  test('STO-05: eviction keeps exact LRU order through any mix of creates, reads, touches, logins, destroys and clears (model check)', async () => {
    // A reference LRU (two orders, anonymous evicted first) driven by the same seeded operations:
    // after every step the store holds exactly the model's keys.
    const now = Date.now();
    const max = 6;
    const store = new MemoryStore({ max, sweepInterval: 0 });
    const model = { anonymous: [] as string[], bound: [] as string[], user: new Map<string, string | null>() };
    const orderOf = (key: string) => (model.user.get(key) === null ? model.anonymous : model.bound);
    const drop = (key: string) => {
      const order = orderOf(key);
      order.splice(order.indexOf(key), 1);
      model.user.delete(key);
    };
    const use = (key: string) => {
      const order = orderOf(key);
      order.splice(order.indexOf(key), 1);
      order.push(key);
    };
    let seed = 0x5eed;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % n;
    let evictions = 0;
    for (let step = 0; step < 4000; step++) {
      const key = `k${random(24)}`;
      const present = model.user.has(key);
      const op = random(100);
      if (op < 40) {
        const userId = random(4) === 0 ? `u${random(3)}` : null;
        assert.equal(store.createSync(key, { ...record(now), userId }), !present, `step ${step}: create ${key}`);
        if (!present) {
          while (model.user.size >= max) {
            drop(model.anonymous.length > 0 ? model.anonymous[0]! : model.bound[0]!);
            evictions++;
          }
          model.user.set(key, userId);
          orderOf(key).push(key);
        }
      } else if (op < 60) {
        assert.equal(store.getSync(key) !== null, present, `step ${step}: get ${key}`);
        if (present) use(key);
      } else if (op < 70) {
        store.touchSync(key, now + 60_000, now);
        if (present) use(key);
      } else if (op < 85) {
        const userId = random(2) === 0 ? `u${random(3)}` : null;
        assert.equal(store.updateSync(key, { set: {}, unset: [], expiresAt: now + 60_000, lastSeenAt: now, userId }), present, `step ${step}: update ${key}`);
        if (present) {
          drop(key);
          model.user.set(key, userId);
          orderOf(key).push(key);
        }
      } else if (op < 92) {
        await store.destroy(key);
        if (present) drop(key);
      } else if (op < 99) {
        // Reading a key the store does not hold changes nothing.
        assert.equal(store.getSync(`absent-${key}`), null);
      } else {
        await store.clear();
        model.anonymous.length = 0;
        model.bound.length = 0;
        model.user.clear();
      }
      assert.deepEqual((await store.ids()).sort(), [...model.user.keys()].sort(), `step ${step}`);
    }
    assert.ok(evictions > 500, `the run evicted ${evictions} times`);
    await store.close();
  });
});

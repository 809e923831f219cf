import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonObject, SessionPatch } from '../../types.js';
import { MemoryStore } from './store.js';

// A save that leaves `cookie` alone re-serializes only the rest of the entry; every patch must
// still give what applying it to the whole data gives, key order included.
test('MemoryStore updates give the patched data whether or not the patch touches cookie, in the same key order', async () => {
  const cookie = { originalMaxAge: 60_000, httpOnly: true, path: '/' };
  const starts: JsonObject[] = [
    { cookie, views: 1, user: 'alice' },
    { views: 1, cookie, list: [1, 2] },
    { cookie },
    { views: 1 },
    {},
    JSON.parse('{"cookie":{"originalMaxAge":1},"__proto__":{"polluted":true},"a":1}') as JsonObject,
  ];
  const patches: Array<Pick<SessionPatch, 'set' | 'unset'>> = [
    { set: { views: 2 }, unset: [] },
    { set: { fresh: { nested: true } }, unset: ['user'] },
    { set: { cookie: { ...cookie, originalMaxAge: 120_000 } }, unset: [] },
    { set: {}, unset: ['cookie'] },
    { set: JSON.parse('{"__proto__":{"again":1}}') as JsonObject, unset: ['a'] },
    { set: { views: null }, unset: ['list', 'missing'] },
  ];
  let n = 0;
  for (const start of starts) {
    for (const patch of patches) {
      const store = new MemoryStore({ sweepInterval: 0 });
      const key = `k${n++}`;
      const now = Date.now();
      await store.create(key, { data: structuredClone(start), expiresAt: now + 60_000, createdAt: now, lastSeenAt: now, userId: null, userAgent: null });
      const before = (await store.get(key))!.data;
      // What the store must hold: the data it returned, with the patch applied to it as a whole.
      const expected = JSON.parse(JSON.stringify(before)) as JsonObject;
      for (const gone of patch.unset) delete expected[gone];
      for (const [name, value] of Object.entries(patch.set)) Object.defineProperty(expected, name, { value, enumerable: true, writable: true, configurable: true });
      assert.equal(await store.update(key, { ...patch, expiresAt: now + 90_000, lastSeenAt: now }), true);
      const after = (await store.get(key))!;
      assert.deepEqual(after.data, expected, JSON.stringify({ start, patch }));
      // The store keeps `cookie` apart and gives it back first; the other keys keep their order.
      const order = Object.keys(expected).sort((a, b) => Number(b === 'cookie') - Number(a === 'cookie'));
      assert.deepEqual(Object.keys(after.data), order, JSON.stringify({ start, patch }));
      assert.equal(Object.getPrototypeOf(after.data), Object.prototype);
      assert.equal(after.expiresAt, now + 90_000);
      await store.close?.();
    }
  }
});

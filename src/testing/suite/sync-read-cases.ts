import assert from 'node:assert/strict';
import type { SessionStore } from '../../types.js';
import { EXPIRE_JUMP_MS, SHORT_MS, makeRecord, randomKey, seed, type AddCase } from './kit.js';

type SyncStore = SessionStore & Required<Pick<SessionStore, 'getSync'>>;

function syncStore(store: SessionStore): SyncStore {
  assert.equal(typeof store.getSync, 'function', 'the store was declared with syncRead but has no getSync()');
  return store as SyncStore;
}

/**
 * `getSync`: the engine reads through it instead of `get` when a store offers it, so it must
 * answer exactly as `get` does, without a promise.
 */
export function syncReadCases(add: AddCase): void {
  add('getSync answers like get: live, missing, expired (plain and includeExpired) and destroyed records', async ({ store, clock }) => {
    const sync = syncStore(store);
    const live = randomKey();
    await seed(store, live, makeRecord(clock, { n: 1, nested: { list: ['a', null] } }, { userId: 'u-sync', userAgent: 'Firefox/133' }));
    const expiring = randomKey();
    await seed(store, expiring, makeRecord(clock, { short: true }, { expiresAt: clock.now() + SHORT_MS }));

    const read = sync.getSync(live);
    assert.ok(!(read instanceof Promise), 'getSync must not return a promise');
    assert.deepEqual(read, await store.get(live));
    assert.equal(sync.getSync(randomKey()), null);

    clock.advance(EXPIRE_JUMP_MS);
    assert.equal(sync.getSync(expiring), null, 'an expired record reads as null without includeExpired');
    assert.deepEqual(sync.getSync(expiring, { includeExpired: true }), await store.get(expiring, { includeExpired: true }));

    await store.destroy(live);
    assert.equal(sync.getSync(live), null);
    assert.equal(sync.getSync(live, { includeExpired: true }), null, 'a destroyed record stays gone');
  });

  add('getSync hands out copies: mutating what it returned does not change the stored record', async ({ store, clock }) => {
    const sync = syncStore(store);
    const key = randomKey();
    await seed(store, key, makeRecord(clock, { cart: ['a'] }));
    const first = sync.getSync(key);
    assert.ok(first);
    (first.data.cart as string[]).push('b');
    first.data.extra = true;
    assert.deepEqual(sync.getSync(key)?.data, { cart: ['a'] });
  });
}

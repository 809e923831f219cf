import assert from 'node:assert/strict';
import type { SessionStore } from '../../types.js';
import { EXPIRE_JUMP_MS, SHORT_MS, makeRecord, randomKey, seed, type AddCase } from './kit.js';

type SyncStore = SessionStore & Required<Pick<SessionStore, 'getSync' | 'createSync' | 'updateSync' | 'touchSync'>>;

function syncStore(store: SessionStore): SyncStore {
  for (const name of ['getSync', 'createSync', 'updateSync', 'touchSync'] as const) {
    assert.equal(typeof store[name], 'function', `the store was declared with syncRead but has no ${name}()`);
  }
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

/**
 * `createSync`, `updateSync`, `touchSync`: the engine writes through them instead of the async
 * methods when a store offers them, so they must keep every rule of create-only, update-only and
 * touch (never re-create), without a promise.
 */
export function syncWriteCases(add: AddCase): void {
  add('createSync/updateSync/touchSync answer like create/update/touch, without a promise', async ({ store, clock }) => {
    const sync = syncStore(store);
    const key = randomKey();
    const created = sync.createSync(key, makeRecord(clock, { n: 1, keep: 'x' }, { userId: 'u-sync-write' }));
    assert.equal(created, true);
    assert.equal(sync.createSync(key, makeRecord(clock, { n: 99 })), false, 'create-only: a live record is never replaced');
    assert.deepEqual((await store.get(key))?.data, { n: 1, keep: 'x' });

    clock.advance(1000);
    const patch = { set: { n: 2 }, unset: ['keep'], expiresAt: clock.now() + SHORT_MS, lastSeenAt: clock.now() };
    const updated = sync.updateSync(key, patch);
    assert.equal(updated, true, 'updateSync answers a boolean, not a promise');
    const after = await store.get(key);
    assert.deepEqual(after?.data, { n: 2 });
    assert.equal(after?.lastSeenAt, clock.now());
    assert.equal(after?.userId, 'u-sync-write', 'a patch without userId keeps the user');

    const touchedAt = clock.now() + 500;
    assert.equal(sync.touchSync(key, touchedAt + SHORT_MS, touchedAt), undefined);
    assert.equal((await store.get(key))?.lastSeenAt, touchedAt);

    const missing = randomKey();
    assert.equal(sync.updateSync(missing, patch), false, 'update-only: a missing record is not created');
    sync.touchSync(missing, clock.now() + SHORT_MS, clock.now());
    assert.equal(await store.get(missing), null, 'touch never re-creates');

    clock.advance(EXPIRE_JUMP_MS);
    assert.equal(sync.updateSync(key, { ...patch, expiresAt: clock.now() + SHORT_MS, lastSeenAt: clock.now() }), false, 'an expired record is gone for updates');
    assert.equal(sync.createSync(key, makeRecord(clock, { fresh: true })), true, 'an expired record does not block a create');
  });
}

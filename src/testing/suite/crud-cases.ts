import assert from 'node:assert/strict';
import { EXPIRE_JUMP_MS, SHORT_MS, makeRecord, randomKey, seed, type AddCase } from './kit.js';

/** Create, read, destroy, expiry and touch. */
export function crudCases(add: AddCase): void {
  add('STO-01: create, get, update, destroy round trip', async ({ store, clock }) => {
    const key = randomKey();
    const record = makeRecord(clock, { cart: ['a', 'b'], visits: 1 }, { userAgent: 'Firefox/130' });
    await seed(store, key, record);
    assert.deepEqual(await store.get(key), record);
    const patch = { set: { visits: 2 }, unset: [], expiresAt: record.expiresAt + 1000, lastSeenAt: record.lastSeenAt + 5 };
    assert.equal(await store.update(key, patch), true);
    assert.deepEqual(await store.get(key), {
      ...record,
      data: { cart: ['a', 'b'], visits: 2 },
      expiresAt: patch.expiresAt,
      lastSeenAt: patch.lastSeenAt,
    });
    await store.destroy(key);
    assert.equal(await store.get(key), null);
  });

  add('get of a missing key resolves to null; destroy of a missing key resolves', async ({ store }) => {
    const key = randomKey();
    assert.equal(await store.get(key), null);
    await store.destroy(key);
    assert.equal(await store.get(key), null);
  });

  add('keys are opaque strings of up to 255 characters', async ({ store, clock }) => {
    const long = randomKey(255);
    const odd = `k:${randomKey(16)}/+=.-_~`;
    await seed(store, long, makeRecord(clock, { which: 'long' }));
    await seed(store, odd, makeRecord(clock, { which: 'odd' }));
    assert.deepEqual((await store.get(long))?.data, { which: 'long' });
    assert.deepEqual((await store.get(odd))?.data, { which: 'odd' });
    assert.equal(await store.get(long.slice(0, 254)), null);
  });

  add('STO-02/TO-03: a record past expiresAt reads as null even if the backend still holds it', async ({ store, clock }) => {
    const key = randomKey();
    await seed(store, key, makeRecord(clock, { a: 1 }, { expiresAt: clock.now() + SHORT_MS }));
    assert.notEqual(await store.get(key), null);
    clock.advance(EXPIRE_JUMP_MS);
    assert.equal(await store.get(key), null);
  });

  add('STO-01: create is create-only; a second create resolves false and changes nothing', async ({ store, clock }) => {
    const key = randomKey();
    const first = makeRecord(clock, { owner: 'first' });
    await seed(store, key, first);
    assert.equal(await store.create(key, makeRecord(clock, { owner: 'second' }, { userId: 'mallory' })), false);
    assert.deepEqual(await store.get(key), first);
  });

  add('STO-01: create over an expired record succeeds (only a live record blocks it)', async ({ store, clock }) => {
    const key = randomKey();
    await seed(store, key, makeRecord(clock, { generation: 1 }, { expiresAt: clock.now() + SHORT_MS }));
    clock.advance(EXPIRE_JUMP_MS);
    const fresh = makeRecord(clock, { generation: 2 });
    assert.equal(await store.create(key, fresh), true);
    assert.deepEqual(await store.get(key), fresh);
  });

  add('touch moves only expiresAt and lastSeenAt, never the data or the user', async ({ store, clock }) => {
    const key = randomKey();
    const record = makeRecord(clock, { keep: { me: true } }, { userId: 'u-touch', userAgent: 'Safari' });
    await seed(store, key, record);
    clock.advance(1000);
    await store.touch(key, record.expiresAt + 60_000, clock.now());
    assert.deepEqual(await store.get(key), { ...record, expiresAt: record.expiresAt + 60_000, lastSeenAt: clock.now() });
  });

  add('touch keeps a short-lived record alive past its old deadline', async ({ store, clock }) => {
    const key = randomKey();
    await seed(store, key, makeRecord(clock, { a: 1 }, { expiresAt: clock.now() + SHORT_MS }));
    await store.touch(key, clock.now() + SHORT_MS + EXPIRE_JUMP_MS * 2, clock.now());
    clock.advance(EXPIRE_JUMP_MS);
    assert.deepEqual((await store.get(key))?.data, { a: 1 });
  });

  add('TM-03: touch of a missing or expired record is a no-op and creates nothing', async ({ store, clock }) => {
    const missing = randomKey();
    await store.touch(missing, clock.now() + 60_000, clock.now());
    assert.equal(await store.get(missing), null);

    const expired = randomKey();
    await seed(store, expired, makeRecord(clock, { a: 1 }, { expiresAt: clock.now() + SHORT_MS }));
    clock.advance(EXPIRE_JUMP_MS);
    await store.touch(expired, clock.now() + 600_000, clock.now());
    assert.equal(await store.get(expired), null, 'touch must not revive an expired record');

    const destroyed = randomKey();
    await seed(store, destroyed, makeRecord(clock, { a: 1 }));
    await store.destroy(destroyed);
    await store.touch(destroyed, clock.now() + 600_000, clock.now());
    assert.equal(await store.get(destroyed), null, 'touch must not resurrect a destroyed record');
  });

  add('close is idempotent', async ({ store }) => {
    assert.equal(await store.close?.(), undefined);
    assert.equal(await store.close?.(), undefined, 'a second close must resolve too');
  });
}

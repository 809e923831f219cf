import assert from 'node:assert/strict';
import { EXPIRE_JUMP_MS, SHORT_MS, makeRecord, randomKey, seed, type AddCase } from './kit.js';

/** Update-only patches: semantics, atomicity under concurrency, no resurrection. */
export function patchCases(add: AddCase): void {
  add('TM-03: update of a missing record resolves false and creates nothing', async ({ store, clock }) => {
    const key = randomKey();
    const patch = { set: { a: 1 }, unset: [], expiresAt: clock.now() + 60_000, lastSeenAt: clock.now(), userId: 'u1' };
    assert.equal(await store.update(key, patch), false);
    assert.equal(await store.get(key), null);
  });

  add('TM-03: update of an expired record resolves false and does not revive it', async ({ store, clock }) => {
    const key = randomKey();
    await seed(store, key, makeRecord(clock, { a: 1 }, { expiresAt: clock.now() + SHORT_MS }));
    clock.advance(EXPIRE_JUMP_MS);
    const patch = { set: { a: 2 }, unset: [], expiresAt: clock.now() + 600_000, lastSeenAt: clock.now() };
    assert.equal(await store.update(key, patch), false);
    assert.equal(await store.get(key), null);
  });

  add('TM-03: update after destroy does not resurrect', async ({ store, clock }) => {
    const key = randomKey();
    await seed(store, key, makeRecord(clock, { user: 'alice' }, { userId: 'alice' }));
    await store.destroy(key);
    const patch = { set: { cart: [1] }, unset: [], expiresAt: clock.now() + 600_000, lastSeenAt: clock.now(), userId: 'alice' };
    assert.equal(await store.update(key, patch), false);
    assert.equal(await store.get(key), null);
  });

  add('patch: set replaces top-level keys whole, unset removes, null stays null, others untouched', async ({ store, clock }) => {
    const key = randomKey();
    const record = makeRecord(clock, {
      keep: 'same',
      nested: { x: 1, y: 2 },
      gone: true,
      nulled: 'value',
      list: [1, 2, 3],
    });
    await seed(store, key, record);
    const patch = {
      set: { nested: { x: 3 }, nulled: null, list: [], added: { deep: { deeper: [null] } } },
      unset: ['gone', 'neverExisted'],
      expiresAt: record.expiresAt,
      lastSeenAt: record.lastSeenAt + 1,
    };
    assert.equal(await store.update(key, patch), true);
    const got = await store.get(key);
    assert.deepEqual(got?.data, {
      keep: 'same',
      nested: { x: 3 },
      nulled: null,
      list: [],
      added: { deep: { deeper: [null] } },
    });
    assert.equal(Object.hasOwn(got.data, 'gone'), false);
    assert.equal(got.createdAt, record.createdAt, 'update must not move createdAt');
    assert.equal(got.userAgent, record.userAgent);
  });

  add('patch: an empty patch only moves the times', async ({ store, clock }) => {
    const key = randomKey();
    const record = makeRecord(clock, { a: 1 });
    await seed(store, key, record);
    assert.equal(await store.update(key, { set: {}, unset: [], expiresAt: record.expiresAt + 10, lastSeenAt: record.lastSeenAt + 10 }), true);
    assert.deepEqual(await store.get(key), { ...record, expiresAt: record.expiresAt + 10, lastSeenAt: record.lastSeenAt + 10 });
  });

  add('patch: userId undefined keeps the bound user, a string rebinds, null unbinds', async ({ store, clock }) => {
    const key = randomKey();
    const record = makeRecord(clock, {}, { userId: 'first' });
    await seed(store, key, record);
    const times = { expiresAt: record.expiresAt, lastSeenAt: record.lastSeenAt };
    await store.update(key, { set: { a: 1 }, unset: [], ...times });
    assert.equal((await store.get(key))?.userId, 'first');
    await store.update(key, { set: {}, unset: [], ...times, userId: 'second' });
    assert.equal((await store.get(key))?.userId, 'second');
    await store.update(key, { set: {}, unset: [], ...times, userId: null });
    assert.equal((await store.get(key))?.userId, null);
  });

  add('concurrent disjoint patches lose nothing (50 parallel updates)', async ({ store, clock }) => {
    const key = randomKey();
    const record = makeRecord(clock, { base: true });
    await seed(store, key, record);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.update(key, {
          set: { [`k${i}`]: { i, text: `value ${i}` } },
          unset: i === 0 ? ['base'] : [],
          expiresAt: record.expiresAt + i,
          lastSeenAt: record.lastSeenAt + i,
        }),
      ),
    );
    assert.deepEqual(results, Array(50).fill(true));
    const data = (await store.get(key))?.data;
    const expected: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) expected[`k${i}`] = { i, text: `value ${i}` };
    assert.deepEqual(data, expected);
  });

  add('TM-03: updates racing a destroy never bring the record back', async ({ store, clock }) => {
    const key = randomKey();
    const record = makeRecord(clock, { a: 1 });
    await seed(store, key, record);
    const patch = (i: number) => ({ set: { [`k${i}`]: i }, unset: [], expiresAt: record.expiresAt, lastSeenAt: record.lastSeenAt });
    const racing = [store.update(key, patch(0)), store.destroy(key), ...Array.from({ length: 10 }, (_, i) => store.update(key, patch(i + 1)))];
    await Promise.all(racing);
    // Whatever order the racers landed in, updates issued after destroy settled find nothing.
    const late = await Promise.all(Array.from({ length: 10 }, (_, i) => store.update(key, patch(i + 20))));
    assert.deepEqual(late, Array(10).fill(false));
    assert.equal(await store.get(key), null);
  });
}

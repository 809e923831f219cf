import assert from 'node:assert/strict';
import type { SessionRecord, SessionStore } from '../../types.js';
import { EXPIRE_JUMP_MS, SHORT_MS, makeRecord, randomKey, seed, type AddCase, type SuiteClock } from './kit.js';

/** What the expired-read cases need to know about the store. */
export interface ExpiredReadOptions {
  /** The store keeps expired records until it purges them, so `includeExpired` must return them. */
  readable: boolean;
}

const INCLUDE = { includeExpired: true } as const;

/** Seeds a record that expires after `SHORT_MS`, then moves the clock past it. */
async function seedExpired(store: SessionStore, clock: SuiteClock, data: SessionRecord['data']): Promise<{ key: string; record: SessionRecord }> {
  const key = randomKey();
  const record = makeRecord(clock, data, { expiresAt: clock.now() + SHORT_MS, userId: 'u-expired', userAgent: 'Edge/130' });
  await seed(store, key, record);
  clock.advance(EXPIRE_JUMP_MS);
  return { key, record };
}

/**
 * `get(key, { includeExpired: true })`: the read the engine uses to tell "timed out" from "never
 * existed". An expired record may come back (exactly as stored) or not; a destroyed one never.
 */
export function expiredCases(add: AddCase, options: ExpiredReadOptions): void {
  const expectation = options.readable ? 'comes back as stored' : 'comes back as stored or null';

  add(`STO-02: includeExpired: an expired record the store still holds ${expectation}; a plain get is null`, async ({ store, clock }) => {
    const { key, record } = await seedExpired(store, clock, { cart: ['a'], n: 1 });
    const read = await store.get(key, INCLUDE);
    if (options.readable || read !== null) assert.deepEqual(read, record, 'includeExpired must return the record with its data and times unchanged');
    assert.equal(await store.get(key), null, 'without includeExpired an expired record reads as null');
  });

  add('STO-02: includeExpired reads a live record like a plain get, and a missing key as null', async ({ store, clock }) => {
    const key = randomKey();
    const record = makeRecord(clock, { live: true });
    await seed(store, key, record);
    assert.deepEqual(await store.get(key, INCLUDE), record);
    assert.deepEqual(await store.get(key, { includeExpired: false }), record);
    assert.equal(await store.get(randomKey(), INCLUDE), null);
  });

  add('TM-01: includeExpired never returns a destroyed record, live or expired', async ({ store, clock }) => {
    const live = randomKey();
    await seed(store, live, makeRecord(clock, { a: 1 }));
    await store.destroy(live);
    assert.equal(await store.get(live, INCLUDE), null, 'a destroyed live record must stay gone');

    const { key } = await seedExpired(store, clock, { a: 2 });
    await store.destroy(key);
    assert.equal(await store.get(key, INCLUDE), null, 'a destroyed expired record must stay gone');
  });

  add('TM-03: a record readable with includeExpired is still gone for update and touch', async ({ store, clock }) => {
    const { key, record } = await seedExpired(store, clock, { v: 1 });
    const patch = { set: { v: 2 }, unset: [], expiresAt: clock.now() + 600_000, lastSeenAt: clock.now() };
    assert.equal(await store.update(key, patch), false, 'update-only: an expired record counts as missing');
    await store.touch(key, clock.now() + 600_000, clock.now());
    assert.equal(await store.get(key), null, 'neither update nor touch may revive an expired record');
    // Some stores drop an expired record when a write finds it (the memory store does), so null is fine here.
    const read = await store.get(key, INCLUDE);
    if (read !== null) assert.deepEqual(read, record, 'the expired record must be unchanged by the refused update and touch');
  });

  add('STO-01: create replaces an expired record that includeExpired could still read', async ({ store, clock }) => {
    const { key } = await seedExpired(store, clock, { generation: 1 });
    const fresh = makeRecord(clock, { generation: 2 });
    assert.equal(await store.create(key, fresh), true);
    assert.deepEqual(await store.get(key, INCLUDE), fresh);
    assert.deepEqual(await store.get(key), fresh);
  });
}

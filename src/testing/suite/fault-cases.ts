import assert from 'node:assert/strict';
import type { SessionStore } from '../../types.js';
import { assertStoreError, makeRecord, randomKey, seed, type AddCase, type StoreCapability } from './kit.js';

/** Cuts and restores the real connection to a store's backend. */
export interface StoreFaults {
  /** Makes the backend unreachable (close a proxy, stop a server). */
  cut(): Promise<void> | void;
  /** Makes it reachable again; the store must recover by itself. */
  restore(): Promise<void> | void;
  /** How many times to retry (100 ms apart) before service must be back. @default 100 */
  recoveryAttempts?: number;
}

const FAULT_CODES = ['ERR_SESSION_STORE', 'ERR_SESSION_STORE_TIMEOUT'];

async function eventually(attempts: number, probe: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await probe().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Every operation a store offers, with arguments, so none escapes the outage check. */
function operations(store: SessionStore, key: string, now: number, without: Set<StoreCapability>): Array<[string, () => Promise<unknown>]> {
  const patch = { set: { a: 2 }, unset: [], expiresAt: now + 60_000, lastSeenAt: now };
  const ops: Array<[string, (() => Promise<unknown>) | undefined]> = [
    ['get', () => store.get(key)],
    ['create', () => store.create(randomKey(), makeRecordAt(now))],
    ['update', () => store.update(key, patch)],
    ['touch', () => store.touch(key, now + 60_000, now)],
    ['destroy', () => store.destroy(randomKey())],
    ['listByUser', store.listByUser && (() => store.listByUser!('u'))],
    ['destroyByUser', store.destroyByUser && (() => store.destroyByUser!(`nobody-${randomKey(8)}`))],
    ['all', store.all && (() => store.all!())],
    ['ids', store.ids && (() => store.ids!())],
    ['length', store.length && (() => store.length!())],
    ['prune', store.prune && (() => store.prune!())],
  ];
  return ops.filter((op): op is [string, () => Promise<unknown>] => op[1] !== undefined && !without.has(op[0] as StoreCapability));
}

function makeRecordAt(now: number) {
  return { data: { during: 'outage' }, expiresAt: now + 60_000, createdAt: now, lastSeenAt: now, userId: null, userAgent: null };
}

/** Outage behaviour, when the hook-up can cut the backend for real (issue 4, "Real servers, real faults"). */
export function faultCases(add: AddCase, faults: StoreFaults, without: Set<StoreCapability>): void {
  add('outage: every operation rejects with a SessionStoreError, nothing hangs or crashes, service resumes after restore', async ({ store, clock }) => {
    const key = randomKey();
    await seed(store, key, makeRecord(clock, { before: 'outage' }));
    await faults.cut();
    try {
      for (const [name, run] of operations(store, key, clock.now(), without)) {
        await assertStoreError(run(), FAULT_CODES, `${name} during an outage`);
      }
    } finally {
      await faults.restore();
    }
    const back = await eventually(faults.recoveryAttempts ?? 100, async () => (await store.get(key)) !== null);
    assert.equal(back, true, 'the store did not serve the pre-outage record again after restore');
    assert.deepEqual((await store.get(key))?.data, { before: 'outage' });
    const after = randomKey();
    await seed(store, after, makeRecord(clock, { after: 'outage' }));
    assert.deepEqual((await store.get(after))?.data, { after: 'outage' });
  });
}

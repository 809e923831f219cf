import assert from 'node:assert/strict';
import type { SessionStore } from '../types.js';
import { crudCases } from './suite/crud-cases.js';
import { enumerationCases } from './suite/enumeration-cases.js';
import { expiredCases } from './suite/expired-cases.js';
import { faultCases, type StoreFaults } from './suite/fault-cases.js';
import { fidelityCases } from './suite/fidelity-cases.js';
import { SuiteClock, type AddCase, type StoreCapability } from './suite/kit.js';
import { patchCases } from './suite/patch-cases.js';
import { syncReadCases, syncWriteCases } from './suite/sync-read-cases.js';
import { userCases } from './suite/user-cases.js';

export type { StoreFaults } from './suite/fault-cases.js';
export type { StoreCapability } from './suite/kit.js';

/** Any runner's test registration function: node:test `test`, mocha/vitest `it`. */
export type TestFn = (name: string, fn: () => Promise<void>) => unknown;

/** What `createStore` receives for each case. */
export interface StoreSuiteContext {
  /** The suite's controllable clock: pass it as the store's `now` option, or expiry cases fail. */
  now: () => number;
}

/** Options of {@link runStoreSuite}. */
export interface StoreSuiteOptions {
  /** Prefix for every case name, e.g. `'sqlite :memory:'`. */
  name?: string;
  /**
   * Optional methods the store does not provide. Nothing is skipped silently: a method missing
   * and not listed here fails its cases, and a listed one must be absent or reject with
   * `ERR_SESSION_STORE_UNSUPPORTED`.
   * @default []
   */
  without?: StoreCapability[];
  /** Runs after each case's `close()`, e.g. to drop the case's table or prefix. */
  cleanup?: (store: SessionStore) => Promise<void>;
  /** When given, adds the outage case: the suite cuts the backend and checks typed, bounded failures. */
  faults?: StoreFaults;
  /**
   * The store keeps expired records until it purges them (a sweep, prune or native TTL), so
   * `get(key, { includeExpired: true })` must return an expired record it still holds. When
   * false, returning null for it is accepted too. A destroyed record must read as null either way.
   * @default false
   */
  expiredReadable?: boolean;
  /**
   * The store offers `getSync`, `createSync`, `updateSync` and `touchSync` (in-process stores):
   * adds the cases that check they answer like `get`, `create`, `update` and `touch`.
   * @default false
   */
  syncRead?: boolean;
}

const CAPABILITY_ARGS: Record<StoreCapability, unknown[]> = {
  listByUser: ['suite-user'],
  destroyByUser: ['suite-user'],
  all: [],
  ids: [],
  length: [],
  clear: [],
  prune: [],
};

/**
 * The conformance suite every satchel store runs (issue 4). It registers one test per case
 * with the runner's `test`/`it`; each case builds its own store with `createStore`, works on
 * random keys, and closes the store (then `cleanup`) at the end. Uses `node:assert` only.
 *
 * `createStore` must give each case an empty store (fresh table/prefix, or clear it in
 * `cleanup`): enumeration cases count everything the store owns.
 *
 * @example
 * import { test } from 'node:test';
 * import { runStoreSuite } from 'satchel/testing';
 * import { MemoryStore } from 'satchel';
 *
 * runStoreSuite(test, ({ now }) => new MemoryStore({ now }), { name: 'memory' });
 */
export function runStoreSuite(
  test: TestFn,
  createStore: (ctx: StoreSuiteContext) => SessionStore | Promise<SessionStore>,
  options: StoreSuiteOptions = {},
): void {
  const without = new Set(options.without ?? []);
  const prefix = options.name ? `${options.name}: ` : '';

  const add: AddCase = (name, body, needs = []) => {
    if (needs.some((need) => without.has(need))) return;
    test(`${prefix}${name}`, async () => {
      const clock = new SuiteClock();
      const store = await createStore({ now: clock.now });
      try {
        for (const need of needs) {
          assert.equal(typeof store[need], 'function', `the store has no ${need}(); provide it or list '${need}' in runStoreSuite options.without`);
        }
        await body({ store, clock });
      } finally {
        await store.close?.();
        await options.cleanup?.(store);
      }
    });
  };

  crudCases(add);
  expiredCases(add, { readable: options.expiredReadable === true });
  patchCases(add);
  fidelityCases(add);
  userCases(add);
  enumerationCases(add);
  if (options.syncRead) {
    syncReadCases(add);
    syncWriteCases(add);
  }
  if (options.faults) faultCases(add, options.faults, without);

  for (const capability of without) {
    test(`${prefix}${capability}() is declared unsupported`, async () => {
      const clock = new SuiteClock();
      const store = await createStore({ now: clock.now });
      try {
        const method = store[capability] as ((...args: unknown[]) => Promise<unknown>) | undefined;
        if (method === undefined) return assert.equal(method, undefined);
        await assert.rejects(
          method.apply(store, CAPABILITY_ARGS[capability]),
          (error: { code?: unknown }) => error?.code === 'ERR_SESSION_STORE_UNSUPPORTED',
          `${capability}() exists and did not reject with ERR_SESSION_STORE_UNSUPPORTED: remove it from options.without`,
        );
      } finally {
        await store.close?.();
        await options.cleanup?.(store);
      }
    });
  }
}

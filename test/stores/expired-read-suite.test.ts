import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryStore } from '../../src/stores/memory/store.js';
import type { StoreSuiteContext, StoreSuiteOptions } from '../../src/testing/index.js';
import type { SessionGetOptions, SessionRecord, SessionStore } from '../../src/types.js';
import { delegatingStore, failingNames, suiteCases } from '../support/store-mutants.js';

// Mutation check of the suite's includeExpired cases: deliberately broken stores (MemoryStore with
// one behaviour replaced) must each fail the case written for that behaviour.

function failingCases(createStore: (ctx: StoreSuiteContext) => SessionStore, options: StoreSuiteOptions): Promise<string[]> {
  return failingNames(suiteCases(createStore, options));
}

type Get = (key: string, options?: SessionGetOptions) => Promise<SessionRecord | null>;

/** A MemoryStore whose `get` is replaced; every other method is the reference one. */
function withGet(makeGet: (inner: MemoryStore, destroyed: Map<string, SessionRecord>) => Get) {
  return ({ now }: StoreSuiteContext): SessionStore => {
    const inner = new MemoryStore({ now, sweepInterval: 0 });
    const destroyed = new Map<string, SessionRecord>();
    return {
      ...delegatingStore(inner),
      get: makeGet(inner, destroyed),
      // Keeps a copy of what was destroyed, for the mutant that "remembers" it.
      destroy: async (key) => {
        const held = await inner.get(key, { includeExpired: true });
        if (held) destroyed.set(key, held);
        await inner.destroy(key);
      },
    };
  };
}

describe('runStoreSuite includeExpired cases catch broken stores', () => {
  test('the reference MemoryStore passes every case with expiredReadable: true', async () => {
    assert.deepEqual(await failingCases(withGet((inner) => (key, options) => inner.get(key, options)), { expiredReadable: true }), []);
  });

  test('a store that ignores includeExpired passes without expiredReadable (the option is optional)', async () => {
    assert.deepEqual(await failingCases(withGet((inner) => (key) => inner.get(key)), {}), []);
  });

  const mutants: Array<[string, Parameters<typeof withGet>[0], StoreSuiteOptions, RegExp]> = [
    ['a store that ignores includeExpired but claims expiredReadable', (inner) => (key) => inner.get(key), { expiredReadable: true }, /includeExpired: an expired record the store still holds comes back as stored/],
    [
      'includeExpired that returns destroyed records',
      (inner, destroyed) => async (key, options) => (await inner.get(key, options)) ?? (options?.includeExpired ? (destroyed.get(key) ?? null) : null),
      {},
      /TM-01: includeExpired never returns a destroyed record/,
    ],
    [
      'includeExpired that returns an expired record altered (its deadline moved)',
      (inner) => async (key, options) => {
        const record = await inner.get(key, options);
        return record && { ...record, expiresAt: record.expiresAt + 3_600_000 };
      },
      {},
      /includeExpired: an expired record the store still holds/,
    ],
    [
      'a plain get that returns expired records too',
      (inner) => (key) => inner.get(key, { includeExpired: true }),
      { expiredReadable: true },
      /a plain get is null/,
    ],
  ];
  for (const [what, makeGet, options, expected] of mutants) {
    test(`fails ${what}`, async () => {
      const failed = await failingCases(withGet(makeGet), options);
      assert.ok(failed.some((name) => expected.test(name)), `expected a failure matching ${expected}, got: ${failed.join(' | ') || 'none'}`);
    });
  }
});

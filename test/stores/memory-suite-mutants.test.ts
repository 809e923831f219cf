import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryStore } from '../../src/stores/memory/store.js';
import type { StoreSuiteContext, StoreSuiteOptions } from '../../src/testing/index.js';
import type { SessionStore } from '../../src/types.js';
import { delegatingStore, failingNames, suiteCases } from '../support/store-mutants.js';

/** Runs the whole suite against a store, collecting which cases fail instead of reporting them. */
async function failingCases(createStore: (ctx: StoreSuiteContext) => SessionStore, options: StoreSuiteOptions = {}): Promise<string[]> {
  const cases = suiteCases(createStore, options);
  assert.ok(cases.length > 20, 'the suite registered its cases');
  return failingNames(cases);
}

/** A MemoryStore with some methods replaced: a deliberately broken store. */
function mutant(overrides: (inner: MemoryStore) => Partial<SessionStore>, withClock = true) {
  return ({ now }: StoreSuiteContext): SessionStore => {
    const inner = new MemoryStore(withClock ? { now } : {});
    return { ...delegatingStore(inner), ...overrides(inner) };
  };
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runStoreSuite catches broken stores (mutation check of the suite itself)', () => {
  test('the reference MemoryStore passes every case', async () => {
    assert.deepEqual(await failingCases(mutant(() => ({}))), []);
  });

  const mutants: Array<[string, ReturnType<typeof mutant>, RegExp]> = [
    ['a store that ignores the injected clock (backend-only expiry)', mutant(() => ({}), false), /STO-02\/TO-03/],
    [
      'update that upserts a missing record',
      mutant((inner) => ({
        update: async (k, p) =>
          (await inner.update(k, p)) ||
          inner.create(k, { data: p.set, expiresAt: p.expiresAt, createdAt: p.lastSeenAt, lastSeenAt: p.lastSeenAt, userId: p.userId ?? null, userAgent: null }),
      })),
      /TM-03: update after destroy does not resurrect/,
    ],
    ['create that overwrites a live record', mutant((inner) => ({ create: async (k, r) => (await inner.destroy(k), inner.create(k, r)) })), /create is create-only/],
    [
      'touch that re-creates a missing record',
      mutant((inner) => ({
        touch: async (k, e, l) => {
          if (!(await inner.get(k))) await inner.create(k, { data: {}, expiresAt: e, createdAt: l, lastSeenAt: l, userId: null, userAgent: null });
          else await inner.touch(k, e, l);
        },
      })),
      /touch of a missing or expired record/,
    ],
    [
      'listByUser that leaks session data',
      mutant((inner) => ({ listByUser: async (u) => (await inner.listByUser(u)).map((info) => ({ ...info, data: {} })) })),
      /TM-05: listByUser returns metadata/,
    ],
    [
      'update as a non-atomic read-modify-write',
      mutant((inner) => ({
        update: async (k, p) => {
          const current = await inner.get(k);
          if (!current) return false;
          await later(1);
          await inner.destroy(k);
          const data = { ...current.data, ...p.set };
          for (const key of p.unset) delete data[key];
          return inner.create(k, { ...current, data, expiresAt: p.expiresAt, lastSeenAt: p.lastSeenAt });
        },
      })),
      /concurrent disjoint patches lose nothing/,
    ],
    ['length that counts expired records', mutant((inner) => ({ length: async () => inner.size })), /length\(\) counts live records only/],
    ['a patch that merges nested objects', mutant((inner) => ({
      update: async (k, p) => {
        const current = await inner.get(k);
        const set = Object.fromEntries(Object.entries(p.set).map(([key, v]) => [key, v && typeof v === 'object' && !Array.isArray(v) ? { ...(current?.data[key] as object), ...v } : v]));
        return inner.update(k, { ...p, set });
      },
    })), /set replaces top-level keys whole/],
    ['a missing optional method not declared in without', mutant(() => ({ prune: undefined })), /prune\(\) deletes expired records/],
  ];
  for (const [what, createStore, expected] of mutants) {
    test(`fails ${what}`, async () => {
      const failed = await failingCases(createStore);
      assert.ok(failed.some((name) => expected.test(name)), `expected a failure matching ${expected}, got: ${failed.join(' | ') || 'none'}`);
    });
  }

  test('fails a method declared in without that actually works', async () => {
    const failed = await failingCases(mutant(() => ({})), { without: ['prune'] });
    assert.deepEqual(failed, ['prune() is declared unsupported']);
  });
});

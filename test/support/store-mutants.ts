import { runStoreSuite, type StoreSuiteContext, type StoreSuiteOptions } from '../../src/testing/index.js';
import type { SessionStore } from '../../src/types.js';

// Helpers for mutation checks of runStoreSuite: a deliberately broken store must fail the case
// written for the behaviour it breaks, or that case checks nothing.

/** One registered case of the suite: its name and its body. */
export type SuiteCase = [name: string, run: () => Promise<void>];

/** The suite's cases for a store, collected instead of handed to a test runner. */
export function suiteCases(createStore: (ctx: StoreSuiteContext) => SessionStore, options: StoreSuiteOptions): SuiteCase[] {
  const cases: SuiteCase[] = [];
  runStoreSuite((name, fn) => cases.push([name, fn]), createStore, options);
  return cases;
}

/** Runs `cases` one after another and names the ones that fail. */
export async function failingNames(cases: readonly SuiteCase[]): Promise<string[]> {
  const failed: string[] = [];
  for (const [name, fn] of cases) await fn().catch(() => failed.push(name));
  return failed;
}

/** A store that forwards every method to `inner`, for mutants to override one or two of. */
export function delegatingStore(inner: Required<Omit<SessionStore, 'getSync' | 'createSync' | 'updateSync' | 'touchSync'>>): SessionStore {
  return {
    get: (k, o) => inner.get(k, o),
    create: (k, r) => inner.create(k, r),
    update: (k, p) => inner.update(k, p),
    destroy: (k) => inner.destroy(k),
    touch: (k, e, l) => inner.touch(k, e, l),
    listByUser: (u) => inner.listByUser(u),
    destroyByUser: (u, o) => inner.destroyByUser(u, o),
    all: () => inner.all(),
    ids: () => inner.ids(),
    length: () => inner.length(),
    clear: () => inner.clear(),
    prune: () => inner.prune(),
    close: () => inner.close(),
  };
}

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionStoreError } from '../../src/errors.js';
import { eventually } from './eventually.js';
import { sessionRecord, tableNames, type SqlStoreFactory } from './sql-store-cases.js';
import { startTcpProxy } from './tcp-proxy.js';
import { collectUnhandledRejections } from './unhandled.js';

/** What the fault tests need to know about one SQL store and its driver. */
export interface SqlFaultSetup<P> {
  /** Prefix of the tables these tests create. */
  tablePrefix: string;
  /** Requirement id of the background-pruning case in this store's test plan. */
  pruneRequirement: string;
  /** The real database server, which the TCP proxy forwards to. */
  server: { host: string; port: number };
  /** A small pool straight to the server, for bootstrap and cleanup. */
  directPool: () => P;
  /** The pool under test, connected through the proxy at `port` (short connect timeout). */
  proxiedPool: (port: number) => P;
  endPool: (pool: P) => Promise<void>;
  dropTables: (pool: P, tables: string[]) => Promise<void>;
  createStore: SqlStoreFactory<P>;
}

/**
 * Registers the outage tests every SQL store must pass, with the database connection really cut
 * by a TCP proxy: bootstrap retried after a failure, background pruning that reports instead of
 * crashing, and in-flight operations that settle with typed errors and recover.
 */
export async function registerSqlFaultTests<P>(setup: SqlFaultSetup<P>): Promise<void> {
  const direct = setup.directPool();
  const proxy = await startTcpProxy(setup.server);
  const pool = setup.proxiedPool(proxy.port);
  const unhandled = collectUnhandledRejections();
  const newStore = setup.createStore;
  const { newTable, tables } = tableNames(setup.tablePrefix);

  after(async () => {
    proxy.restore();
    await setup.dropTables(direct, tables);
    await setup.endPool(pool);
    await proxy.close();
    await setup.endPool(direct);
  });

  const record = (now: number) => ({ ...sessionRecord(now, 60_000), userId: 'u' });
  const retry = <T>(probe: () => Promise<T>) => eventually(probe, 50);

  test('schema bootstrap that fails while the database is down is retried on the next call, not memoised', async () => {
    const table = newTable();
    proxy.cut();
    const store = newStore({ pool, table, pruneInterval: false, operationTimeout: 1500 });
    try {
      await assert.rejects(store.get('k'), (error: unknown) => error instanceof SessionStoreError && error.operation === 'get');
    } finally {
      proxy.restore();
    }
    const now = Date.now();
    assert.equal(await retry(() => store.create('k', record(now))), true);
    assert.deepEqual((await store.get('k'))?.data, { n: 1 });
    await store.close();
  });

  test(`${setup.pruneRequirement}: background pruning against a dead database reports SessionStoreErrors to onError and never crashes`, async () => {
    const table = newTable();
    const bootstrap = newStore({ pool: direct, table, pruneInterval: false });
    await bootstrap.length();
    proxy.cut();
    const errors: SessionStoreError[] = [];
    const keepAlive = setInterval(() => {}, 1000);
    try {
      await new Promise<void>((resolve) => {
        const store = newStore({
          pool,
          table,
          pruneInterval: 20,
          operationTimeout: 1500,
          onError: (error) => {
            errors.push(error);
            if (errors.length === 2) void store.close().then(resolve);
          },
        });
      });
    } finally {
      clearInterval(keepAlive);
      proxy.restore();
    }
    assert.ok(errors.every((error) => error instanceof SessionStoreError && error.operation === 'prune'));
    assert.deepEqual(unhandled, []);
  });

  test('connection cut mid-load: in-flight operations settle with typed errors within the timeout, then service recovers', async () => {
    const store = newStore({ pool, table: newTable(), pruneInterval: false, operationTimeout: 2000 });
    const now = Date.now();
    await store.create('seed', record(now));
    const load = Array.from({ length: 60 }, (_, i) => {
      const key = `load-${i}`;
      return i % 3 === 0 ? store.create(key, record(now)) : i % 3 === 1 ? store.get('seed') : store.update('seed', { set: { [`k${i}`]: i }, unset: [], expiresAt: now + 60_000, lastSeenAt: now });
    });
    proxy.cut();
    const settled = await Promise.allSettled(load);
    proxy.restore();
    assert.ok(settled.some((outcome) => outcome.status === 'rejected'), 'the cut must hit operations in flight');
    for (const outcome of settled) {
      if (outcome.status === 'rejected') {
        assert.ok(outcome.reason instanceof SessionStoreError, `expected SessionStoreError, got ${String(outcome.reason)}`);
        assert.ok(['ERR_SESSION_STORE', 'ERR_SESSION_STORE_TIMEOUT'].includes(outcome.reason.code));
      }
    }
    assert.equal(await retry(() => store.get('seed').then((r) => r?.userId)), 'u');
    assert.equal(await store.create('after', record(now)), true);
    assert.deepEqual(unhandled, []);
    await store.close();
  });
}

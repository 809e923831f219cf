import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SqlStoreOptions } from '../../src/stores/kit/sql/index.js';
import type { SessionRecord, SessionStore } from '../../src/types.js';
import { uniqueName } from './servers.js';

// Cases the PostgreSQL and MySQL store tests share word for word; what differs by dialect
// (index names, locks, charset) stays in each test file.

/** A SQL store with every optional method but the in-process getSync, as PostgresStore and MysqlStore are. */
export type SqlStore = Required<Omit<SessionStore, 'getSync' | 'createSync' | 'updateSync' | 'touchSync'>>;

/** Builds the store under test on a pool of its driver. */
export type SqlStoreFactory<P> = (options: SqlStoreOptions & { pool: P }) => SqlStore;

/** Unique table names with `prefix`; `tables` lists every one handed out, for the file's cleanup. */
export function tableNames(prefix: string): { newTable: () => string; tables: string[] } {
  const tables: string[] = [];
  const newTable = () => {
    const table = uniqueName(prefix);
    tables.push(table);
    return table;
  };
  return { newTable, tables };
}

/** A record created at `now`, expiring `lifetime` ms later, with no user. */
export function sessionRecord(now: number, lifetime: number, data: Record<string, unknown> = { n: 1 }): SessionRecord {
  return { data, expiresAt: now + lifetime, createdAt: now, lastSeenAt: now, userId: null, userAgent: null };
}

/** Two stores on two pools of their own (two processes, in effect) create the same new table at once. */
function testConcurrentBootstrap<P>(setup: SqlCaseSetup<P, unknown> & { newTable: () => string }): void {
  test('two stores (as two processes, each with its own pool) bootstrap the same new table at once', async () => {
    const table = setup.newTable();
    const pools = [setup.openPool(), setup.openPool()];
    try {
      const stores = pools.map((p) => setup.createStore({ pool: p, table, pruneInterval: false }));
      const now = Date.now();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => stores[i % 2]!.create(`key-${i}`, sessionRecord(now, 60_000, { i }))),
      );
      assert.deepEqual(results, Array(10).fill(true));
      assert.equal(await stores[0]!.length(), 10);
      await setup.assertIndexes(table);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await Promise.all(pools.map((p) => setup.endPool(p)));
    }
  });
}

/** Pruning works through expired rows a bounded batch at a time and spares live ones. */
function testBatchedPrune<P>(pool: P, newTable: () => string, createStore: SqlStoreFactory<P>): void {
  test('prune deletes expired rows in bounded batches and keeps live ones', async () => {
    let clock = Date.now();
    const store = createStore({ pool, table: newTable(), pruneInterval: false, pruneBatchSize: 3, now: () => clock });
    for (let i = 0; i < 10; i++) assert.equal(await store.create(`old-${i}`, sessionRecord(clock, 1_000)), true);
    for (let i = 0; i < 2; i++) assert.equal(await store.create(`live-${i}`, sessionRecord(clock, 3_600_000)), true);
    clock += 5_000;
    assert.equal(await store.prune(), 10, 'ten expired rows need four batches of three');
    assert.deepEqual((await store.ids()).sort(), ['live-0', 'live-1']);
    assert.equal(await store.prune(), 0);
    await store.close();
  });
}

/** Values patched in through SQL JSON functions come back exactly as JSON.parse would give them. */
function testPatchJsonFidelity<P>(pool: P, newTable: () => string, createStore: SqlStoreFactory<P>): void {
  test('patched values keep JSON fidelity: numbers, strings that look like JSON, control characters, unicode', async () => {
    const store = createStore({ pool, table: newTable(), pruneInterval: false });
    const now = Date.now();
    assert.equal(await store.create('k', sessionRecord(now, 60_000)), true);
    const set = {
      numbers: [0, -1, 3.14159, 1e-7, 1e21, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
      jsonLooking: '{"not":"an object"}',
      nullString: 'null',
      control: '\u0001\b\t\n\u001f\u007f',
      astral: '😀 𝄞',
      nested: { deep: [{ a: null }, [], {}] },
      flag: false,
    };
    assert.equal(await store.update('k', { set, unset: [], expiresAt: now + 60_000, lastSeenAt: now }), true);
    assert.deepEqual((await store.get('k'))?.data, { n: 1, ...set });
    await store.close();
  });
}

/** A second connection that takes the table's prune lock, as another process would while pruning. */
export interface PruneLockHolder<C> {
  connect(): Promise<C>;
  disconnect(connection: C): void;
  /** Takes the store's prune lock for `table` on `connection`; asserts it was granted. */
  lock(connection: C, table: string): Promise<void>;
  unlock(connection: C, table: string): Promise<void>;
}

/** Pruning yields to another process that holds the table's prune lock, and runs once it is free. */
function testPruneYieldsToLockHolder<P, C>(setup: SqlCaseSetup<P, C> & { newTable: () => string }): void {
  test(`prune is skipped while another connection holds the table ${setup.lockLabel}, and runs once it is released`, async () => {
    let clock = Date.now();
    const table = setup.newTable();
    const store = setup.createStore({ pool: setup.pool, table, pruneInterval: false, now: () => clock });
    assert.equal(await store.create('old', sessionRecord(clock, 1_000)), true);
    clock += 5_000;
    const other = await setup.holder.connect();
    try {
      await setup.holder.lock(other, table);
      assert.equal(await store.prune(), 0, 'another runner holds the lock: skip');
      assert.equal(await setup.countRows(table), 1, 'the expired row is still there for the lock holder to prune');
      await setup.holder.unlock(other, table);
    } finally {
      setup.holder.disconnect(other);
    }
    assert.equal(await store.prune(), 1);
    await store.close();
  });
}

/** The dialect's side of the shared cases. */
export interface SqlCaseSetup<P, C> {
  /** The file's pool; ended, with every table these tests created dropped, after the file's tests. */
  pool: P;
  tablePrefix: string;
  createStore: SqlStoreFactory<P>;
  /** A second, independent pool (another process, in effect). */
  openPool: () => P;
  endPool: (pool: P) => Promise<void>;
  dropTables: (pool: P, tables: string[]) => Promise<void>;
  /** Checks the dialect's catalog for the three indexes of `table`. */
  assertIndexes: (table: string) => Promise<void>;
  /** How the dialect names the prune lock in the test name. */
  lockLabel: string;
  holder: PruneLockHolder<C>;
  /** Rows left in `table`, expired or not, read past the store. */
  countRows: (table: string) => Promise<number>;
}

/**
 * Registers the concurrency cases PostgresStore and MysqlStore share (concurrent bootstrap,
 * batched pruning, yielding to a prune-lock holder, JSON fidelity of patches) and returns the
 * table-name source for the file's own, dialect-specific cases.
 */
export function registerSqlStoreCases<P, C>(setup: SqlCaseSetup<P, C>): () => string {
  const { newTable, tables } = tableNames(setup.tablePrefix);
  after(async () => {
    await setup.dropTables(setup.pool, tables);
    await setup.endPool(setup.pool);
  });
  testConcurrentBootstrap({ ...setup, newTable });
  testBatchedPrune(setup.pool, newTable, setup.createStore);
  testPruneYieldsToLockHolder({ ...setup, newTable });
  testPatchJsonFidelity(setup.pool, newTable, setup.createStore);
  return newTable;
}

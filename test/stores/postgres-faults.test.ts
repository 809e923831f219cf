import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { SessionStoreError } from '../../src/errors.js';
import { PostgresStore } from '../../src/stores/postgres.js';
import { uniqueName } from '../support/servers.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { PG_CONFIG, dropTables } from './postgres-support.js';

const direct = new pg.Pool({ ...PG_CONFIG, max: 2 });
direct.on('error', () => {});
const proxy = await startTcpProxy({ host: PG_CONFIG.host, port: PG_CONFIG.port });
const pool = new pg.Pool({ ...PG_CONFIG, port: proxy.port, max: 8, connectionTimeoutMillis: 1000 });
pool.on('error', () => {});
const tables: string[] = [];
const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

after(async () => {
  proxy.restore();
  await dropTables(direct, tables);
  await pool.end();
  await proxy.close();
  await direct.end();
});

function newTable(): string {
  const table = uniqueName('pg_faults');
  tables.push(table);
  return table;
}

const record = (now: number) => ({ data: { n: 1 }, expiresAt: now + 60_000, createdAt: now, lastSeenAt: now, userId: 'u', userAgent: null });

async function eventually<T>(probe: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    try {
      return await probe();
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw last;
}

test('schema bootstrap that fails while the database is down is retried on the next call, not memoised', async () => {
  const table = newTable();
  proxy.cut();
  const store = new PostgresStore({ pool, table, pruneInterval: false, operationTimeout: 1500 });
  try {
    await assert.rejects(store.get('k'), (error: unknown) => error instanceof SessionStoreError && error.operation === 'get');
  } finally {
    proxy.restore();
  }
  const now = Date.now();
  assert.equal(await eventually(() => store.create('k', record(now))), true);
  assert.deepEqual((await store.get('k'))?.data, { n: 1 });
  await store.close();
});

test('E4: background pruning against a dead database reports SessionStoreErrors to onError and never crashes', async () => {
  const table = newTable();
  const bootstrap = new PostgresStore({ pool: direct, table, pruneInterval: false });
  await bootstrap.length();
  proxy.cut();
  const errors: SessionStoreError[] = [];
  const keepAlive = setInterval(() => {}, 1000);
  try {
    await new Promise<void>((resolve) => {
      const store = new PostgresStore({
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
  const store = new PostgresStore({ pool, table: newTable(), pruneInterval: false, operationTimeout: 2000 });
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
  assert.equal(await eventually(() => store.get('seed').then((r) => r?.userId)), 'u');
  assert.equal(await store.create('after', record(now)), true);
  assert.deepEqual(unhandled, []);
  await store.close();
});

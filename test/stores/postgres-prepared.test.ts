import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { PostgresStore } from '../../src/stores/postgres.js';
import { SessionOptionsError, SessionStoreError } from '../../src/errors.js';
import type { SessionRecord } from '../../src/types.js';
import { uniqueName } from '../support/servers.js';
import { PG_CONFIG, dropTables } from './postgres-support.js';

// One connection per pool, so pg_prepared_statements (which is per connection) sees what the store prepared.
const pools: pg.Pool[] = [];
const tables: string[] = [];
function onePool(): pg.Pool {
  const pool = new pg.Pool({ ...PG_CONFIG, max: 1 });
  pool.on('error', () => {});
  pools.push(pool);
  return pool;
}
function table(): string {
  const name = uniqueName('pg_prep');
  tables.push(name);
  return name;
}
async function preparedOn(pool: pg.Pool): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ name: string; statement: string }>(
    "SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'satchel\\_%'",
  );
  return new Map(rows.map((row) => [row.name, row.statement]));
}
function record(now: number, data: SessionRecord['data'] = { views: 1 }): SessionRecord {
  return { data, expiresAt: now + 60_000, createdAt: now, lastSeenAt: now, userId: 'u1', userAgent: null };
}

test('PostgresStore sends its per-request statements as named prepared statements, parsed once per connection', async () => {
  const pool = onePool();
  const store = new PostgresStore({ pool, table: table(), pruneInterval: false });
  const now = Date.now();
  assert.equal(await store.create('k1', record(now)), true);
  assert.deepEqual((await store.get('k1'))?.data, { views: 1 });
  assert.equal(await store.update('k1', { set: { views: 2 }, unset: [], expiresAt: now + 120_000, lastSeenAt: now }), true);
  await store.touch('k1', now + 180_000, now);
  assert.equal((await store.listByUser('u1')).length, 1);
  const names = await preparedOn(pool);
  assert.equal(names.size, 5, `get, create, update, touch, listByUser: ${[...names.keys()].join(', ')}`);
  for (const [name, text] of names) assert.match(name, /^satchel_[0-9a-f]{32}$/, text);

  // Repeating the calls reuses them: still five, and the same rows come back.
  for (let i = 0; i < 20; i++) assert.equal((await store.get('k1'))?.data.views, 2);
  assert.equal((await store.get('k1'))?.expiresAt, now + 180_000);
  assert.deepEqual([...(await preparedOn(pool)).keys()].sort(), [...names.keys()].sort());
  await store.close();
});

test('two stores on one pool share statements for the same table and never collide for different tables', async () => {
  const pool = onePool();
  const shared = table();
  const a = new PostgresStore({ pool, table: shared, pruneInterval: false });
  const b = new PostgresStore({ pool, table: shared, pruneInterval: false });
  const c = new PostgresStore({ pool, table: table(), pruneInterval: false });
  const now = Date.now();
  assert.equal(await a.create('k', record(now, { from: 'a' })), true);
  assert.deepEqual((await b.get('k'))?.data, { from: 'a' });
  assert.equal((await a.get('k'))?.userId, 'u1');
  assert.equal((await preparedOn(pool)).size, 2, 'create and get, shared by a and b');
  // Same statement kinds on another table: new names, no "Prepared statements must be unique" error.
  assert.equal(await c.get('k'), null);
  assert.equal(await c.create('k', record(now, { from: 'c' })), true);
  assert.deepEqual((await c.get('k'))?.data, { from: 'c' });
  assert.deepEqual((await a.get('k'))?.data, { from: 'a' });
  assert.equal((await preparedOn(pool)).size, 4);
});

test('preparedStatements: false sends every statement unnamed and behaves the same', async () => {
  const pool = onePool();
  const store = new PostgresStore({ pool, table: table(), pruneInterval: false, preparedStatements: false });
  const now = Date.now();
  assert.equal(await store.create('k', record(now)), true);
  assert.equal(await store.update('k', { set: { views: 5 }, unset: ['gone'], expiresAt: now + 60_000, lastSeenAt: now }), true);
  assert.deepEqual((await store.get('k'))?.data, { views: 5 });
  await store.destroy('k');
  assert.equal(await store.get('k'), null);
  assert.equal((await preparedOn(pool)).size, 0);
});

test('a statement that failed to prepare (table missing, createTable: false) is prepared again once the table exists', async () => {
  const pool = onePool();
  const name = table();
  const store = new PostgresStore({ pool, table: name, pruneInterval: false, createTable: false });
  await assert.rejects(store.get('k'), (error: unknown) => error instanceof SessionStoreError);
  assert.equal((await preparedOn(pool)).size, 0, 'nothing half-prepared is left on the connection');
  // The migration runs later, on the same single connection: the bootstrap of a second store creates the table.
  const creator = new PostgresStore({ pool, table: name, pruneInterval: false });
  assert.equal(await creator.get('k'), null);
  const now = Date.now();
  assert.equal(await store.create('k', record(now)), true);
  assert.deepEqual((await store.get('k'))?.data, { views: 1 });
});

test('preparedStatements is validated at construction', () => {
  const pool = onePool();
  for (const bad of ['yes', 1, null]) {
    assert.throws(
      () => new PostgresStore({ pool, preparedStatements: bad as unknown as boolean, pruneInterval: false }),
      (error: unknown) => error instanceof SessionOptionsError && /preparedStatements must be a boolean/.test(error.message),
    );
  }
});

after(async () => {
  const cleanup = new pg.Pool({ ...PG_CONFIG, max: 1 });
  await dropTables(cleanup, tables);
  await cleanup.end();
  for (const pool of pools) await pool.end();
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { SessionOptionsError, SessionStoreError } from '../../src/errors.js';
import { PostgresStore } from '../../src/stores/postgres.js';
import { advisoryLockKey } from '../../src/stores/postgres/rows.js';
import { uniqueName } from '../support/servers.js';
import { registerSqlStoreCases, sessionRecord as record } from '../support/sql-store-cases.js';
import { PG_CONFIG, dropTables } from './postgres-support.js';

/** pg requires an error listener on every pool, or a dropped idle connection ends the process. */
function quietPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', () => {});
  return pool;
}

const pool = quietPool({ ...PG_CONFIG, max: 6 });
const pruneLockKey = (table: string) => advisoryLockKey('prune', `"${table}"`);

const newTable = registerSqlStoreCases({
  pool,
  tablePrefix: 'pg_conc',
  createStore: (options) => new PostgresStore(options),
  openPool: () => quietPool({ ...PG_CONFIG, max: 3 }),
  endPool: (p) => p.end(),
  dropTables,
  assertIndexes: async (table) => {
    const { rows } = await pool.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY indexname', [table]);
    assert.deepEqual(rows.map((r) => r.indexname), [`${table}_expires_at_idx`, `${table}_pkey`, `${table}_user_id_idx`]);
  },
  lockLabel: 'prune lock',
  holder: {
    connect: () => pool.connect(),
    disconnect: (other) => other.release(),
    lock: async (other, table) => {
      const { rows } = await other.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [pruneLockKey(table)]);
      assert.equal(rows[0]?.locked, true);
    },
    unlock: async (other, table) => void (await other.query('SELECT pg_advisory_unlock($1::bigint)', [pruneLockKey(table)])),
  },
  countRows: async (table) => {
    const { rows: left } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    return left[0]?.n ?? 0;
  },
});

test('patch keys with quotes, dots, spaces, backslashes, unicode and __proto__ are set and unset exactly; null stays null', async () => {
  const store = new PostgresStore({ pool, table: newTable(), pruneInterval: false });
  const now = Date.now();
  const keys = ['a"b', 'a.b c', 'back\\slash', 'ключ😀', '__proto__', "it's", ''];
  assert.equal(await store.create('k', record(now, 60_000, { keep: 1, gone: 2 })), true);
  const set = Object.fromEntries(keys.map((k, i) => [k, i % 2 ? null : { i }]));
  assert.equal(await store.update('k', { set, unset: ['gone'], expiresAt: now + 60_000, lastSeenAt: now }), true);
  const got = await store.get('k');
  assert.deepEqual(got?.data, JSON.parse(JSON.stringify({ keep: 1, ...set })));
  assert.equal(await store.update('k', { set: {}, unset: keys, expiresAt: now + 60_000, lastSeenAt: now }), true);
  assert.deepEqual((await store.get('k'))?.data, { keep: 1 });
  await store.close();
});

test('close() stops the store and leaves the user pool open', async () => {
  const store = new PostgresStore({ pool, table: newTable(), pruneInterval: 60_000 });
  assert.equal(await store.length(), 0);
  await store.close();
  await store.close();
  const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
  assert.equal(rows[0]?.one, 1);
});

test('options are validated at construction with SessionOptionsError', () => {
  assert.throws(() => new PostgresStore({} as never), SessionOptionsError);
  assert.throws(() => new PostgresStore({ pool, table: 'x; DROP TABLE y' }), SessionOptionsError);
  assert.throws(() => new PostgresStore({ pool, schema: 'bad-schema' }), SessionOptionsError);
  assert.throws(() => new PostgresStore({ pool, pruneInterval: -1 }), SessionOptionsError);
  assert.throws(() => new PostgresStore({ pool, operationTimeout: 0 }), { code: 'ERR_SESSION_OPTIONS' });
});

test('long table names (63 characters) sharing a prefix get distinct index names; the schema option qualifies the table', async () => {
  const schema = uniqueName('satchel_schema');
  await pool.query(`CREATE SCHEMA "${schema}"`);
  try {
    const base = `${uniqueName('pg_long')}_`.padEnd(62, 'x');
    const now = Date.now();
    for (const table of [`${base}a`, `${base}b`]) {
      const store = new PostgresStore({ pool, schema, table, pruneInterval: false });
      assert.equal(await store.create('k', record(now, 60_000)), true);
      await store.close();
    }
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = $1', [schema]);
    assert.equal(rows[0]?.n, 6, 'two tables, three indexes each');
  } finally {
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  }
});

test('a value PostgreSQL jsonb cannot hold (U+0000) fails that save with a SessionStoreError and leaves the store usable', async () => {
  const store = new PostgresStore({ pool, table: newTable(), pruneInterval: false });
  const now = Date.now();
  await assert.rejects(store.create('nul', record(now, 60_000, { s: 'a\u0000b' })), (error: unknown) => error instanceof SessionStoreError && error.code === 'ERR_SESSION_STORE');
  assert.equal(await store.create('ok', record(now, 60_000)), true);
  await store.close();
});

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { SessionOptionsError, SessionStoreError } from '../../src/errors.js';
import { PostgresStore } from '../../src/stores/postgres.js';
import { advisoryLockKey } from '../../src/stores/postgres/rows.js';
import { uniqueName } from '../support/servers.js';
import { PG_CONFIG, dropTables } from './postgres-support.js';

const pool = new pg.Pool({ ...PG_CONFIG, max: 6 });
pool.on('error', () => {});
const tables: string[] = [];
after(async () => {
  await dropTables(pool, tables);
  await pool.end();
});

function newTable(): string {
  const table = uniqueName('pg_conc');
  tables.push(table);
  return table;
}

const record = (now: number, lifetime: number, data: Record<string, unknown> = { n: 1 }) => ({
  data,
  expiresAt: now + lifetime,
  createdAt: now,
  lastSeenAt: now,
  userId: null,
  userAgent: null,
});

test('two stores (as two processes, each with its own pool) bootstrap the same new table at once', async () => {
  const table = newTable();
  const pools = [new pg.Pool({ ...PG_CONFIG, max: 3 }), new pg.Pool({ ...PG_CONFIG, max: 3 })];
  pools.forEach((p) => p.on('error', () => {}));
  try {
    const stores = pools.map((p) => new PostgresStore({ pool: p, table, pruneInterval: false }));
    const now = Date.now();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => stores[i % 2]!.create(`key-${i}`, record(now, 60_000, { i }))),
    );
    assert.deepEqual(results, Array(10).fill(true));
    assert.equal(await stores[0]!.length(), 10);
    const { rows } = await pool.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY indexname', [table]);
    assert.deepEqual(rows.map((r) => r.indexname), [`${table}_expires_at_idx`, `${table}_pkey`, `${table}_user_id_idx`]);
    await Promise.all(stores.map((s) => s.close()));
  } finally {
    await Promise.all(pools.map((p) => p.end()));
  }
});

test('prune deletes expired rows in bounded batches and keeps live ones', async () => {
  let clock = Date.now();
  const store = new PostgresStore({ pool, table: newTable(), pruneInterval: false, pruneBatchSize: 3, now: () => clock });
  for (let i = 0; i < 10; i++) assert.equal(await store.create(`old-${i}`, record(clock, 1_000)), true);
  for (let i = 0; i < 2; i++) assert.equal(await store.create(`live-${i}`, record(clock, 3_600_000)), true);
  clock += 5_000;
  assert.equal(await store.prune(), 10, 'ten expired rows need four batches of three');
  assert.deepEqual((await store.ids()).sort(), ['live-0', 'live-1']);
  assert.equal(await store.prune(), 0);
  await store.close();
});

test('prune is skipped while another connection holds the table prune lock, and runs once it is released', async () => {
  let clock = Date.now();
  const table = newTable();
  const store = new PostgresStore({ pool, table, pruneInterval: false, now: () => clock });
  assert.equal(await store.create('old', record(clock, 1_000)), true);
  clock += 5_000;
  const other = await pool.connect();
  try {
    const key = advisoryLockKey('prune', `"${table}"`);
    const { rows } = await other.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
    assert.equal(rows[0]?.locked, true);
    assert.equal(await store.prune(), 0, 'another runner holds the lock: skip');
    const { rows: left } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    assert.equal(left[0]?.n, 1, 'the expired row is still there for the lock holder to prune');
    await other.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
  } finally {
    other.release();
  }
  assert.equal(await store.prune(), 1);
  await store.close();
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

test('patched values keep JSON fidelity: numbers, strings that look like JSON, control characters, unicode', async () => {
  const store = new PostgresStore({ pool, table: newTable(), pruneInterval: false });
  const now = Date.now();
  assert.equal(await store.create('k', record(now, 60_000)), true);
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

test('a value PostgreSQL jsonb cannot hold (U+0000) fails that save with a SessionStoreError and leaves the store usable', async () => {
  const store = new PostgresStore({ pool, table: newTable(), pruneInterval: false });
  const now = Date.now();
  await assert.rejects(store.create('nul', record(now, 60_000, { s: 'a\u0000b' })), (error: unknown) => error instanceof SessionStoreError && error.code === 'ERR_SESSION_STORE');
  assert.equal(await store.create('ok', record(now, 60_000)), true);
  await store.close();
});

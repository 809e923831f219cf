import { test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import mysqlCallback from 'mysql2';
import { SessionOptionsError, SessionStoreError } from '../../src/errors.js';
import { MysqlStore } from '../../src/stores/mysql.js';
import { registerSqlStoreCases, sessionRecord as record } from '../support/sql-store-cases.js';
import { MYSQL_CONFIG, dropTables } from './mysql-support.js';

const pool = mysql.createPool({ ...MYSQL_CONFIG, connectionLimit: 6 });
// GET_LOCK names are per server, so the store derives one from the database and table.
const lockName = "CONCAT('satchel_prune_', LEFT(SHA2(CONCAT(DATABASE(), '.', ?), 256), 40))";

const newTable = registerSqlStoreCases({
  pool,
  tablePrefix: 'my_conc',
  createStore: (options) => new MysqlStore(options),
  openPool: () => mysql.createPool({ ...MYSQL_CONFIG, connectionLimit: 3 }),
  endPool: (p) => p.end(),
  dropTables,
  assertIndexes: async (table) => {
    const [rows] = await pool.query<mysql.RowDataPacket[]>(
      'SELECT DISTINCT index_name AS i FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? ORDER BY index_name',
      [table],
    );
    assert.deepEqual(rows.map((r) => String(r.i)).sort(), ['PRIMARY', 'expires_at_idx', 'user_id_idx']);
  },
  lockLabel: 'GET_LOCK',
  holder: {
    connect: () => pool.getConnection(),
    disconnect: (other) => other.release(),
    lock: async (other, table) => {
      const [got] = await other.query<mysql.RowDataPacket[]>(`SELECT GET_LOCK(${lockName}, 0) AS got`, [table]);
      assert.equal(Number(got[0]?.got), 1);
    },
    unlock: async (other, table) => void (await other.query(`SELECT RELEASE_LOCK(${lockName})`, [table])),
  },
  countRows: async (table) => {
    const [left] = await pool.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${table}\``);
    return Number(left[0]?.n);
  },
});

test('the table and its columns are utf8mb4, and astral-plane text round-trips in data, user id and user agent', async () => {
  const table = newTable();
  const store = new MysqlStore({ pool, table, pruneInterval: false });
  const now = Date.now();
  const text = '😀 𝄞 🏳️‍🌈 漢字';
  assert.equal(await store.create('k', { ...record(now, 60_000, { text }), userId: text, userAgent: text }), true);
  const got = await store.get('k');
  assert.deepEqual([got?.data.text, got?.userId, got?.userAgent], [text, text, text]);
  const [rows] = await pool.query<mysql.RowDataPacket[]>(
    'SELECT table_collation AS c FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
    [table],
  );
  assert.equal(rows[0]?.c, 'utf8mb4_bin');
  await store.close();
});

test('a connection that is not utf8mb4 is refused with a SessionStoreError saying how to fix it', async () => {
  const latin1 = mysql.createPool({ ...MYSQL_CONFIG, charset: 'latin1_swedish_ci', connectionLimit: 1 });
  try {
    const store = new MysqlStore({ pool: latin1, table: newTable(), pruneInterval: false });
    await assert.rejects(store.get('k'), (error: unknown) => error instanceof SessionStoreError && /utf8mb4/.test(String((error.cause as Error).message)));
    await store.close();
  } finally {
    await latin1.end();
  }
});

test('the callback pool of mysql2 is accepted (used through .promise())', async () => {
  const callbackPool = mysqlCallback.createPool({ ...MYSQL_CONFIG, connectionLimit: 2 });
  try {
    const store = new MysqlStore({ pool: callbackPool, table: newTable(), pruneInterval: false });
    const now = Date.now();
    assert.equal(await store.create('k', record(now, 60_000)), true);
    assert.deepEqual((await store.get('k'))?.data, { n: 1 });
    await store.close();
  } finally {
    await new Promise<void>((resolve, reject) => callbackPool.end((error) => (error ? reject(error) : resolve())));
  }
});

test('patch keys with quotes, dots, spaces, backslashes, unicode and __proto__ are set and unset exactly; null stays null', async () => {
  const store = new MysqlStore({ pool, table: newTable(), pruneInterval: false });
  const now = Date.now();
  const keys = ['a"b', 'a.b c', 'back\\slash', 'ключ😀', '__proto__', "it's", '', '$x', '*', '[0]'];
  assert.equal(await store.create('k', record(now, 60_000, { keep: 1, gone: 2, str: 'old' })), true);
  const set = Object.fromEntries(keys.map((k, i) => [k, i % 2 ? null : { i, s: `"quoted" ${k}` }]));
  assert.equal(await store.update('k', { set: { ...set, str: 'new "string"' }, unset: ['gone'], expiresAt: now + 60_000, lastSeenAt: now }), true);
  const got = await store.get('k');
  assert.deepEqual(JSON.parse(JSON.stringify(got?.data)), JSON.parse(JSON.stringify({ keep: 1, str: 'new "string"', ...set })));
  assert.equal(await store.update('k', { set: {}, unset: keys, expiresAt: now + 60_000, lastSeenAt: now }), true);
  assert.deepEqual((await store.get('k'))?.data, { keep: 1, str: 'new "string"' });
  await store.close();
});

test('an update that writes identical values still reports the record as updated', async () => {
  const store = new MysqlStore({ pool, table: newTable(), pruneInterval: false });
  const now = Date.now();
  assert.equal(await store.create('k', record(now, 60_000)), true);
  const same = { set: { n: 1 }, unset: [], expiresAt: now + 60_000, lastSeenAt: now };
  assert.equal(await store.update('k', same), true);
  assert.equal(await store.update('k', same), true);
  await store.close();
});

test('close() stops the store and leaves the user pool open; options are validated', async () => {
  const store = new MysqlStore({ pool, table: newTable(), pruneInterval: 60_000 });
  assert.equal(await store.length(), 0);
  await store.close();
  await store.close();
  const [rows] = await pool.query<mysql.RowDataPacket[]>('SELECT 1 AS one');
  assert.equal(rows[0]?.one, 1);
  assert.throws(() => new MysqlStore({} as never), SessionOptionsError);
  assert.throws(() => new MysqlStore({ pool, table: 'a`b' }), SessionOptionsError);
  assert.throws(() => new MysqlStore({ pool, pruneBatchSize: 0 }), SessionOptionsError);
});

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import mysql from 'mysql2/promise';
import { MysqlStore } from '../../src/stores/mysql.js';
import { uniqueName } from '../support/servers.js';
import { MYSQL_CONFIG, dropTables } from './mysql-support.js';

const pool = mysql.createPool({ ...MYSQL_CONFIG, connectionLimit: 2 });
const tables: string[] = [];
after(async () => {
  await dropTables(pool, tables);
  await pool.end();
});

/** The real pool, recording every statement's parameters on the way through (not a mock: every query runs on MariaDB). */
function recording(sent: Array<{ sql: string; params: unknown[] }>): mysql.Pool {
  return new Proxy(pool, {
    get(target, name) {
      if (name === 'query') {
        return (sql: string, params: unknown[]) => {
          sent.push({ sql, params });
          return target.query(sql, params);
        };
      }
      const value = Reflect.get(target, name, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const bytes = (params: unknown[]) => params.reduce<number>((sum, p) => sum + (typeof p === 'string' ? Buffer.byteLength(p) : String(p).length), 0);

test('audit finding 3: a MySQL patch of N keys sends each value once (parameters ≈ the size of the values, not N × the patch)', async () => {
  const table = uniqueName('my_patch_size');
  tables.push(table);
  const sent: Array<{ sql: string; params: unknown[] }> = [];
  const store = new MysqlStore({ pool: recording(sent), table, pruneInterval: false });
  try {
    const now = Date.now();
    await store.create('k', { data: { keep: 1 }, expiresAt: now + 60_000, createdAt: now, lastSeenAt: now, userId: null, userAgent: null });
    const set: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) set[`key ${i} "q" é`] = i % 5 === 0 ? null : { text: `${i}`.repeat(1000), list: [i, 'é😀', { deep: null }] };
    const values = Object.values(set).reduce<number>((sum, value) => sum + Buffer.byteLength(JSON.stringify(value)), 0);
    sent.length = 0;
    assert.equal(await store.update('k', { set, unset: [], expiresAt: now + 60_000, lastSeenAt: now }), true);
    const update = sent.find((s) => s.sql.startsWith('UPDATE'));
    assert.ok(update, 'the patch was one UPDATE');
    const total = bytes(update.params);
    // Each key's path and its value's JSON, plus a few bytes per key and the scalar parameters.
    const keyPaths = Object.keys(set).reduce((sum, key) => sum + Buffer.byteLength(JSON.stringify(key)) + 2, 0);
    assert.ok(total <= values + keyPaths + 50 * 4 + 100, `parameters ${total} bytes for ${values} bytes of values`);
    assert.deepEqual((await store.get('k'))?.data, { keep: 1, ...set });
  } finally {
    await store.close();
  }
});

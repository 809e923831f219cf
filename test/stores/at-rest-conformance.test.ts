/**
 * The store conformance suite with encryption at rest on: the sealing layer over every store
 * still keeps the contract (create-only, update-only atomic patches, expiry, per-user listing).
 */
import { after, before, describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { createClient } from 'redis';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import { RedisStore } from '../../src/stores/redis.js';
import { PostgresStore } from '../../src/stores/postgres.js';
import { MysqlStore } from '../../src/stores/mysql.js';
import { createAtRestCipher } from '../../src/crypto/at-rest.js';
import { sealedAtRest } from '../../src/lifecycle/stored/at-rest-store.js';
import { runStoreSuite } from '../../src/testing/index.js';
import type { SessionStore } from '../../src/types.js';
import { MYSQL_URL, POSTGRES_URL, REDIS_URL, uniqueName } from '../support/servers.js';

const cipher = createAtRestCipher([randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')]);
const sealed = (store: SessionStore) => sealedAtRest(store, cipher, { write: true });

describe('encryption at rest: conformance over MemoryStore', () => {
  runStoreSuite(test, ({ now }) => sealed(new MemoryStore({ now, sweepInterval: 0 })), { name: 'sealed memory', expiredReadable: true, syncRead: true });
});

describe('encryption at rest: conformance over SqliteStore', () => {
  const dbs: Database.Database[] = [];
  after(() => dbs.forEach((db) => db.close()));
  runStoreSuite(
    test,
    ({ now }) => {
      const db = new Database(':memory:');
      dbs.push(db);
      return sealed(new SqliteStore({ db, now, pruneInterval: 0 }));
    },
    { name: 'sealed sqlite', expiredReadable: true, syncRead: true },
  );
});

describe('encryption at rest: conformance over RedisStore', () => {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => {});
  const stores: RedisStore[] = [];
  before(() => client.connect());
  after(async () => {
    for (const store of stores) await store.clear();
    await client.quit();
  });
  runStoreSuite(
    test,
    ({ now }) => {
      const store = new RedisStore({ client, prefix: `${uniqueName('satchel_sealed')}:`, now });
      stores.push(store);
      return sealed(store);
    },
    { name: 'sealed redis', expiredReadable: true },
  );
});

describe('encryption at rest: conformance over PostgresStore', () => {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 6 });
  pool.on('error', () => {});
  const tables: string[] = [];
  after(async () => {
    for (const table of tables) await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });
  runStoreSuite(
    test,
    ({ now }) => {
      const table = uniqueName('pg_sealed');
      tables.push(table);
      return sealed(new PostgresStore({ pool, table, now, pruneInterval: false }));
    },
    { name: 'sealed postgres', expiredReadable: true },
  );
});

describe('encryption at rest: conformance over MysqlStore', () => {
  const pool = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 6 });
  const tables: string[] = [];
  after(async () => {
    for (const table of tables) await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });
  runStoreSuite(
    test,
    ({ now }) => {
      const table = uniqueName('my_sealed');
      tables.push(table);
      return sealed(new MysqlStore({ pool, table, now, pruneInterval: false }));
    },
    { name: 'sealed mariadb', expiredReadable: true },
  );
});

/**
 * The stores the edge suite runs `session()` on: every shipped store against its real server
 * (MongoDB only when MONGODB_URL names one: these machines have no MongoDB server, see
 * docs/mongodb-testing.md). Each factory owns what it opened; `close` drops its tables/keys.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { createClient } from 'redis';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import { RedisStore } from '../../src/stores/redis.js';
import { PostgresStore } from '../../src/stores/postgres.js';
import { MysqlStore } from '../../src/stores/mysql.js';
import type { SessionStore } from '../../src/types.js';
import { MYSQL_URL, POSTGRES_URL, REDIS_URL, uniqueName } from '../support/servers.js';

export interface EdgeStore {
  name: string;
  open(now: () => number): Promise<{ store: SessionStore; close(): Promise<void> }>;
}

export const EDGE_STORES: EdgeStore[] = [
  {
    name: 'MemoryStore',
    async open(now) {
      const store = new MemoryStore({ sweepInterval: 0, now });
      return { store, close: async () => {} };
    },
  },
  {
    name: 'SqliteStore',
    async open(now) {
      const db = new Database(':memory:');
      const store = new SqliteStore({ db, now, pruneInterval: 0 });
      return {
        store,
        async close() {
          await store.close();
          db.close();
        },
      };
    },
  },
  {
    name: 'RedisStore',
    async open(now) {
      const client = createClient({ url: REDIS_URL });
      client.on('error', () => {});
      await client.connect();
      const prefix = `${uniqueName('satchel_edge')}:`;
      const store = new RedisStore({ client, prefix, now });
      return {
        store,
        async close() {
          for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length > 0) await client.del(keys);
          await client.quit();
        },
      };
    },
  },
  {
    name: 'PostgresStore',
    async open(now) {
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
      pool.on('error', () => {});
      const table = uniqueName('satchel_edge');
      const store = new PostgresStore({ pool, table, now, pruneInterval: false });
      return {
        store,
        async close() {
          await pool.query(`DROP TABLE IF EXISTS ${table}`);
          await pool.end();
        },
      };
    },
  },
  {
    name: 'MysqlStore',
    async open(now) {
      const pool = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 4 });
      const table = uniqueName('satchel_edge');
      const store = new MysqlStore({ pool, table, now, pruneInterval: false });
      return {
        store,
        async close() {
          await pool.query(`DROP TABLE IF EXISTS ${table}`);
          await pool.end();
        },
      };
    },
  },
];

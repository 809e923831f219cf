/**
 * Real satchel stores on the machine's servers, each under a unique table or key prefix, for the
 * reliability scripts and tests. `host`/`port` let a fault test put a TCP proxy in between.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { Redis as IoRedis } from 'ioredis';
import { createClient } from 'redis';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import { RedisStore, type RedisClientLike } from '../../src/stores/redis.js';
import { PostgresStore } from '../../src/stores/postgres.js';
import { MysqlStore } from '../../src/stores/mysql.js';
import type { SessionStore } from '../../src/types.js';
import { MYSQL_URL, POSTGRES_URL, REDIS_URL, uniqueName } from '../../test/support/servers.js';

export type BackendKind = 'memory' | 'sqlite' | 'redis-node' | 'redis-io' | 'postgres' | 'mariadb';

/** Every satchel store the reliability suite exercises, in table order. */
export const ALL_BACKENDS: BackendKind[] = ['memory', 'sqlite', 'redis-node', 'redis-io', 'postgres', 'mariadb'];

export const BACKEND_LABEL: Record<BackendKind, string> = {
  memory: 'satchel MemoryStore',
  sqlite: 'satchel SqliteStore (file)',
  'redis-node': 'satchel RedisStore (node-redis 5)',
  'redis-io': 'satchel RedisStore (ioredis 5)',
  postgres: 'satchel PostgresStore',
  mariadb: 'satchel MysqlStore (MariaDB)',
};

export interface BackendOptions {
  /** Connect here instead of the server's own address (a TCP proxy in front of it). */
  port?: number;
  /** @default 5000 */
  operationTimeout?: number;
  /** Reuse this table / key prefix / SQLite file (a restarted process finding its sessions). */
  name?: string;
  /** SQLite file; a fresh temp file when absent. */
  file?: string;
  /** Keep the table / keys / file on close (the restart script's parent checks them later). */
  keep?: boolean;
}

/** An open store, its namespace, and how to release everything it opened. */
export interface Backend {
  kind: BackendKind;
  store: SessionStore;
  /** Table name, key prefix or SQLite file path. */
  name: string;
  /** Errors the driver reported out of band (client `error` events); never thrown. */
  driverErrors: unknown[];
  close(): Promise<void>;
}

function hostOf(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}

/** What every backend of one `openBackend` call shares. */
interface OpenContext {
  name: string;
  options: BackendOptions;
  driverErrors: unknown[];
}

/**
 * A RedisStore under the prefix `<name>:` on a connected client; node-redis and ioredis differ
 * only in how they connect and disconnect. Close clears the prefix unless `keep` is set.
 */
function redisBackend(
  kind: BackendKind,
  client: RedisClientLike,
  disconnect: () => Promise<unknown>,
  { name, options, operationTimeout, driverErrors }: OpenContext & { operationTimeout: number },
): Backend {
  const prefix = `${name}:`;
  const store = new RedisStore({ client, prefix, operationTimeout });
  return {
    kind,
    store,
    name: prefix,
    driverErrors,
    close: async () => {
      if (!options.keep) await store.clear?.().catch(() => {});
      await disconnect();
    },
  };
}

/**
 * A SQL store whose table is created now (its first call bootstraps the schema), so a server
 * that is down fails here. Close drops the table unless `keep` is set, then ends the pool.
 */
async function tableBackend(
  kind: BackendKind,
  store: SessionStore,
  dropTable: () => Promise<unknown>,
  endPool: () => Promise<void>,
  { name, options, driverErrors }: OpenContext,
): Promise<Backend> {
  // The first call creates the table. Under a short operationTimeout on a busy machine that can
  // take longer than one deadline; the store retries its bootstrap on the next call, so try a few
  // times, and free the pool if it never comes up (an open pool keeps the test process alive).
  for (let attempt = 1; ; attempt++) {
    try {
      await store.length?.();
      break;
    } catch (error) {
      if (attempt >= 5) {
        await store.close?.().catch(() => {});
        await endPool().catch(() => {});
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  return {
    kind,
    store,
    name,
    driverErrors,
    close: async () => {
      await store.close?.();
      if (!options.keep) await dropTable().catch(() => {});
      await endPool();
    },
  };
}

/** Opens a satchel store of `kind` on the real server (fails loudly when it is unreachable). */
export async function openBackend(kind: BackendKind, options: BackendOptions = {}): Promise<Backend> {
  const operationTimeout = options.operationTimeout ?? 5000;
  const driverErrors: unknown[] = [];
  const name = options.name ?? uniqueName('rel').replace(/[^A-Za-z0-9_]/g, '_');
  switch (kind) {
    case 'memory': {
      const store = new MemoryStore({ sweepInterval: 0 });
      return { kind, store, name, driverErrors, close: async () => {} };
    }
    case 'sqlite': {
      const dir = options.file ? undefined : mkdtempSync(join(tmpdir(), 'satchel-rel-'));
      const file = options.file ?? join(dir!, 'sessions.db');
      const db = new Database(file);
      const store = new SqliteStore({ db, operationTimeout, pruneInterval: 0 });
      return {
        kind,
        store,
        name: file,
        driverErrors,
        close: async () => {
          await store.close?.();
          db.close();
          if (dir && !options.keep) rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    case 'redis-node': {
      const { host, port } = hostOf(REDIS_URL);
      const client = createClient({ url: `redis://${host}:${options.port ?? port}`, socket: { reconnectStrategy: () => 100, connectTimeout: 1000 } });
      client.on('error', (error: unknown) => driverErrors.push(error));
      await client.connect();
      return redisBackend(kind, client, () => client.close().catch(() => client.destroy()), { name, options, operationTimeout, driverErrors });
    }
    case 'redis-io': {
      const { host, port } = hostOf(REDIS_URL);
      const client = new IoRedis({ host, port: options.port ?? port, lazyConnect: true, retryStrategy: () => 100, connectTimeout: 1000 });
      client.on('error', (error: unknown) => driverErrors.push(error));
      await client.connect();
      return redisBackend(kind, client, async () => client.disconnect(), { name, options, operationTimeout, driverErrors });
    }
    case 'postgres': {
      const url = new URL(POSTGRES_URL);
      if (options.port) url.port = String(options.port);
      const pool = new pg.Pool({ connectionString: url.toString(), max: 10, connectionTimeoutMillis: operationTimeout });
      pool.on('error', (error) => driverErrors.push(error));
      const store = new PostgresStore({ pool, table: name, operationTimeout, pruneInterval: false });
      const dropTable = () => pool.query(`DROP TABLE IF EXISTS "${name}"`);
      return tableBackend(kind, store, dropTable, () => pool.end(), { name, options, driverErrors });
    }
    case 'mariadb': {
      const url = new URL(MYSQL_URL);
      const pool = mysql.createPool({
        host: url.hostname,
        port: options.port ?? Number(url.port || 3306),
        user: decodeURIComponent(url.username) || 'root',
        password: decodeURIComponent(url.password),
        database: url.pathname.slice(1) || 'test',
        charset: 'utf8mb4',
        connectionLimit: 10,
        connectTimeout: 1000,
      });
      // An idle connection dropped by the server is reported here, never thrown.
      (pool as unknown as { on(event: string, listener: (error: unknown) => void): void }).on('error', (error) => driverErrors.push(error));
      const store = new MysqlStore({ pool, table: name, operationTimeout, pruneInterval: false });
      const dropTable = () => pool.query(`DROP TABLE IF EXISTS \`${name}\``);
      return tableBackend(kind, store, dropTable, () => pool.end(), { name, options, driverErrors });
    }
  }
}

/** Where the real server of a network backend listens, for putting a proxy in front of it. */
export function serverAddress(kind: 'redis-node' | 'redis-io' | 'postgres' | 'mariadb'): { host: string; port: number } {
  if (kind === 'postgres') return { host: new URL(POSTGRES_URL).hostname, port: Number(new URL(POSTGRES_URL).port || 5432) };
  if (kind === 'mariadb') return { host: new URL(MYSQL_URL).hostname, port: Number(new URL(MYSQL_URL).port || 3306) };
  const { host, port } = hostOf(REDIS_URL);
  return { host, port: port || 6379 };
}

import { test, after } from 'node:test';
import pg from 'pg';
import { PostgresStore } from '../../src/stores/postgres.js';
import { runStoreSuite } from '../../src/testing/index.js';
import { uniqueName } from '../support/servers.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { PG_CONFIG, dropTables } from './postgres-support.js';

// The conformance suite against the real PostgreSQL; every case on its own table, dropped afterwards.
const pool = new pg.Pool({ ...PG_CONFIG, max: 10 });
pool.on('error', () => {});
const tables: string[] = [];

runStoreSuite(
  test,
  ({ now }) => {
    const table = uniqueName('pg_suite');
    tables.push(table);
    return new PostgresStore({ pool, table, now, pruneInterval: false });
  },
  { name: 'postgres', expiredReadable: true },
);

// The outage case runs on a pool that reaches PostgreSQL through a proxy the test cuts for real.
const proxy = await startTcpProxy({ host: PG_CONFIG.host, port: PG_CONFIG.port });
const proxied = new pg.Pool({ ...PG_CONFIG, port: proxy.port, max: 4, connectionTimeoutMillis: 1000 });
proxied.on('error', () => {});

// Only the outage case: the rest already ran above on a direct pool.
const outageOnly = (name: string, fn: () => Promise<void>) => (name.includes('outage') ? test(name, fn) : undefined);
runStoreSuite(
  outageOnly,
  ({ now }) => {
    const table = uniqueName('pg_fault');
    tables.push(table);
    return new PostgresStore({ pool: proxied, table, now, pruneInterval: false, operationTimeout: 1500 });
  },
  { name: 'postgres via proxy', faults: { cut: () => proxy.cut(), restore: () => proxy.restore() } },
);

after(async () => {
  await dropTables(pool, tables);
  await proxied.end();
  await proxy.close();
  await pool.end();
});

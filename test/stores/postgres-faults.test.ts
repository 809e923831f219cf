import pg from 'pg';
import { PostgresStore } from '../../src/stores/postgres.js';
import { registerSqlFaultTests } from '../support/sql-store-faults.js';
import { PG_CONFIG, dropTables } from './postgres-support.js';

/** pg requires an error listener: without one a connection dropped by the cut ends the process. */
function quietPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', () => {});
  return pool;
}

await registerSqlFaultTests({
  tablePrefix: 'pg_faults',
  pruneRequirement: 'E4',
  server: { host: PG_CONFIG.host, port: PG_CONFIG.port },
  directPool: () => quietPool({ ...PG_CONFIG, max: 2 }),
  proxiedPool: (port) => quietPool({ ...PG_CONFIG, port, max: 8, connectionTimeoutMillis: 1000 }),
  endPool: (pool) => pool.end(),
  dropTables,
  createStore: (options) => new PostgresStore(options),
});

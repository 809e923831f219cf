import mysql from 'mysql2/promise';
import { MysqlStore } from '../../src/stores/mysql.js';
import { registerSqlFaultTests } from '../support/sql-store-faults.js';
import { MYSQL_CONFIG, dropTables } from './mysql-support.js';

await registerSqlFaultTests({
  tablePrefix: 'my_faults',
  pruneRequirement: 'E1',
  server: { host: MYSQL_CONFIG.host, port: MYSQL_CONFIG.port },
  directPool: () => mysql.createPool({ ...MYSQL_CONFIG, connectionLimit: 2 }),
  proxiedPool: (port) => mysql.createPool({ ...MYSQL_CONFIG, port, connectionLimit: 8, connectTimeout: 1000 }),
  endPool: (pool) => pool.end(),
  dropTables,
  createStore: (options) => new MysqlStore(options),
});

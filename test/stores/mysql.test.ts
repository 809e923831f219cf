import { test, after } from 'node:test';
import mysql from 'mysql2/promise';
import { MysqlStore } from '../../src/stores/mysql.js';
import { runStoreSuite } from '../../src/testing/index.js';
import { uniqueName } from '../support/servers.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { MYSQL_CONFIG, dropTables } from './mysql-support.js';

// The conformance suite against the real MariaDB; every case on its own table, dropped afterwards.
const pool = mysql.createPool({ ...MYSQL_CONFIG, connectionLimit: 10 });
const tables: string[] = [];

runStoreSuite(
  test,
  ({ now }) => {
    const table = uniqueName('my_suite');
    tables.push(table);
    return new MysqlStore({ pool, table, now, pruneInterval: false });
  },
  { name: 'mariadb', expiredReadable: true },
);

// The outage case runs on a pool that reaches MariaDB through a proxy the test cuts for real.
const proxy = await startTcpProxy({ host: MYSQL_CONFIG.host, port: MYSQL_CONFIG.port });
const proxied = mysql.createPool({ ...MYSQL_CONFIG, port: proxy.port, connectionLimit: 4, connectTimeout: 1000 });
const outageOnly = (name: string, fn: () => Promise<void>) => (name.includes('outage') ? test(name, fn) : undefined);
runStoreSuite(
  outageOnly,
  ({ now }) => {
    const table = uniqueName('my_fault');
    tables.push(table);
    return new MysqlStore({ pool: proxied, table, now, pruneInterval: false, operationTimeout: 1500 });
  },
  { name: 'mariadb via proxy', faults: { cut: () => proxy.cut(), restore: () => proxy.restore() } },
);

after(async () => {
  await dropTables(pool, tables);
  await proxied.end();
  await proxy.close();
  await pool.end();
});

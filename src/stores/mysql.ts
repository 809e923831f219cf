/** `satchel/mysql`: the MySQL/MariaDB session store. */
export { MysqlStore } from './mysql/store.js';
export type { MysqlStoreOptions } from './mysql/store.js';
export type { MysqlPool } from './mysql/pool.js';

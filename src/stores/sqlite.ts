/** `satchel/sqlite`: the SQLite session store (better-sqlite3 12, or node:sqlite on Node 22.5+). */
export { SqliteStore, SQLITE_STORE_DEFAULTS, type SqliteStoreOptions } from './sqlite/store.js';
export type { SqliteDatabaseLike, SqliteStatementLike } from './sqlite/sql.js';

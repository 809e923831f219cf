/** `satchel/postgres`: the PostgreSQL session store. */
export { PostgresStore } from './postgres/store.js';
export type { PostgresStoreOptions } from './postgres/store.js';

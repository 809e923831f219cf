/** Helpers shared by the SQL stores (PostgreSQL, MySQL/MariaDB, SQLite). */
export { logBackgroundError, reportBackgroundError, startBackgroundTimer } from './background.js';
export type { BackgroundErrorHandler, BackgroundTimer } from './background.js';
export { RetryingOnce } from './bootstrap.js';
export { pruneInBatches, pruneUnderLock } from './prune.js';
export type { PruneLock } from './prune.js';
export { SQL_STORE_DEFAULTS, assertIdentifier, resolveBatchSize, resolveClock, resolvePruneInterval } from './options.js';
export type { SqlStoreOptions } from './options.js';
export { SqlStoreRuntime } from './runtime.js';
export type { SqlStoreHooks } from './runtime.js';

/** The `code` of the warning {@link warnDefaultMemoryStore} emits, for `process.on('warning')` filters. */
export const MEMORY_STORE_WARNING_CODE = 'SATCHEL_MEMORY_STORE';

/** The stores to name instead: every durable one satchel ships. */
export const DURABLE_STORES = Object.freeze(['satchel/sqlite', 'satchel/redis', 'satchel/postgres', 'satchel/mysql', 'satchel/mongodb']);

let warned = false;

/**
 * For the middleware when the app passed no `store` (audit finding 4b): under
 * `NODE_ENV=production` it emits one process warning naming the durable stores, once per process
 * however many middlewares are created (a warning per request or per router would drown the
 * logs). Elsewhere it does nothing: in development the default is fine. Returns whether it warned.
 */
export function warnDefaultMemoryStore(nodeEnv: string | undefined = process.env.NODE_ENV): boolean {
  if (warned || nodeEnv !== 'production') return false;
  warned = true;
  process.emitWarning(
    'session() has no `store` and is using the default MemoryStore in production: sessions live in this one process, ' +
      'are lost on every restart or deploy, are not shared between processes, and the oldest are evicted beyond `max`. ' +
      `Pass a durable store: ${DURABLE_STORES.join(', ')}. ` +
      'Pass `store: new MemoryStore()` explicitly to keep it and silence this warning.',
    { type: 'SatchelWarning', code: MEMORY_STORE_WARNING_CODE },
  );
  return true;
}

/**
 * express-session's `depd` deprecations, as Node warnings: once per message per process (depd
 * dedupes per call site), silenced by `--no-deprecation` like every DeprecationWarning.
 */
const emitted = new Set<string>();

/** Emits `express-session deprecated <message>` once. */
export function deprecate(message: string): void {
  if (emitted.has(message)) return;
  emitted.add(message);
  process.emitWarning(`express-session deprecated ${message}`, { type: 'DeprecationWarning', code: 'SATCHEL_EXPRESS_SESSION_DEPRECATED' });
}

/** express-session's exact production warning for its in-process store. */
export const MEMORY_STORE_WARNING =
  'Warning: connect.session() MemoryStore is not\n' +
  'designed for a production environment, as it will leak\n' +
  'memory, and will not scale past a single process.';

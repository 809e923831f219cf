/**
 * The `satchel.store.name` of the store an app passed, taken before any wrapping (encryption at
 * rest, the callback-store adapter) hides it: the store's own `kind` (satchel's stores declare
 * one, so it survives minification), else its class name, else `custom`.
 */
export function storeNameOf(given: unknown): string {
  if (given === undefined || given === null) return 'memory';
  const kind = (given as { kind?: unknown }).kind;
  if (typeof kind === 'string' && kind.length > 0 && kind.length <= 64) return kind;
  const className = (given as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof className === 'string' && className.length > 0 && className !== 'Object' ? className : 'custom';
}

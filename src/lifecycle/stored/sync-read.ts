import type { SessionGetOptions, SessionRecord, SessionStore } from '../../types.js';

type SyncRead = (key: string, options?: SessionGetOptions) => SessionRecord | null;

/**
 * Whether the engine may read a store through `getSync`. Only when `getSync` and the `get` the
 * store answers with come from the same place: a subclass or a wrapper that overrides `get`
 * alone (to instrument, decorate or fail it) must keep seeing every read, so its store is read
 * through `get`. Re-decided when either method is replaced on the instance.
 */
export class SyncReadGate {
  private get: unknown;
  private getSync: unknown;
  private allowed = false;

  reader(store: SessionStore): SyncRead | null {
    const { get, getSync } = store;
    if (get !== this.get || getSync !== this.getSync) {
      this.get = get;
      this.getSync = getSync;
      this.allowed = typeof getSync === 'function' && ownerOf(store, 'getSync')?.get === get;
    }
    return this.allowed ? (getSync as SyncRead) : null;
  }
}

/** The object on the prototype chain that holds `name` itself. */
function ownerOf(store: object, name: string): { get?: unknown } | null {
  for (let at: object | null = store; at !== null; at = Object.getPrototypeOf(at) as object | null) {
    if (Object.prototype.hasOwnProperty.call(at, name)) return at as { get?: unknown };
  }
  return null;
}

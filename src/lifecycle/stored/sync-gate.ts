import type { SessionStore } from '../../types.js';

/** A store method that has a synchronous twin (`get` → `getSync`, …). */
export type SyncPair = 'get' | 'create' | 'update' | 'touch';
type SyncName<M extends SyncPair> = `${M}Sync`;
type SyncMethod<M extends SyncPair> = NonNullable<SessionStore[SyncName<M>]>;

/**
 * Whether the engine may call a store's synchronous twin of `method` (`getSync` for `get`, …).
 * Only when the twin and the method the store answers with come from the same place: a subclass
 * or a wrapper that overrides `update` alone (to instrument, decorate or fail it) must keep
 * seeing every call, so its store is called through `update`. Re-decided when either method is
 * replaced on the instance. One gate per method per engine: the store rarely changes, so the
 * check is two comparisons per request.
 */
export class SyncGate<M extends SyncPair> {
  private method: unknown;
  private sync: unknown;
  private allowed = false;
  private readonly syncName: SyncName<M>;

  constructor(private readonly name: M) {
    this.syncName = `${name}Sync` as SyncName<M>;
  }

  /** The synchronous twin to call (with the store as `this`), or null: call the async method. */
  of(store: SessionStore): SyncMethod<M> | null {
    const method = store[this.name];
    const sync = store[this.syncName];
    if (method !== this.method || sync !== this.sync) {
      this.method = method;
      this.sync = sync;
      this.allowed = typeof sync === 'function' && (ownerOf(store, this.syncName) as Record<string, unknown> | null)?.[this.name] === method;
    }
    return this.allowed ? (sync as SyncMethod<M>) : null;
  }
}

/** The object on the prototype chain that holds `name` itself. */
function ownerOf(store: object, name: string): object | null {
  for (let at: object | null = store; at !== null; at = Object.getPrototypeOf(at) as object | null) {
    if (Object.prototype.hasOwnProperty.call(at, name)) return at;
  }
  return null;
}

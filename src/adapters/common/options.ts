import type { StoredSessionOptions } from '../../lifecycle/stored/options.js';
import type { ExpressStoreLike } from '../../stores/kit/express/shared.js';
import type { SessionStore } from '../../types.js';

/**
 * Options of `session()`, the same on every edge: the lifecycle's options with any kind of store.
 * `Req` is the request the per-request `cookie` function and `genid` receive (Express's on `satchel`).
 */
export interface SessionOptions<Req = unknown> extends Omit<StoredSessionOptions<Req>, 'store'> {
  /** A satchel `SessionStore`, or an express-session callback store (wrapped with `fromExpressStore`). @default new MemoryStore() */
  store?: SessionStore | ExpressStoreLike;
}

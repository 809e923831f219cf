import type { SessionStore } from '../../types.js';
import { MemoryStore } from '../../stores/memory/store.js';
import { fromExpressStore } from '../../stores/kit/express/from-express.js';
import type { ExpressStoreLike } from '../../stores/kit/express/shared.js';

// The two methods express-session's callback stores lack: enough to tell the contracts apart.
function isSatchelStore(store: unknown): store is SessionStore {
  const candidate = store as Partial<SessionStore>;
  return typeof candidate.create === 'function' && typeof candidate.update === 'function';
}

/** A satchel store for whatever the app passed: MemoryStore by default, callback stores wrapped. */
export function toSatchelStore(given: SessionStore | ExpressStoreLike | undefined): SessionStore {
  return given === undefined ? new MemoryStore() : isSatchelStore(given) ? given : fromExpressStore(given);
}

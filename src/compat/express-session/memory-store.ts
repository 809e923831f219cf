import { inherits } from 'node:util';
import { Store } from './store-base.js';
import type { StoreCallback, StoredSessionData } from './store-base.js';

/** express-session's in-process store: sessions as JSON strings keyed by sid. */
export interface MemoryStore extends Store {
  sessions: Record<string, string>;
  get(sid: string, callback: StoreCallback<StoredSessionData | undefined>): void;
  set(sid: string, session: StoredSessionData, callback?: StoreCallback): void;
  destroy(sid: string, callback?: StoreCallback): void;
  touch(sid: string, session: StoredSessionData, callback?: StoreCallback): void;
  all(callback: StoreCallback<Record<string, StoredSessionData>>): void;
  clear(callback?: StoreCallback): void;
  length(callback: StoreCallback<number>): void;
}

/** Constructor usable with `new`, or `MemoryStore.call(this)` from an ES5-style subclass. */
export interface MemoryStoreConstructor {
  new (): MemoryStore;
  (this: unknown): MemoryStore | void;
  readonly prototype: MemoryStore;
}

/**
 * express-session 1.19's `MemoryStore`, for tests and development: every callback is deferred,
 * sessions round-trip through JSON, and expired ones are dropped only when read. Nothing bounds
 * or sweeps it (hence the production warning); satchel's own `MemoryStore` does both.
 *
 * @example
 * const store = new session.MemoryStore();
 * app.use(session({ secret, store, resave: false, saveUninitialized: false }));
 */
export const MemoryStore = function MemoryStore(this: unknown): MemoryStore | void {
  if (this === undefined || this === null || this === globalThis) return new (MemoryStore as MemoryStoreConstructor)();
  (Store as unknown as (this: unknown) => void).call(this);
  (this as MemoryStore).sessions = Object.create(null) as Record<string, string>;
} as unknown as MemoryStoreConstructor;

inherits(MemoryStore, Store);

const defer = (callback: ((...args: any[]) => void) | undefined, ...args: unknown[]): void => {
  if (typeof callback === 'function') setImmediate(callback, ...args);
};

/** The parsed live session, or undefined (deleting it) when missing or expired. */
function readSession(store: MemoryStore, sid: string): StoredSessionData | undefined {
  const raw = store.sessions[sid];
  if (!raw) return undefined;
  const session = JSON.parse(raw) as StoredSessionData;
  if (session.cookie) {
    const expires = typeof session.cookie.expires === 'string' ? new Date(session.cookie.expires) : session.cookie.expires;
    if (expires && expires.valueOf() <= Date.now()) {
      delete store.sessions[sid];
      return undefined;
    }
  }
  return session;
}

const proto = MemoryStore.prototype;

proto.all = function all(this: MemoryStore, callback) {
  const out = Object.create(null) as Record<string, StoredSessionData>;
  for (const sid of Object.keys(this.sessions)) {
    const session = readSession(this, sid);
    if (session) out[sid] = session;
  }
  defer(callback, null, out);
};

proto.clear = function clear(this: MemoryStore, callback) {
  this.sessions = Object.create(null) as Record<string, string>;
  defer(callback);
};

proto.destroy = function destroy(this: MemoryStore, sid, callback) {
  delete this.sessions[sid];
  defer(callback);
};

proto.get = function get(this: MemoryStore, sid, callback) {
  defer(callback, null, readSession(this, sid));
};

proto.set = function set(this: MemoryStore, sid, session, callback) {
  this.sessions[sid] = JSON.stringify(session);
  defer(callback);
};

proto.length = function length(this: MemoryStore, callback) {
  this.all((err, sessions) => {
    if (err) return callback(err);
    callback(null, Object.keys(sessions ?? {}).length);
  });
};

proto.touch = function touch(this: MemoryStore, sid, session, callback) {
  const current = readSession(this, sid);
  if (current) {
    // Only the cookie moves: a touch never writes data a concurrent request may have changed.
    current.cookie = session.cookie;
    this.sessions[sid] = JSON.stringify(current);
  }
  defer(callback);
};

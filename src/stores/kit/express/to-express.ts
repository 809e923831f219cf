import { EventEmitter } from 'node:events';
import { SessionConflictError } from '../../../errors.js';
import type { JsonObject, SessionPatch, SessionRecord, SessionStore } from '../../../types.js';
import { KeyQueue } from '../key-queue.js';
import { SATCHEL_META_KEY, SATCHEL_STORE, SAVE_EXISTING, expiresOf, isObject, type Callback } from './shared.js';

/** Options of {@link toExpressStore} and {@link bindExpressStore}. */
export interface ToExpressStoreOptions {
  /**
   * express-session's `Store` (`session.Store`, or satchel/express-session's): the adapter
   * inherits `regenerate`/`load`/`createSession` from it, which the express-session middleware
   * needs. Without it the adapter is a plain EventEmitter with the callback methods only.
   */
  Store?: new () => object;
  /**
   * Store key for an express-session id. express-session's own stores keep sids unhashed;
   * pass e.g. a SHA-256 function to keep raw ids out of the backend (SID-05).
   * @default the sid itself
   */
  key?: (sid: string) => string;
  /**
   * Lifetime of a session whose cookie has no `expires` (a browser-session cookie).
   * @default 86400000 (one day)
   */
  defaultMaxAge?: number;
  /** @default Date.now */
  now?: () => number;
  /**
   * A record without a `cookie` key (written by satchel's own engine, not by express-session)
   * gets one built from its `expiresAt` on load, because express-session cannot load a session
   * without it. `false` hands it over as stored (express-session then fails the request, which its
   * own test suite expects).
   * @default true
   */
  synthesizeCookie?: boolean;
}

/** What {@link toExpressStore} returns: an express-session store backed by a satchel store. */
export interface ExpressCompatibleStore extends EventEmitter {
  get(sid: string, callback?: Callback<JsonObject | undefined>): void;
  set(sid: string, session: unknown, callback?: Callback<void>): void;
  destroy(sid: string, callback?: Callback<void>): void;
  touch(sid: string, session: unknown, callback?: Callback<void>): void;
  /** Present when the satchel store has `all`: sessions keyed by store key, like express-session's MemoryStore. */
  all?(callback?: Callback<Record<string, JsonObject>>): void;
  ids?(callback?: Callback<string[]>): void;
  length?(callback?: Callback<number>): void;
  clear?(callback?: Callback<void>): void;
}

/**
 * Makes a satchel store usable as the `store` of the real express-session middleware (or of
 * satchel/express-session). express-session's blind `set` becomes satchel's update of the
 * changed top-level keys (falling back to create), its `touch` an update-only write of the
 * `cookie` key and expiry, so a touch never re-creates a destroyed session.
 *
 * @example
 * import session from 'express-session';
 * import { SqliteStore } from 'satchel/sqlite';
 * app.use(session({ secret, store: toExpressStore(new SqliteStore({ db }), { Store: session.Store }) }));
 */
export function toExpressStore(store: SessionStore, options: ToExpressStoreOptions = {}): ExpressCompatibleStore {
  const target = options.Store ? (Reflect.construct(options.Store, []) as EventEmitter) : new EventEmitter();
  return bindExpressStore(target, store, options);
}

/**
 * Installs the express-session callback methods of `store` on an existing object, e.g. inside a
 * function-style `Store` subclass constructor after `Store.call(this)`.
 */
export function bindExpressStore<T extends object>(target: T, store: SessionStore, options: ToExpressStoreOptions = {}): T & ExpressCompatibleStore {
  const keyOf = options.key ?? ((sid: string) => sid);
  const now = options.now ?? Date.now;
  const defaultMaxAge = options.defaultMaxAge ?? 86_400_000;
  const synthesize = options.synthesizeCookie ?? true;
  const queue = new KeyQueue();
  // `mayCreate: false` is the update-only save of a session known to exist (SAVE_EXISTING).
  const write = (sid: string, session: unknown, mayCreate: boolean) => {
    const key = keyOf(sid);
    return queue.run(key, async () => {
      const data = toData(session);
      const at = now();
      const expiresAt = expiresOf(data.cookie) ?? at + defaultMaxAge;
      // Two rounds: a concurrent writer elsewhere may create or destroy in between.
      for (let round = 0; round < 2; round++) {
        const current = await store.get(key);
        if (current) {
          if (await store.update(key, diff(current.data, data, expiresAt, at))) return;
        } else if (!mayCreate) {
          return;
        } else if (await store.create(key, { data, expiresAt, createdAt: at, lastSeenAt: at, userId: null, userAgent: null })) {
          return;
        }
      }
      // No part of the sid: it is the session's bearer credential, and messages end up in logs.
      throw new SessionConflictError('the session was created or destroyed by another writer during both save attempts; the save was not applied');
    });
  };
  const methods: Partial<ExpressCompatibleStore> = {
    get(sid, callback) {
      toCallback(
        store.get(keyOf(sid)).then((record) => (record ? toExpress(record, now(), synthesize) : undefined)),
        callback,
      );
    },
    set(sid, session, callback) {
      toCallback(write(sid, session, true), callback);
    },
    destroy(sid, callback) {
      const key = keyOf(sid);
      toCallback(queue.run(key, () => store.destroy(key)), callback);
    },
    touch(sid, session, callback) {
      const key = keyOf(sid);
      toCallback(
        queue.run(key, async () => {
          const cookie = isObject(session) ? toData({ cookie: session.cookie }).cookie : undefined;
          const at = now();
          const expiresAt = expiresOf(cookie) ?? at + defaultMaxAge;
          // Update-only: a touch arriving after destroy must not bring the session back (TM-03).
          const patch: SessionPatch = { set: cookie === undefined ? {} : { cookie }, unset: [], expiresAt, lastSeenAt: at };
          await store.update(key, patch);
        }),
        callback,
      );
    },
  };
  if (store.all) {
    methods.all = (callback) =>
      toCallback(
        store.all!().then((entries) => {
          const out: Record<string, JsonObject> = {};
          for (const { key, record } of entries) out[key] = toExpress(record, now(), synthesize);
          return out;
        }),
        callback,
      );
  }
  if (store.ids) methods.ids = (callback) => toCallback(store.ids!(), callback);
  if (store.length) methods.length = (callback) => toCallback(store.length!(), callback);
  if (store.clear) methods.clear = (callback) => toCallback(store.clear!(), callback);
  Object.assign(target, methods);
  Object.defineProperty(target, SATCHEL_STORE, { value: store });
  Object.defineProperty(target, SAVE_EXISTING, {
    value: (sid: string, session: unknown, callback?: Callback<void>) => toCallback(write(sid, session, false), callback),
  });
  return target as T & ExpressCompatibleStore;
}

/**
 * The store API's promise → Node-callback adaptor (not lifecycle/settle.ts's rule for session methods:
 * no event here, the callback is express-session's own). The result is handed over outside the
 * promise chain, so an exception thrown by the callback surfaces normally instead of being swallowed.
 */
function toCallback<T>(promise: Promise<T>, callback: Callback<T> | undefined): void {
  promise.then(
    (value) => process.nextTick(() => callback?.(null, value)),
    (error: unknown) => process.nextTick(() => callback?.(error)),
  );
}

/** The session as plain JSON (express-session's Session/Cookie serialize through toJSON). */
function toData(session: unknown): JsonObject {
  const data: unknown = JSON.parse(JSON.stringify(session ?? {}));
  if (!isObject(data)) return {};
  delete data[SATCHEL_META_KEY];
  return data;
}

/** The express session for a record; reserved keys are dropped, a missing cookie is synthesized. */
function toExpress(record: SessionRecord, now: number, synthesize: boolean): JsonObject {
  const session = record.data;
  delete session[SATCHEL_META_KEY];
  if (synthesize && !isObject(session.cookie)) {
    session.cookie = { originalMaxAge: record.expiresAt - now, expires: new Date(record.expiresAt).toISOString(), httpOnly: true, path: '/' };
  }
  return session;
}

function diff(current: JsonObject, next: JsonObject, expiresAt: number, lastSeenAt: number): SessionPatch {
  const set: JsonObject = {};
  for (const key of Object.keys(next)) {
    if (!Object.hasOwn(current, key) || JSON.stringify(current[key]) !== JSON.stringify(next[key])) {
      Object.defineProperty(set, key, { value: next[key], enumerable: true, writable: true, configurable: true });
    }
  }
  const unset = Object.keys(current).filter((key) => !Object.hasOwn(next, key));
  return { set, unset, expiresAt, lastSeenAt };
}

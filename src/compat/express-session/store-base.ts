import { EventEmitter } from 'node:events';
import { inherits } from 'node:util';
import { SessionOptionsError } from '../../errors.js';

/** Node-style callback. */
export type StoreCallback<T = void> = (err?: any, value?: T) => void;

/** A session as an express-session store holds it: data plus a serialisable `cookie`. */
export interface StoredSessionData {
  cookie: { expires?: Date | string | null; originalMaxAge?: number | null; [key: string]: unknown };
  [key: string]: unknown;
}

/** The request fields the store helpers read and write (express-session's `req`). */
export interface StoreRequest {
  sessionID: string;
  sessionStore: Store;
  session?: object;
  [key: string]: unknown;
}

/** The cookie object `createSession` builds; express-session's `Cookie`. */
export interface CookieInstance {
  expires?: Date | null;
  originalMaxAge?: number | null;
}

/**
 * The engine classes `createSession` needs. The express-session drop-in registers its own
 * `Session(req, data)` and `Cookie(options)` through {@link registerSessionClasses}: this
 * module cannot import them (the engine sits above `compat/store`), so that call is the seam.
 */
export interface SessionClasses {
  Cookie: new (options?: Record<string, unknown>) => CookieInstance;
  Session: new (req: StoreRequest, data: StoredSessionData) => object;
}

/**
 * express-session's abstract store. Subclasses provide `get`/`set`/`destroy` (required),
 * `touch`, `all`, `clear`, `length` (optional); the middleware assigns `generate`.
 */
export interface Store extends EventEmitter {
  get?(sid: string, callback: StoreCallback<StoredSessionData | null | undefined>): void;
  set?(sid: string, session: StoredSessionData, callback?: StoreCallback): void;
  destroy?(sid: string, callback?: StoreCallback): void;
  touch?(sid: string, session: StoredSessionData, callback?: StoreCallback): void;
  all?(callback: StoreCallback<unknown>): void;
  clear?(callback?: StoreCallback): void;
  length?(callback: StoreCallback<number>): void;
  /** Assigned by the session middleware: gives `req` a new id, session and cookie. */
  generate?(req: StoreRequest): void;
  /** Destroys `req.sessionID`, then generates a new empty session; `fn(destroyError)`. */
  regenerate(req: StoreRequest, fn: StoreCallback): void;
  /** `get` + `createSession` for a bare id: `fn(err)`, `fn()` when missing, or `fn(null, session)`. */
  load(sid: string, fn: StoreCallback<object>): void;
  /** Revives stored data into `req.session` (a `Session` with a real `Cookie`) and returns it. */
  createSession(req: StoreRequest, session: StoredSessionData): object;
}

/** The constructor: usable with `new`, `class … extends Store`, or `Store.call(this)`. */
export interface StoreConstructor {
  new (): Store;
  (this: unknown): Store | void;
  readonly prototype: Store;
}

let registered: SessionClasses | undefined;

/**
 * Tells `Store.prototype.createSession` which `Session` and `Cookie` classes to build. The
 * express-session drop-in entry calls this once when it loads; the last call wins.
 *
 * @example
 * registerSessionClasses({ Session, Cookie });
 */
export function registerSessionClasses(classes: SessionClasses): void {
  registered = classes;
}

function sessionClasses(): SessionClasses {
  if (!registered) {
    throw new SessionOptionsError(
      'Store.createSession needs the Session and Cookie classes: load satchel/express-session first, or call registerSessionClasses({ Session, Cookie })',
    );
  }
  return registered;
}

const initEmitter = EventEmitter as unknown as (this: unknown) => void;

/**
 * express-session's `Store` base, callable without `new`: third-party stores are written as
 * `function MyStore() { Store.call(this) }` plus `util.inherits(MyStore, Store)`, which an ES
 * class would reject. Inherits `EventEmitter` (the middleware listens for `connect` and
 * `disconnect`).
 *
 * @example
 * function RedisStore(opts) { Store.call(this); this.client = opts.client; }
 * util.inherits(RedisStore, Store);
 */
export const Store = function Store(this: unknown): Store | void {
  // A bare `Store()` call has no receiver to initialise; give it an instance instead.
  if (this === undefined || this === null || this === globalThis) return new (Store as StoreConstructor)();
  initEmitter.call(this);
} as unknown as StoreConstructor;

inherits(Store, EventEmitter);

Store.prototype.regenerate = function regenerate(this: Store, req, fn) {
  this.destroy!(req.sessionID, (err?: unknown) => {
    this.generate!(req);
    fn(err);
  });
};

Store.prototype.load = function load(this: Store, sid, fn) {
  this.get!(sid, (err, session) => {
    if (err) return fn(err);
    if (!session) return fn();
    const req: StoreRequest = { sessionID: sid, sessionStore: this };
    fn(null, this.createSession(req, session));
  });
};

Store.prototype.createSession = function createSession(this: Store, req, session) {
  const { Session, Cookie } = sessionClasses();
  // Reading `.cookie` of a record without one throws a TypeError, as upstream does (its
  // suite expects a 500 for that case).
  const expires = session.cookie.expires;
  const originalMaxAge = session.cookie.originalMaxAge;
  session.cookie = new Cookie(session.cookie) as StoredSessionData['cookie'];
  if (typeof expires === 'string') session.cookie.expires = new Date(expires);
  session.cookie.originalMaxAge = originalMaxAge;
  req.session = new Session(req, session);
  return req.session;
};

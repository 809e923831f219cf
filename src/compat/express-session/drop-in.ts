import { Store, registerSessionClasses } from './store-base.js';
import type { StoreConstructor } from './store-base.js';
import { Cookie } from './cookie.js';
import { MemoryStore } from './memory-store.js';
import type { MemoryStoreConstructor } from './memory-store.js';
import { session as createMiddleware } from './middleware.js';
import type { ExpressSessionMiddleware } from './middleware.js';
import type { ExpressSessionOptions } from './options.js';
import { Session } from './session.js';

// Store.prototype.createSession (load, reload) builds this module's Session and Cookie.
registerSessionClasses({ Session: Session as never, Cookie: Cookie as never });

/** The shape of `require('express-session')`: the factory with its classes attached. */
export interface ExpressSession {
  (options?: ExpressSessionOptions): ExpressSessionMiddleware;
  /** Base of express-session stores; callable as `Store.call(this)`. */
  readonly Store: StoreConstructor;
  /** The `req.session` class. */
  readonly Session: typeof Session;
  /** The `req.session.cookie` class. */
  readonly Cookie: typeof Cookie;
  /** The in-process development store. */
  readonly MemoryStore: MemoryStoreConstructor;
}

/**
 * `satchel/express-session`: a drop-in for `express-session` 1.19.
 *
 * @example
 * const session = require('satchel/express-session');
 * app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false, store: new session.MemoryStore() }));
 */
const session: ExpressSession = Object.assign(
  function session(options?: ExpressSessionOptions): ExpressSessionMiddleware {
    return createMiddleware(options);
  },
  { Store, Session, Cookie, MemoryStore },
);

export default session;

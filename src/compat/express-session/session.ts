import type { IncomingMessage } from 'node:http';
import { Store } from './store-base.js';
import type { Cookie } from './cookie.js';

/** Node-style callback of the session methods. */
export type SessionCallback = (err?: any) => void;

/** The request fields a drop-in `Session` reads: its id and the store it came from. */
export interface SessionRequest extends IncomingMessage {
  sessionID?: unknown;
  sessionStore?: Store;
  session?: Session | null;
  [key: string]: unknown;
}

const noop = (): void => {};

function storeOf(session: Session): Store {
  return session.req.sessionStore as Store;
}

/**
 * express-session 1.19's `req.session`: the data as enumerable own keys plus `cookie`; `id`,
 * `req` and every method are non-enumerable, so `JSON.stringify(req.session)` is what is stored.
 * Methods take node callbacks and return the session.
 *
 * @example
 * req.session.views = (req.session.views ?? 0) + 1;
 * req.session.save((err) => res.redirect('/'));
 */
export class Session {
  declare readonly id: string;
  declare readonly req: SessionRequest;
  declare cookie: Cookie;
  [key: string]: unknown;

  constructor(req: SessionRequest, data?: object | null) {
    Object.defineProperty(this, 'req', { value: req });
    Object.defineProperty(this, 'id', { value: req.sessionID });
    if (typeof data === 'object' && data !== null) {
      // Stored keys named like a method (or `id`/`req`) must not replace it.
      for (const key in data) {
        if (!(key in this)) this[key] = (data as Record<string, unknown>)[key];
      }
    }
  }

  /** Restarts the cookie lifetime (`maxAge = originalMaxAge`); run before the cookie is sent. */
  touch(): this {
    return this.resetMaxAge();
  }

  /** Sets `cookie.maxAge` back to `cookie.originalMaxAge`. */
  resetMaxAge(): this {
    this.cookie.maxAge = this.cookie.originalMaxAge;
    return this;
  }

  /** Writes the session to the store now (the end-of-request save then skips it if unchanged). */
  save(fn?: SessionCallback): this {
    storeOf(this).set!(this.id, this as never, fn ?? noop);
    return this;
  }

  /** Replaces `req.session` with the stored copy; `failed to load session` when it is gone. */
  reload(fn: SessionCallback): this {
    const req = this.req;
    const store = storeOf(this);
    store.get!(this.id, (err, stored) => {
      if (err) return fn(err);
      if (!stored) return fn(new Error('failed to load session'));
      // Always satchel's createSession (see RequestFlow.inflate), whatever the store inherits.
      Store.prototype.createSession.call(store, req as never, stored);
      fn();
    });
    return this;
  }

  /** Deletes the session from the store and unsets `req.session` (the cookie is left alone). */
  destroy(fn?: SessionCallback): this {
    delete this.req.session;
    // Never a missing callback: promise-based stores (connect-redis) throw the error without one,
    // and the promise nobody awaits then crashes the process (audit M1).
    storeOf(this).destroy!(this.id, fn ?? noop);
    return this;
  }

  /** Destroys this session and puts a new empty one under a new id on `req.session`. */
  regenerate(fn: SessionCallback): this {
    storeOf(this).regenerate(this.req as never, fn);
    return this;
  }
}

/**
 * Express (4 and 5) switches every request onto its app's request prototype, which gives each
 * request a hidden class of its own: every own property a middleware then adds copies that class,
 * about 2 µs a property (bench/probe/property-adds.ts). Of the three properties `session()` puts
 * on `req`, two need not be own: `req.sessionStore` is the same for every request of a
 * middleware, and `req.sessionID` is always `req.session.id`. Both live on the app's request
 * prototype instead, defined once per prototype; only `req.session` stays own.
 *
 * A prototype already carrying another middleware's store (two `session()` on one app), or one
 * that is not an Express app's (no own `app`), keeps the own properties: what a request reads is
 * the same either way.
 */
import { Session } from '../../lifecycle/stored/session.js';

// Express's app.request → the store its `sessionStore` gives.
const carried = new WeakMap<object, unknown>();

// `this.session.id` of satchel's server-side session; any other session (or none) has no id here.
const sessionIdAccessor: PropertyDescriptor = {
  configurable: true,
  enumerable: false,
  get(this: { session?: unknown }) {
    const session = this.session;
    return session instanceof Session ? session.id : undefined;
  },
  // What someone else assigns (another session library, an app) becomes that request's own value.
  set(this: object, value: unknown) {
    Object.defineProperty(this, 'sessionID', { value, writable: true, enumerable: true, configurable: true });
  },
};

/**
 * Gives `req` its `sessionStore` through its prototype when it can (true); false means the caller
 * sets the own properties as before.
 */
export function storeOnPrototype(req: object, store: unknown): boolean {
  const proto = Object.getPrototypeOf(req) as object | null;
  if (proto === null) return false;
  const known = carried.get(proto);
  if (known !== undefined) return known === store;
  const own = (name: string) => Object.prototype.hasOwnProperty.call(proto, name);
  if (!own('app') || own('sessionStore') || own('sessionID')) return false;
  Object.defineProperty(proto, 'sessionStore', { value: store, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(proto, 'sessionID', sessionIdAccessor);
  carried.set(proto, store);
  return true;
}

/** Whether `req.sessionID` already follows `req.session` (through its prototype) with nothing to set. */
export function idFollowsSession(req: object): boolean {
  return carried.has(Object.getPrototypeOf(req) as object) && !Object.prototype.hasOwnProperty.call(req, 'sessionID');
}

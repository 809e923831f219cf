/**
 * Express (4 and 5) switches every request onto its app's request prototype, which gives each
 * request a hidden class of its own: every own property a middleware then adds copies that class,
 * about 2–3 µs a property (bench/probe/property-adds.ts). So what need not be own lives on the
 * app's request prototype, defined once per prototype:
 * - `session()`: `req.sessionStore` (the same for every request of a middleware) and
 *   `req.sessionID` (always `req.session.id`); only `req.session` stays own.
 * - `cookieSession()`: `req.session` and `req.sessionOptions`, accessors that find the request's
 *   sealed state in a WeakMap; nothing is own.
 *
 * A prototype that already has such a property of someone else's (two `session()` with different
 * stores on one app), one that is not an Express app's (no own `app`), or a mounted sub-app's
 * (the request leaves it for the parent's later routes) keeps the own properties: what a request
 * reads is the same either way.
 */
import { Session } from '../../lifecycle/stored/session.js';
import type { SealedRequest } from '../../lifecycle/sealed/request.js';
import { ownValue, sealedAccessors } from '../common/prototype-accessors.js';

// The request prototype of an app that is not mounted in another: a mounted app's prototype is left
// when the request goes back to its parent (whose prototype the mounted one inherits from, not the
// other way round), and what it carried would be gone for the parent's later routes.
export function rootAppPrototype(proto: object): boolean {
  if (!Object.hasOwn(proto, 'app')) return false;
  const app: unknown = (proto as { app?: unknown }).app;
  return typeof app === 'function' && (app as { parent?: unknown }).parent === undefined;
}

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
    ownValue(this, 'sessionID', value);
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
  if (!rootAppPrototype(proto) || Object.hasOwn(proto, 'sessionStore') || Object.hasOwn(proto, 'sessionID')) return false;
  Object.defineProperty(proto, 'sessionStore', { value: store, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(proto, 'sessionID', sessionIdAccessor);
  carried.set(proto, store);
  return true;
}

/** Whether `req.sessionID` already follows `req.session` (through its prototype) with nothing to set. */
export function idFollowsSession(req: object): boolean {
  return carried.has(Object.getPrototypeOf(req) as object) && !Object.hasOwn(req, 'sessionID');
}

// A request's sealed state, for the accessors below; gone with the request.
const sealedStates = new WeakMap<object, SealedRequest>();
const sealedPrototypes = new WeakSet<object>();

const accessors = sealedAccessors((req) => sealedStates.get(req), false);

/**
 * Exposes a cookieSession() state as `req.session`/`req.sessionOptions` through the request's
 * prototype when it can (true); false means the caller defines them on the request.
 */
export function sealedOnPrototype(req: object, state: SealedRequest): boolean {
  if (Object.hasOwn(req, 'session') || Object.hasOwn(req, 'sessionOptions')) return false;
  const proto = Object.getPrototypeOf(req) as object | null;
  if (proto === null) return false;
  if (!sealedPrototypes.has(proto)) {
    if (!rootAppPrototype(proto) || Object.hasOwn(proto, 'session') || Object.hasOwn(proto, 'sessionOptions')) return false;
    Object.defineProperties(proto, accessors);
    sealedPrototypes.add(proto);
  }
  sealedStates.set(req, state);
  return true;
}

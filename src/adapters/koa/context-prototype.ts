/**
 * Koa's `cookieSession()` exposes `ctx.session` and `ctx.sessionOptions` as accessors on the app's
 * context prototype (`app.context`, which every ctx is created from), defined once per app. Defined
 * on each ctx instead, with that request's getter and setter, they cost the ctx its hidden class:
 * V8 cannot share a map between objects whose accessor pairs differ, so from the second request on
 * every ctx was a dictionary-mode object and each read of it (Koa's own `ctx.body`, `ctx.response`,
 * the app's) went the slow way. The request's sealed state sits in one symbol-keyed slot instead,
 * the same own property on every ctx.
 *
 * A ctx that already has its own `session` or `sessionOptions`, or whose prototype is not its app's
 * context or carries someone else's accessor there (koa-session), keeps the per-ctx properties:
 * what a request reads is the same either way.
 */
import type { SealedRequest } from '../../lifecycle/sealed/request.js';
import { sealedAccessors } from '../common/prototype-accessors.js';

const STATE = Symbol('satchel.koa.sealed-state');

type Slot = { [STATE]?: SealedRequest };

const accessors = sealedAccessors((ctx) => (ctx as Slot)[STATE], true);

const prototypes = new WeakSet<object>();

/**
 * Exposes `state` as `ctx.session`/`ctx.sessionOptions` through the app's context prototype when
 * it can (true); false means the caller defines them on the ctx.
 */
export function sealedOnContext(ctx: object, state: SealedRequest): boolean {
  if (Object.hasOwn(ctx, 'session') || Object.hasOwn(ctx, 'sessionOptions')) return false;
  const proto = Object.getPrototypeOf(ctx) as object | null;
  if (proto === null) return false;
  if (!prototypes.has(proto)) {
    // Only a Koa app's own context object: never a prototype other objects share (Object.prototype).
    if (proto !== (ctx as { app?: { context?: unknown } }).app?.context) return false;
    if (Object.hasOwn(proto, 'session') || Object.hasOwn(proto, 'sessionOptions')) return false;
    Object.defineProperties(proto, accessors);
    prototypes.add(proto);
  }
  (ctx as Slot)[STATE] = state;
  return true;
}

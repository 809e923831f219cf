import type { MiddlewareHandler } from 'hono';
import { flashFor, type Flash } from '../../flash/flash.js';

/** The Hono `Env` of an app using {@link flash}: `c.get('flash')` is typed (intersect with `SessionEnv`). */
export interface FlashEnv {
  Variables: {
    /** connect-flash's `req.flash`, on this request's `c.get('session')`. */
    flash: Flash;
  };
}

/**
 * Flash messages for Hono: `app.use(flash())` after `session()` or `cookieSession()` sets
 * `c.get('flash')`, connect-flash's `flash(type, message)` / `flash(type)` / `flash()`, stored
 * under the session's `flash` key. Reading an empty flash writes nothing.
 *
 * @example
 * const app = new Hono<SessionEnv & FlashEnv>();
 * app.use(session({ secret, store }));
 * app.use(flash());
 * app.post('/save', (c) => { c.get('flash')('info', 'Saved'); return c.redirect('/'); });
 */
export function flash(): MiddlewareHandler<FlashEnv> {
  return async function flashMiddleware(c, next) {
    // Read at call time: regenerate and logout replace the session in c.var.
    c.set('flash', flashFor(() => (c as unknown as { get(key: 'session'): unknown }).get('session')));
    await next();
  };
}

import type { Context, Next } from 'koa';
import { flashFor } from '../../flash/flash.js';

/**
 * Flash messages for Koa: `app.use(flash())` after `session()` or `cookieSession()` gives
 * `ctx.flash(type, message)` / `ctx.flash(type)` / `ctx.flash()` with connect-flash's semantics,
 * stored under `ctx.session.flash`. Reading an empty flash writes nothing.
 *
 * @example
 * app.use(session({ secret, store }));
 * app.use(flash());
 * app.use((ctx) => { ctx.flash('info', 'Saved'); ctx.redirect('/'); });
 */
export function flash(): (ctx: Context, next: Next) => Promise<void> {
  return function flashMiddleware(ctx, next) {
    // Bound to the context: regenerate and logout replace ctx.session.
    (ctx as unknown as { flash: unknown }).flash = flashFor(() => (ctx as unknown as { session?: unknown }).session);
    return next();
  };
}

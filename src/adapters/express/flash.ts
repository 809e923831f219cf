import type { NextFunction, Request, Response } from 'express';
import { flashFor } from '../../flash/flash.js';

/**
 * connect-flash's middleware for satchel: `app.use(flash())` after `session()` or
 * `cookieSession()` gives every request `req.flash(type, message)` / `req.flash(type)` /
 * `req.flash()`, stored under `req.session.flash`, so views written for connect-flash work
 * unchanged. Reading an empty flash writes nothing (no session is created for it).
 *
 * @example
 * app.use(session({ secret, store }));
 * app.use(flash());
 * app.post('/profile', (req, res) => { req.flash('info', 'Saved %s', req.body.name); res.redirect('/'); });
 * app.get('/', (req, res) => res.render('home', { messages: req.flash() }));
 */
export function flash(): (req: Request, res: Response, next: NextFunction) => void {
  return function flashMiddleware(req, _res, next) {
    // Bound to the request, not to today's session: regenerate and logout replace req.session.
    (req as unknown as { flash: unknown }).flash = flashFor(() => (req as unknown as { session?: unknown }).session);
    next();
  };
}
